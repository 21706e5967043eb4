import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TERRAFORM_VARIABLE_NAMES } from '../../contract/variables';
import { findProjectRoot } from '../../infra/project-root';
import { findTerraform } from '../helpers/terraform';

/** The stack declares every deployment variable; the module form adds name_prefix. */
const STACK_VARIABLES = TERRAFORM_VARIABLE_NAMES.length;

const PROJECT_ROOT = findProjectRoot(__dirname);
const workDir = mkdtempSync(join(tmpdir(), 'check-tfvars-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** `npm run check:tfvars -- <args>`: exit code and output. */
async function checkTfvars(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'scripts/check-tfvars.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TF_VAR_endpoint_name: 'set-behind-the-files-back' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

const availability = findTerraform(workDir);
const describeWithTerraform = 'setup' in availability || process.env.CI === 'true' ? describe : describe.skip;

describeWithTerraform('npm run check:tfvars', () => {
  it('passes env/example.tfvars, whose every value the validation accepts', async () => {
    const { code, stdout } = await checkTfvars('env/example.tfvars');

    expect({ code, stdout }).toStrictEqual({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(
          `^env/example[.]tfvars: every value passes [(]the ${STACK_VARIABLES} variables of the stack, terraform \\d+[.]\\d+[.]\\d+[)]\n$`,
        ),
      ),
    });
  }, 60_000);

  it('lists every problem of a bad file with its line, in the file’s order, and exits 1', async () => {
    const bad = join(workDir, 'prod.tfvars');
    writeFileSync(
      bad,
      [
        'notification_email   = "ops"',
        'image_bucket         = "Bad_Bucket"',
        'max_scores           = "many"',
        'endpont_name         = "typo"',
        'confidence_threshold = 2',
        '',
      ].join('\n'),
    );

    const { code, stdout } = await checkTfvars(bad);

    expect(code).toBe(1);
    expect(stdout.split('\n').slice(1, -1)).toStrictEqual([
      '  - line 1, notification_email: notification_email must be an email address such as ops@example.com.',
      '  - line 2, image_bucket: image_bucket must be an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP address, without a prefix or suffix S3 reserves (xn--, sthree-, -s3alias, --ol-s3, ...).',
      '  - line 3, max_scores: Invalid value for input variable: The given value is not suitable for var.max_scores: a number is required.',
      '  - line 4, endpont_name: not a variable (did you mean "endpoint_name"?)',
      '  - line 5, confidence_threshold: confidence_threshold must be greater than 0 and at most 1, with at most 15 decimal places (the function reads it as a JavaScript number: 1e-400 would read as 0).',
      // TF_VAR_endpoint_name in the environment does not count: the check is of the file.
      '  - endpoint_name: not set, and required (it has no default)',
    ]);
    expect(stdout.split('\n')[0]).toMatch(
      new RegExp(`^${bad}: 6 problem\\(s\\) \\(the ${STACK_VARIABLES} variables of the stack, terraform `),
    );
  }, 60_000);

  it('checks against the module with --module, which requires name_prefix too', async () => {
    const module = join(workDir, 'module.tfvars');
    writeFileSync(
      module,
      'name_prefix        = "IC"\nnotification_email = "ops@example.com"\nendpoint_name      = "e"\nimage_bucket       = "images"\n',
    );

    const { code, stdout } = await checkTfvars('--module', module, 'env/example.tfvars');

    expect(code).toBe(1);
    expect(stdout).toContain(`${module}: 1 problem(s)`);
    expect(stdout).toContain(
      '  - line 1, name_prefix: name_prefix must be 2 to 31 lowercase letters, digits or -, starting with a letter and not ending with -.',
    );
    expect(stdout).toContain(`env/example.tfvars: 1 problem(s) (the ${STACK_VARIABLES + 1} variables of the module`);
    expect(stdout).toContain('  - name_prefix: not set, and required (it has no default)');
  }, 60_000);

  it('says how to call it when given no file, and names a file that is not there', async () => {
    const usage = await checkTfvars();
    const missing = await checkTfvars(join(workDir, 'absent.tfvars'));

    expect({ code: usage.code, stderr: usage.stderr }).toStrictEqual({
      code: 2,
      stderr: expect.stringContaining('usage: npm run check:tfvars -- [--module] <file.tfvars> ...'),
    });
    expect({ code: missing.code, stderr: missing.stderr }).toStrictEqual({
      code: 2,
      stderr: `No such file: ${join(workDir, 'absent.tfvars')}\n`,
    });
  }, 60_000);
});
