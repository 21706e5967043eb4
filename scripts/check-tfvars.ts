// npm run check:tfvars -- [--module] <file.tfvars> ...: checks each tfvars file against the variables'
// validation, as Terraform evaluates it, with no provider, credentials or network (scripts/tfvars-check.ts).
// Exit 1 when any file has a problem, 2 on a usage error or without Terraform.
import { existsSync } from 'node:fs';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const module = args.includes('--module');
  const files = args.filter((arg) => arg !== '--module');
  if (files.length === 0 || files.some((file) => file.startsWith('-'))) {
    console.error(
      'usage: npm run check:tfvars -- [--module] <file.tfvars> ...\n  --module  check against the module form (cdktf.out/modules/<stack>), which also declares name_prefix',
    );
    process.exit(2);
  }
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.error(`No such file: ${missing.join(', ')}`);
    process.exit(2);
  }
  // Loaded only now: the checks bring cdktf and the HCL parser, which a usage error does not need.
  const { checkTfvarsFiles } = await import('./tfvars-check');
  try {
    process.exitCode = (await checkTfvarsFiles(files, { module })) ? 0 : 1;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`check:tfvars needs Terraform (>= 1.5) on PATH, or TERRAFORM_BINARY_NAME naming it: ${(error as Error).message}`);
      process.exit(2);
    }
    throw error;
  }
}

void main();
