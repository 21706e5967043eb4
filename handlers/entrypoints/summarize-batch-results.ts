import { S3Client } from '@aws-sdk/client-s3';
import { withInvocationLog } from '../invocation-log';
import { summarizeBatchResults } from '../summarize-batch-results';

const s3 = new S3Client({});

export const handler = withInvocationLog('summarizeBatchResults', (event) => summarizeBatchResults(event, { s3 }));
