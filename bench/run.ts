import { benchBatch } from './batch';
import { benchExecutions } from './executions';
import { benchLambdas } from './lambdas';
import { benchPayloads } from './payloads';
import { benchSummary } from './summary';
import { benchSynthesis } from './synthesis';

async function main(): Promise<void> {
  benchLambdas();
  console.log();
  benchSynthesis();
  console.log();
  await benchExecutions();
  console.log();
  await benchPayloads();
  console.log();
  await benchBatch();
  console.log();
  await benchSummary();
}

void main();
