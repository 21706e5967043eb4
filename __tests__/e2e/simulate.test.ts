import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findProjectRoot } from '../../infra/project-root';

const PROJECT_ROOT = findProjectRoot(__dirname);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run simulate -- ...` as a user would, with an environment holding no AWS credentials. */
async function simulate(args: string[], outdir: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const home = mkdtempSync(join(tmpdir(), 'simulate-home-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'scripts/simulate.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...env, HOME: home, CDKTF_OUTDIR: outdir, AWS_EC2_METADATA_DISABLED: 'true', ...extraEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('npm run simulate', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'simulate-out-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  // One run of the sample folder checks the plain run's output and the --response-format and --labels options it is given.
  describe('over the sample folder, with --response-format and --labels', () => {
    let run: Run;
    beforeAll(async () => {
      run = await simulate(
        ['fixtures/images', '--scores', '0.03,0.97', '--response-format', 'huggingface', '--labels', 'motorcycle,bicycle'],
        outdir,
      );
    }, 60_000);

    it('synthesizes, then runs the sample images through the artifacts with the stand-in endpoint', () => {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Synthesized ${outdir}/stacks/image-classification-workflow`);
      expect(run.stdout).toContain('Endpoint: a local stand-in, NOT a model. Scores: [0.03, 0.97] for every image (--scores).');
      for (const image of ['bicycle.png', 'landscape.png', 'motorcycle.jpg'])
        expect(run.stdout).toContain(`=== ${image} (s3://simulated-images/images/${image})`);
      expect(run.stdout).toContain('→ Classify image data  input: ');
      expect(run.stdout.match(/Subject: Image classification succeeded/g)).toHaveLength(3);
      expect(run.stdout).toContain('3 image(s): 3 succeeded, 0 failed');
    });

    it('answers in the shape --response-format names, with the --labels names', () => {
      expect(run.stdout).toContain('The stand-in answers in the huggingface shape; endpoint_response_format is pinned to it.');
      expect(run.stdout).toContain('class_labels: 2 name(s), written to the local S3 as Terraform writes them.');
      expect(
        run.stdout.match(/← Classify image data {2}output: \{"inferences":\[0\.97,0\.03\],"label":"bicycle","score":0\.97\}/g),
      ).toHaveLength(3);
    });
  });

  it('runs a folder as one batch with --batch: each child, then the one summary it would email', async () => {
    const run = await simulate(['--batch', 'fixtures/images', '--scores', '0.02,0.98'], outdir);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('=== batch over s3://simulated-images/images/ (3 object(s))');
    for (const image of ['bicycle.png', 'landscape.png', 'motorcycle.jpg'])
      expect(run.stdout).toContain(`child images/${image}: SUCCEEDED`);
    expect(run.stdout.match(/Subject: /g)).toHaveLength(1);
    expect(run.stdout).toContain('Subject: Image classification batch finished');
    expect(run.stdout).toMatch(/results: s3:\/\/simulated-images\/batch-results\/[\w-]+\/[0-9a-f-]{36}\/manifest\.json/);
    expect(run.stdout).toContain('Batch execution SUCCEEDED');
  }, 60_000);

  it('lists every bad argument with the usage and exits 2', async () => {
    const run = await simulate(['no/such/folder', '--scores', '2,x', '--threshold', '0'], outdir);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('- no such file or folder: no/such/folder');
    expect(run.stderr).toContain('- --scores must be comma-separated decimal numbers in [0, 1], got: "2,x"');
    expect(run.stderr).toContain('- --threshold must be a decimal number in (0, 1], got: "0"');
    expect(run.stderr).toContain('Usage: npm run simulate -- <image-file-or-folder>');
  }, 30_000);

  // One run checks two things: a --threshold failure, and that a changed synth option (the name prefix) takes effect,
  // this run synthesizing again into the folder the runs above synthesized into without it.
  describe('with --threshold, and a name prefix the runs above did not have', () => {
    let run: Run;
    beforeAll(async () => {
      run = await simulate(['fixtures/images/bicycle.png', '--scores', '0.3,0.7', '--threshold', '0.75'], outdir, {
        IMAGE_WORKFLOW_NAME_PREFIX: 'renamed',
      });
    }, 60_000);

    it('applies --threshold, reports the failure notification it would email, and exits 1 for the failed execution', () => {
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('Subject: Image classification failed');
      expect(run.stdout).toContain('"error": "ThresholdConfidenceNotMet"');
      expect(run.stdout).toContain("Top label 'class 1' scored 0.7, below the confidence threshold 0.75");
      expect(run.stdout).toContain('Result object s3://simulated-images/classification-results/images/images/bicycle.png.json:');
      expect(run.stdout).toContain('"verdict": "below_threshold"');
      expect(run.stdout).toContain('1 image(s): 0 succeeded, 1 failed');
    });

    it('synthesizes again on every run, so a changed option is never ignored', () => {
      expect(run.stdout).toContain('[renamed-serializeImageData] {');
    });
  });

  it('refuses --endpoint without AWS credentials, saying so', async () => {
    const run = await simulate(['fixtures/images/bicycle.png', '--endpoint', 'image-classification-2026'], outdir);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--endpoint image-classification-2026 calls a real SageMaker endpoint, but no AWS credentials were found');
  }, 30_000);
});
