import { S3Client } from '@aws-sdk/client-s3';
import { withInvocationLog } from '../invocation-log';
import { readRetryConfiguration, retryClientOptions } from '../retry-strategy';
import { summarizeBatchResults } from '../summarize-batch-results';

const s3 = new S3Client(retryClientOptions(readRetryConfiguration(process.env)));

export const handler = withInvocationLog('summarizeBatchResults', (event) => summarizeBatchResults(event, { s3 }));
