import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { synthesize } from '../../infra/app';
import { findProjectRoot } from '../../infra/project-root';
import { InvalidSynthConfig } from '../../infra/synth-config';
import { aslValidationErrors } from '../helpers/asl-validator';
import { synthesizedStack } from '../helpers/shared-synthesis';
import { temporaryFolders } from '../helpers/temporary-folders';
import { TWO_ENVIRONMENTS, TWO_ENVIRONMENTS_S3_STATE } from '../helpers/synthesis-variants';

const PROJECT_ROOT = findProjectRoot(__dirname);
const STACK = 'image-classification-workflow';

describe('synthesis, the main job', () => {
  const freshOutdir = temporaryFolders('synth-');

  it('writes the stack JSON, the four zips, the definition and the diagram, then the module form, with no input at all', () => {
    // The shared synthesis is this one: synthesize(PROJECT_ROOT, { outdir, env: {} }) into a folder of its own.
    const { outdir, stackDir, stacks, moduleDir, artifacts, removed, notices } = synthesizedStack();

    expect(stackDir).toBe(join(outdir, 'stacks', STACK));
    // toEqual: the shared synthesis comes through JSON, which drops `environment: undefined`.
    expect(stacks).toEqual([{ stackName: STACK, environment: undefined, dir: stackDir }]);
    expect(moduleDir).toBe(join(outdir, 'modules', STACK));
    expect({ removed, notices }).toStrictEqual({ removed: [], notices: [] });
    expect(existsSync(join(stackDir, 'cdk.tf.json'))).toBe(true);
    const zips = readdirSync(join(stackDir, 'assets'), { recursive: true }).filter((file) => String(file).endsWith('.zip'));
    expect(zips.map((file) => String(file).split('/').pop()).sort()).toStrictEqual([
      'classifyImageData.zip',
      'filterInferenceData.zip',
      'serializeImageData.zip',
      'summarizeBatchResults.zip',
    ]);
    const zipsOf = (folder: string): unknown[] => [
      `${folder}/assets/serialize_code_A13EDB8F/<hash>/serializeImageData.zip`,
      `${folder}/assets/classify_code_ADAFA94E/<hash>/classifyImageData.zip`,
      `${folder}/assets/filter_code_B42DAF0C/<hash>/filterInferenceData.zip`,
      expect.stringMatching(new RegExp(`^${folder}/assets/summarize_code_\\w+/<hash>/summarizeBatchResults\\.zip$`)),
    ];
    expect(artifacts.map((path) => relative(outdir, path).replace(/[0-9A-F]{32}/, '<hash>'))).toStrictEqual([
      `stacks/${STACK}/cdk.tf.json`,
      ...zipsOf(`stacks/${STACK}`),
      `stacks/${STACK}/tests/main.tftest.hcl`,
      `stacks/${STACK}/tests/variables.tftest.hcl`,
      `stacks/${STACK}/state-machine.asl.json`,
      `stacks/${STACK}/workflow.mmd`,
      'manifest.json',
      `modules/${STACK}/cdk.tf.json`,
      ...zipsOf(`modules/${STACK}`),
      `modules/${STACK}/tests/main.tftest.hcl`,
      `modules/${STACK}/tests/variables.tftest.hcl`,
      `modules/${STACK}/tests/name_prefix.tftest.hcl`,
      `modules/${STACK}/tests/two_instances.tftest.hcl`,
      `modules/${STACK}/tests/two-instances/main.tf`,
    ]);
    expect(readdirSync(outdir).sort()).toStrictEqual(['manifest.json', 'modules', 'stacks']);
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
  }, 60_000);

  it('keeps the local state in the stack folder, and no path of the synthesizing machine in the configuration', () => {
    const { stackDir, moduleDir } = synthesizedStack();

    for (const dir of [stackDir, moduleDir]) {
      const configuration = readFileSync(join(dir, 'cdk.tf.json'), 'utf8');
      expect(configuration).not.toContain(PROJECT_ROOT);
      expect(configuration).not.toContain(tmpdir());
    }
    expect(JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')).terraform.backend).toStrictEqual({
      local: { path: 'terraform.tfstate' },
    });
  }, 60_000);

  it('writes HCL when asked, as `cdktf synth --hcl` does', () => {
    const { stackDir } = synthesizedStack({ hclOutput: true });

    const hcl = readFileSync(join(stackDir, 'cdk.tf'), 'utf8');
    expect(existsSync(join(stackDir, 'cdk.tf.json'))).toBe(false);
    expect(hcl).toContain('variable "notification_email" {');
    expect(hcl).toContain('resource "aws_sfn_state_machine"');
    expect(existsSync(join(stackDir, 'state-machine.asl.json'))).toBe(true);
  }, 60_000);

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
  }, 60_000);

  it('points at the state file of the earlier default path until the stack folder has its own', () => {
    const project = freshOutdir();
    cpSync(join(PROJECT_ROOT, 'cdktf.json'), join(project, 'cdktf.json'));
    writeFileSync(join(project, `terraform.${STACK}.tfstate`), '{}');
    const outdir = join(project, 'cdktf.out');

    const before = synthesize(project, { outdir, env: {} }).notices;
    writeFileSync(join(outdir, 'stacks', STACK, 'terraform.tfstate'), '{}');
    const after = synthesize(project, { outdir, env: {} }).notices;

    expect(before).toStrictEqual([
      `terraform.${STACK}.tfstate holds this stack's state at its earlier default path; the stack now keeps it in cdktf.out/stacks/${STACK}/terraform.tfstate: move it once with "terraform -chdir=cdktf.out/stacks/${STACK} init -migrate-state -force-copy" (README, State)`,
    ]);
    expect(after).toStrictEqual([]);
  }, 60_000);
});

describe('synthesis with environments and a remote state backend', () => {
  const freshOutdir = temporaryFolders('synth-env-');

  /** A copy of the shared two-environment synthesis, as the previous `npm run synth` into the folder. */
  const twoEnvironmentsOutdir = () => {
    const outdir = freshOutdir();
    cpSync(synthesizedStack({ context: TWO_ENVIRONMENTS_S3_STATE }).outdir, outdir, { recursive: true });
    return outdir;
  };
  const prodOnly = { CDKTF_CONTEXT_JSON: JSON.stringify({ environments: { prod: TWO_ENVIRONMENTS.prod } }) };

  type Configuration = {
    terraform: { backend: Record<string, unknown> };
    provider: { aws: { region: string; default_tags: { tags: Record<string, string> }[] }[] };
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const configurationOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as Configuration;

  it('writes one stack per environment, each with its region, tags, names and its own key in the S3 bucket, locked by S3; the manifest lists both', () => {
    const { outdir, stacks, moduleDir } = synthesizedStack({ context: TWO_ENVIRONMENTS_S3_STATE });

    expect(stacks.map(({ stackName, environment }) => ({ stackName, environment }))).toStrictEqual([
      { stackName: `${STACK}-dev`, environment: 'dev' },
      { stackName: `${STACK}-prod`, environment: 'prod' },
    ]);
    const [dev, prod] = stacks.map(({ dir }) => configurationOf(dir));
    expect(dev!.terraform.backend).toStrictEqual({
      s3: {
        bucket: 'team-tf-state',
        key: `image-classification/${STACK}-dev/terraform.tfstate`,
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(prod!.terraform.backend).toStrictEqual({
      s3: {
        bucket: 'team-tf-state',
        key: `image-classification/${STACK}-prod/terraform.tfstate`,
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(dev!.provider.aws[0]!.region).toBe('eu-west-1');
    expect(prod!.provider.aws[0]!.region).toBe('us-east-1');
    // Merging the top-level tags under an environment's is derive's rule, checked in synth-config.test.ts.
    expect(dev!.provider.aws[0]!.default_tags[0]!.tags).toStrictEqual({
      Project: 'image-classification-workflow',
      ManagedBy: 'cdktf',
    });
    expect(prod!.provider.aws[0]!.default_tags[0]!.tags).toStrictEqual({
      Project: 'image-classification-workflow',
      ManagedBy: 'cdktf',
      'cost-center': 'ml',
    });
    const functionNames = (configuration: Configuration) =>
      Object.values(configuration.resource.aws_lambda_function!).map((fn) => fn.function_name as string);
    expect(functionNames(dev!).every((name) => name.startsWith('ic-dev-'))).toBe(true);
    expect(functionNames(prod!).every((name) => name.startsWith('ic-prod-'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toStrictEqual([`${STACK}-dev`, `${STACK}-prod`]);
    expect(readdirSync(join(outdir, 'modules'))).toStrictEqual([STACK]);
    expect(moduleDir).toBe(join(outdir, 'modules', STACK));
  }, 60_000);

  it('removes the folder of a stack no longer configured, and leaves folders the previous synthesis did not write', () => {
    const outdir = twoEnvironmentsOutdir();
    mkdirSync(join(outdir, 'stacks', 'someone-elses'));

    const { stacks, removed } = synthesize(PROJECT_ROOT, { outdir, env: prodOnly });

    expect(stacks.map(({ stackName }) => stackName)).toStrictEqual([`${STACK}-prod`]);
    expect(removed).toStrictEqual([join(outdir, 'stacks', `${STACK}-dev`)]);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toStrictEqual([`${STACK}-prod`, 'someone-elses']);
  }, 60_000);

  it('refuses, writing nothing, to remove a folder whose local state still records resources', () => {
    const outdir = twoEnvironmentsOutdir();
    const devDir = join(outdir, 'stacks', `${STACK}-dev`);
    writeFileSync(
      join(devDir, 'terraform.tfstate'),
      JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'aws_sns_topic', name: 't', instances: [{}] }] }),
    );
    const manifestBefore = readFileSync(join(outdir, 'manifest.json'), 'utf8');

    const synthesizeProdOnly = () => synthesize(PROJECT_ROOT, { outdir, env: prodOnly });

    expect(synthesizeProdOnly).toThrow(
      new InvalidSynthConfig([
        `stack "${STACK}-dev" is no longer configured, but ${relative(PROJECT_ROOT, join(devDir, 'terraform.tfstate'))} still records 1 resource(s): configure it again and run "cdktf destroy ${STACK}-dev", or move that state file elsewhere, before synthesizing without it`,
      ]),
    );
    expect(existsSync(join(devDir, 'terraform.tfstate'))).toBe(true);
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
  }, 60_000);
});
