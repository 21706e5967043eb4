import { findProjectRoot } from './infra/project-root';
import { prepareLambdaBundles } from './infra/lambda-bundle';
import { InvalidSynthConfig } from './infra/synth-config';

// `cdktf synth --hcl` sets this for the app; `npm run synth -- --hcl` does the same without the CLI.
if (process.argv.includes('--hcl')) process.env.SYNTH_HCL_OUTPUT = 'true';

async function main(): Promise<void> {
  // esbuild bundles the handlers in its own process (when the cached zips are stale) while this one
  // loads cdktf and the provider classes.
  const bundles = prepareLambdaBundles();
  const { synthesize } = await import('./infra/app');
  await bundles;
  try {
    const { stacks, moduleDir, artifacts, removed, notices } = synthesize(findProjectRoot());
    console.log(
      [
        ...stacks.map(({ stackName, dir }) => `Synthesized stack ${stackName} in ${dir}`),
        `Synthesized the module form in ${moduleDir}`,
        ...artifacts.map((file) => `  wrote ${file}`),
        ...removed.map((dir) => `  removed ${dir} (a stack no longer configured)`),
        ...notices.map((notice) => `Notice: ${notice}`),
      ].join('\n'),
    );
  } catch (error) {
    if (!(error instanceof InvalidSynthConfig)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

void main();
