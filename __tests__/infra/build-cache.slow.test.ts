import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_FILE, bundleAllLambdas } from '../../infra/lambda-bundle';
import { findProjectRoot } from '../../infra/project-root';
import { temporaryFolders } from '../helpers/temporary-folders';

const PROJECT_ROOT = findProjectRoot(__dirname);

describe('the Lambda bundle cache', () => {
  const outDir = temporaryFolders('bundle-cache-')();
  const zipTimes = () =>
    ['serializeImageData', 'classifyImageData', 'filterInferenceData'].map((name) => statSync(join(outDir, `${name}.zip`)).mtimeMs);
  const cache = () =>
    JSON.parse(readFileSync(join(outDir, CACHE_FILE), 'utf8')) as {
      key: string;
      inputs: Record<string, string>;
      zips: Record<string, string>;
    };

  it('records every file esbuild read, the handlers and the node_modules files bundled, with their hashes', () => {
    const bundles = bundleAllLambdas(outDir);

    const inputs = Object.keys(cache().inputs);
    expect(inputs).toEqual(expect.arrayContaining(['handlers/entrypoints/classify-image-data.ts', 'handlers/configuration.ts']));
    expect(inputs.some((file) => file.startsWith('node_modules/@aws-sdk/client-sagemaker-runtime/'))).toBe(true);
    expect(cache().zips).toStrictEqual(Object.fromEntries(bundles.map((bundle) => [bundle.functionName, bundle.sha256])));
  });

  it('reuses the zips while no input changed', () => {
    const before = zipTimes();
    const first = bundleAllLambdas(outDir).map((bundle) => bundle.sha256);

    expect(zipTimes()).toStrictEqual(before);
    expect(bundleAllLambdas(outDir, { cache: false }).map((bundle) => bundle.sha256)).toStrictEqual(first);
  });

  it('rebuilds when an input differs from the recorded one, to the same bytes for the same sources', () => {
    const expected = bundleAllLambdas(outDir).map((bundle) => bundle.sha256);
    const stale = cache();
    writeFileSync(
      join(outDir, CACHE_FILE),
      JSON.stringify({ ...stale, inputs: { ...stale.inputs, 'handlers/configuration.ts': 'changed' } }),
    );
    const before = zipTimes();

    const rebuilt = bundleAllLambdas(outDir).map((bundle) => bundle.sha256);

    expect(zipTimes()).not.toStrictEqual(before);
    expect(rebuilt).toStrictEqual(expected);
    expect(cache().inputs['handlers/configuration.ts']).toBe(stale.inputs['handlers/configuration.ts']);
  });

  it('rebuilds when a zip was altered', () => {
    const expected = bundleAllLambdas(outDir).map((bundle) => bundle.sha256);
    writeFileSync(join(outDir, 'filterInferenceData.zip'), 'not a zip');

    expect(bundleAllLambdas(outDir).map((bundle) => bundle.sha256)).toStrictEqual(expected);
  });
});

describe('the app launcher (cdktf.json app command)', () => {
  const freshOutdir = temporaryFolders('launcher-');
  const outdir = freshOutdir();
  const appCommand = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  /** The app command as `cdktf synth` and `npm run synth` run it, into `into`. */
  const run = (args: readonly string[] = [], { into = outdir, env = {} }: { into?: string; env?: Record<string, string> } = {}) => {
    const { status, stdout, stderr } = spawnSync('sh', ['-c', [appCommand, ...args].join(' ')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDKTF_OUTDIR: into, ...env },
      encoding: 'utf8',
    });
    return { status, stdout, stderr };
  };

  it('runs node directly, and leaves build/app/main.js alone while its sources are unchanged', () => {
    expect(run().status).toBe(0);
    const built = statSync(join(PROJECT_ROOT, 'build', 'app', 'main.js')).mtimeMs;
    const first = readFileSync(join(outdir, 'stacks', 'image-classification-workflow', 'cdk.tf.json'));

    const { status, stdout, stderr } = run();

    expect(appCommand).toMatch(/^node_modules\/\.bin\/node .*scripts\/synth\.mjs$/);
    expect(status).toBe(0);
    expect(statSync(join(PROJECT_ROOT, 'build', 'app', 'main.js')).mtimeMs).toBe(built);
    expect(readFileSync(join(outdir, 'stacks', 'image-classification-workflow', 'cdk.tf.json'))).toStrictEqual(first);
    expect(stdout).toContain('Synthesized stack image-classification-workflow in ');
    expect(stdout).toContain('  wrote ');
    // No warning a user cannot act on: cdktf never reaches the deprecated util.isArray (DEP0044).
    expect(stderr).not.toMatch(/Warning|DEP0044/);
  }, 30_000);

  it('passes --hcl through to the app', () => {
    const { status, stdout } = run(['--hcl']);

    expect(status).toBe(0);
    expect(stdout).toContain(`wrote ${join(outdir, 'stacks', 'image-classification-workflow', 'cdk.tf')}\n`);
  }, 30_000);

  it('exits non-zero listing every bad synth option, without writing anything', () => {
    const into = freshOutdir();

    const { status, stderr } = run([], { into, env: { IMAGE_WORKFLOW_TYPE: 'FAST', IMAGE_WORKFLOW_REGION: 'nowhere' } });

    expect(status).toBe(1);
    expect(stderr).toContain('Invalid synthesis options (2):');
    expect(stderr).toContain('- IMAGE_WORKFLOW_REGION must be an AWS region such as us-east-1, got: "nowhere"');
    expect(stderr).toContain('- IMAGE_WORKFLOW_TYPE must be one of STANDARD, EXPRESS, got: "FAST"');
    expect(readdirSync(into)).toStrictEqual([]);
  }, 30_000);
});
