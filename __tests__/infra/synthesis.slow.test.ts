import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { synthesize } from '../../infra/app';
import { findProjectRoot } from '../../infra/project-root';
import { aslValidationErrors } from '../helpers/asl-validator';
import { synthesizedStack } from '../helpers/shared-synthesis';

const PROJECT_ROOT = findProjectRoot(__dirname);
const STACK = 'image-classification-workflow';

describe('synthesis, the main job', () => {
  const outdirs: string[] = [];
  const freshOutdir = () => {
    const outdir = mkdtempSync(join(tmpdir(), 'synth-'));
    outdirs.push(outdir);
    return outdir;
  };
  afterAll(() => outdirs.forEach((outdir) => rmSync(outdir, { recursive: true, force: true })));

  it('writes the stack JSON, the four zips, the definition and the diagram with no input at all', () => {
    const { outdir, stackDir, artifacts } = synthesizedStack();

    expect(stackDir).toBe(join(outdir, 'stacks', STACK));
    expect(existsSync(join(stackDir, 'cdk.tf.json'))).toBe(true);
    const zips = readdirSync(join(stackDir, 'assets'), { recursive: true }).filter((file) => String(file).endsWith('.zip'));
    expect(zips.map((file) => String(file).split('/').pop()).sort()).toStrictEqual([
      'classifyImageData.zip',
      'filterInferenceData.zip',
      'serializeImageData.zip',
      'summarizeBatchResults.zip',
    ]);
    expect(artifacts.map((path) => relative(outdir, path).replace(/[0-9A-F]{32}/, '<hash>'))).toStrictEqual([
      `stacks/${STACK}/cdk.tf.json`,
      'manifest.json',
      `stacks/${STACK}/assets/serialize_code_A13EDB8F/<hash>/serializeImageData.zip`,
      `stacks/${STACK}/assets/classify_code_ADAFA94E/<hash>/classifyImageData.zip`,
      `stacks/${STACK}/assets/filter_code_B42DAF0C/<hash>/filterInferenceData.zip`,
      expect.stringMatching(new RegExp(`^stacks/${STACK}/assets/summarize_code_\\w+/<hash>/summarizeBatchResults\\.zip$`)),
      `stacks/${STACK}/tests/main.tftest.hcl`,
      `stacks/${STACK}/tests/variables.tftest.hcl`,
      `stacks/${STACK}/state-machine.asl.json`,
      `stacks/${STACK}/workflow.mmd`,
    ]);
    for (const path of artifacts) expect(existsSync(path)).toBe(true);
    const definition = readFileSync(join(stackDir, 'state-machine.asl.json'), 'utf8');
    expect(aslValidationErrors(definition)).toBe('');
    expect(definition).toContain('"FunctionName": "${aws_lambda_function.');
    const configuration = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource: { aws_sfn_state_machine: Record<string, { definition: string }> };
    };
    expect(definition).toBe(
      `${Object.values(configuration.resource.aws_sfn_state_machine).find((machine) => !machine.definition.includes('"DISTRIBUTED"'))!.definition}\n`,
    );
    expect(readFileSync(join(stackDir, 'workflow.mmd'), 'utf8')).toMatch(/^flowchart TD\n/);
  });

  it('keeps no path of the synthesizing machine in the configuration', () => {
    const { stackDir } = synthesizedStack();

    const configuration = readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8');
    expect(JSON.parse(configuration).terraform.backend).toStrictEqual({ local: { path: `../../../terraform.${STACK}.tfstate` } });
    expect(configuration).not.toContain(PROJECT_ROOT);
    expect(configuration).not.toContain(tmpdir());
  });

  it('writes HCL when asked, as `cdktf synth --hcl` does', () => {
    const { stackDir } = synthesizedStack({ hclOutput: true });

    const hcl = readFileSync(join(stackDir, 'cdk.tf'), 'utf8');
    expect(existsSync(join(stackDir, 'cdk.tf.json'))).toBe(false);
    expect(hcl).toContain('variable "notification_email" {');
    expect(hcl).toContain('resource "aws_sfn_state_machine"');
    expect(existsSync(join(stackDir, 'state-machine.asl.json'))).toBe(true);
  });

  it("removes the other format's configuration, so that Terraform never reads both", () => {
    const outdir = freshOutdir();
    const files = (stackDir: string) =>
      readdirSync(stackDir)
        .filter((name) => name.startsWith('cdk.') || name === 'metadata.json')
        .sort();
    const json = synthesizedStack();
    // A copy of the JSON synthesis, to synthesize over as a second `npm run synth` would.
    cpSync(json.outdir, outdir, { recursive: true });

    const hcl = synthesize(PROJECT_ROOT, { outdir, hclOutput: true, env: {} });
    const hclFiles = files(hcl.stackDir);
    const jsonAgain = synthesize(PROJECT_ROOT, { outdir, env: {} });

    expect(files(json.stackDir)).toStrictEqual(['cdk.tf.json']);
    expect(hclFiles).toStrictEqual(['cdk.tf', 'metadata.json']);
    expect(hcl.artifacts.slice(0, 2)).toStrictEqual([join(hcl.stackDir, 'cdk.tf'), join(hcl.stackDir, 'metadata.json')]);
    expect(files(jsonAgain.stackDir)).toStrictEqual(['cdk.tf.json']);
  });

  it('exits non-zero listing every bad synth option, without writing anything', async () => {
    const run = promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, IMAGE_WORKFLOW_TYPE: 'FAST', IMAGE_WORKFLOW_REGION: 'nowhere', CDKTF_OUTDIR: freshOutdir() },
    });

    const failure = await run.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('Invalid synthesis options (2):');
    expect(failure?.stderr).toContain('- IMAGE_WORKFLOW_REGION must be an AWS region such as us-east-1, got: "nowhere"');
    expect(failure?.stderr).toContain('- IMAGE_WORKFLOW_TYPE must be one of STANDARD, EXPRESS, got: "FAST"');
    expect(readdirSync(outdirs.at(-1)!)).toStrictEqual([]);
  }, 20_000);
});
