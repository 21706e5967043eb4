import { relative } from 'node:path';
import { bundleAllLambdas } from '../infra/lambda-bundle';

for (const bundle of bundleAllLambdas()) {
  console.log(`${bundle.functionName}: ${relative(process.cwd(), bundle.zipPath)} ${bundle.zipBytes} bytes sha256=${bundle.sha256}`);
}
