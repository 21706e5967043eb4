import { spawnSync } from 'node:child_process';

/** The Terraform binary, as the cdktf CLI picks it. */
const terraformBinary = (env: NodeJS.ProcessEnv = process.env): string => env.TERRAFORM_BINARY_NAME ?? 'terraform';

/**
 * Formats an HCL file in place with `terraform fmt`, the formatting `terraform fmt -check` expects
 * (cdktf's renderer leaves blocks unindented and interpolation-only strings wrapped). Returns false
 * when Terraform is not installed; any other failure throws.
 */
function terraformFmt(file: string): boolean {
  const result = spawnSync(terraformBinary(), ['fmt', '-no-color', '-list=false', file], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (result.error !== undefined && 'code' in result.error && result.error.code === 'ENOENT') return false;
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`terraform fmt ${file} failed (exit ${result.status}):\n${result.stderr.trim()}`);
  return true;
}

export { terraformFmt, terraformBinary };
