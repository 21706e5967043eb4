// `npm run plan-summary`: a pull-request comment from `terraform show -json <planfile>` (see scripts/plan-summary/).
import { readAll, runPlanSummary } from './plan-summary/cli';

runPlanSummary(process.argv.slice(2), {
  readStdin: () => readAll(process.stdin),
  writeStdout: (text) => process.stdout.write(text),
  writeStderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
