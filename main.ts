import { synthesize } from './infra/app';
import { findProjectRoot } from './infra/project-root';
import { InvalidSynthConfig } from './infra/synth-config';

// `cdktf synth --hcl` sets this for the app; `npm run synth -- --hcl` does the same without the CLI.
if (process.argv.includes('--hcl')) process.env.SYNTH_HCL_OUTPUT = 'true';

try {
  const { stackDir, artifacts } = synthesize(findProjectRoot());
  console.log(`Synthesized ${stackDir}\n${artifacts.map((path) => `  wrote ${path}`).join('\n')}`);
} catch (error) {
  if (!(error instanceof InvalidSynthConfig)) throw error;
  console.error(error.message);
  process.exit(1);
}
