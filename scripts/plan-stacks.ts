// The plan workflow's matrix: `npx tsx scripts/plan-stacks.ts [cdktf.out]` prints the synthesized stacks as one JSON line.
import { InvalidSynthOutput } from './plan-summary/errors';
import { planStacks } from './plan-summary/stack-matrix';

try {
  console.log(JSON.stringify(planStacks(process.argv[2] ?? 'cdktf.out')));
} catch (error) {
  if (!(error instanceof InvalidSynthOutput)) throw error;
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
}
