import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSynthOutput } from '../../../scripts/plan-summary/errors';
import { planStacks } from '../../../scripts/plan-summary/stack-matrix';
import { thrownBy } from '../../helpers/thrown-by';

let out: string;

function writeStack(name: string, config: unknown): { name: string; workingDirectory: string; synthesizedStackPath: string } {
  mkdirSync(join(out, 'stacks', name), { recursive: true });
  writeFileSync(join(out, 'stacks', name, 'cdk.tf.json'), JSON.stringify(config));
  return { name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
}

function writeManifest(stacks: readonly unknown[]): void {
  writeFileSync(
    join(out, 'manifest.json'),
    JSON.stringify({ version: '0.21.0', stacks: Object.fromEntries(stacks.map((stack, index) => [`s${index}`, stack])) }),
  );
}

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe('planStacks', () => {
  it("lists every stack of the manifest with its folder, backend and the default provider's region", () => {
    writeManifest([
      writeStack('production', {
        terraform: { backend: { s3: { bucket: 'state', key: 'production.tfstate' } } },
        provider: { aws: [{ alias: 'replica', region: 'eu-west-1' }, { region: 'eu-central-1' }] },
      }),
      writeStack('dev', { terraform: { backend: { local: { path: 'x' } } }, provider: { aws: [{ region: 'us-east-1' }] } }),
      writeStack('cloud', { terraform: { cloud: { organization: 'o' } }, provider: { aws: [{ region: '${var.region}' }] } }),
    ]);

    expect(planStacks(out)).toStrictEqual([
      { name: 'cloud', directory: join(out, 'stacks/cloud'), backend: 'cloud', region: '' },
      { name: 'dev', directory: join(out, 'stacks/dev'), backend: 'local', region: 'us-east-1' },
      { name: 'production', directory: join(out, 'stacks/production'), backend: 's3', region: 'eu-central-1' },
    ]);
  });

  it('says to synthesize first when there is no manifest', () => {
    const error = thrownBy(() => planStacks(out));

    expect(error).toBeInstanceOf(InvalidSynthOutput);
    expect(error.message).toBe(`${join(out, 'manifest.json')} does not exist: run \`npm run synth\` first`);
  });

  it('lists every broken manifest entry at once', () => {
    writeManifest([{ name: 'x' }, { name: 'gone', workingDirectory: 'stacks/gone', synthesizedStackPath: 'stacks/gone/cdk.tf.json' }]);

    const error = thrownBy(() => planStacks(out));

    expect(error).toBeInstanceOf(InvalidSynthOutput);
    expect(error.message).toBe(
      `Cannot list the stacks to plan:\n- a manifest entry lacks name, workingDirectory or synthesizedStackPath: {"name":"x"}\n- ${join(out, 'stacks/gone/cdk.tf.json')} does not exist`,
    );
  });
});
