import { benchBatch } from './batch';
import { benchCost } from './cost';
import { benchExecutions } from './executions';
import { benchFaults } from './faults';
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
  await benchCost();
  console.log();
  await benchBatch();
  await benchFaults();
  console.log();
  await benchSummary();
}

void main();
