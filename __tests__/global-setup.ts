import { startSynthesisRun } from './helpers/shared-synthesis';

/** jest globalSetup: runs once per jest run, before any worker starts. */
export default function globalSetup(): void {
  startSynthesisRun();
}
