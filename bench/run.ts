import { benchExecutions } from './executions';
import { benchLambdas } from './lambdas';
import { benchSynthesis } from './synthesis';

async function main(): Promise<void> {
  benchLambdas();
  console.log();
  benchSynthesis();
  console.log();
  await benchExecutions();
}

void main();
