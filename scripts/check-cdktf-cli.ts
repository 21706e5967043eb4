// `cdktf synth --hcl` through the real cdktf CLI (0.21.0, by npx unless CDKTF_CLI names a binary):
// each stack folder it leaves must hold only cdk.tf, which must parse and say what the JSON says.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { synthesize } from '../infra/app';
import { differingSections } from '../infra/hcl-rendering';
import type { Json } from '../infra/hcl-rendering';
import { findProjectRoot } from '../infra/project-root';

const CLI_VERSION = '0.21.0';

async function main(): Promise<void> {
  const projectDir = findProjectRoot();
  const workDir = mkdtempSync(join(tmpdir(), 'cdktf-cli-'));
  try {
    const [command, ...prefix] = process.env.CDKTF_CLI ? [process.env.CDKTF_CLI] : ['npx', '--yes', `cdktf-cli@${CLI_VERSION}`];
    const started = performance.now();
    execFileSync(command, [...prefix, 'synth', '--hcl', '--output', join(workDir, 'cli')], {
      cwd: projectDir,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const seconds = (performance.now() - started) / 1000;
    const problems: string[] = [];
    const { stacks } = synthesize(projectDir, { outdir: join(workDir, 'json'), hclOutput: false });
    for (const { stackName, dir } of stacks) {
      const cliStack = join(workDir, 'cli', 'stacks', stackName);
      if (existsSync(join(cliStack, 'cdk.tf.json'))) problems.push(`${stackName}: the CLI left a cdk.tf.json beside cdk.tf`);
      const hcl = (await parse('cdk.tf', readFileSync(join(cliStack, 'cdk.tf'), 'utf8'))) as Record<string, Json>;
      const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as Record<string, Json>;
      const differing = differingSections(hcl, json);
      if (differing.length > 0) problems.push(`${stackName}: cdk.tf differs from cdk.tf.json in: ${differing.join(', ')}`);
    }
    if (!existsSync(join(workDir, 'cli', 'modules'))) problems.push('the CLI synthesis wrote no module form (modules/)');
    if (problems.length > 0) {
      console.error(`cdktf synth --hcl (cdktf-cli ${CLI_VERSION}): ${problems.join('; ')}`);
      process.exit(1);
    }
    console.log(
      `cdktf synth --hcl (cdktf-cli ${CLI_VERSION}, ${seconds.toFixed(1)} s including npx): ${stacks.length} stack(s), each cdk.tf parses and equals cdk.tf.json`,
    );
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

void main();
