import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { startArtifactFunctions } from '../../local/synthesized-workflow';
import type { ArtifactFunctions, SynthesizedWorkflow } from '../../local/synthesized-workflow';

/** A function that says which process served it, what its setting was at init, and how many invocations that process served. */
const HANDLER_SOURCE = `
const setting = process.env.SETTING;
let served = 0;
exports.handler = async () => ({ pid: process.pid, setting, served: ++served });
`;

interface Served {
  readonly pid: number;
  readonly setting: string;
  readonly served: number;
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The functions of a deployment across `terraform apply`s (update): a function whose environment
 * the new variables change serves from a new container (its old one stopped), as Lambda does after
 * UpdateFunctionConfiguration; one they leave alone keeps its warm container.
 */
describe('startArtifactFunctions', () => {
  const folder = mkdtempSync(join(tmpdir(), 'artifact-functions-'));
  const zipPath = join(folder, 'function.zip');
  writeFileSync(zipPath, zipSync({ 'index.js': strToU8(HANDLER_SOURCE) }));
  const fn = (resourceId: string, setting: string) => ({
    resourceId,
    functionName: resourceId,
    zipPath,
    handler: 'index.handler',
    environment: { SETTING: setting },
  });
  const workflow: SynthesizedWorkflow = {
    functions: [fn('classify', '${var.endpoint_name}'), fn('notify', 'fixed')],
    definition: '{}',
    batchDefinition: undefined,
    triggers: [],
    tables: [],
    variableDefaults: { endpoint_name: 'first' },
    objects: [],
    listBucketGrants: [],
    readableObjects: [],
  };
  let functions: ArtifactFunctions | undefined;

  afterEach(async () => {
    await functions?.stop();
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const invoke = (name: string) => functions!.functions[`\${aws_lambda_function.${name}.arn}`]!({}) as Promise<Served>;

  it('serves a function whose environment an update changes from a new container, stopping the old, and keeps the others warm', async () => {
    functions = await startArtifactFunctions(workflow, { variables: {}, awsEnvironment: {}, workDir: join(folder, 'work') });
    const before = { classify: await invoke('classify'), notify: await invoke('notify') };

    await functions.update({ endpoint_name: 'second' });
    const after = { classify: await invoke('classify'), notify: await invoke('notify') };

    expect(before).toMatchObject({ classify: { setting: 'first', served: 1 }, notify: { setting: 'fixed', served: 1 } });
    expect(after).toMatchObject({
      classify: { setting: 'second', served: 1 },
      notify: { pid: before.notify.pid, setting: 'fixed', served: 2 },
    });
    expect(after.classify.pid).not.toBe(before.classify.pid);
    expect(isRunning(before.classify.pid)).toBe(false);
  });

  it('keeps every container warm through an update that changes no environment', async () => {
    functions = await startArtifactFunctions(workflow, { variables: {}, awsEnvironment: {}, workDir: join(folder, 'work') });
    const before = await invoke('classify');

    await functions.update({ endpoint_name: 'first' });

    expect(await invoke('classify')).toStrictEqual({ ...before, served: 2 });
  });
});
