import { finishSynthesisRun } from './helpers/shared-synthesis';

/** jest globalTeardown: removes the run's shared syntheses and prints how many ran. */
export default function globalTeardown(): void {
  const summary = finishSynthesisRun();
  if (summary !== undefined) process.stdout.write(`${summary}\n`);
}
