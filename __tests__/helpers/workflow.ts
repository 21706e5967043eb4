import { FUNCTION_NAMES } from '../../contract/functions';
import type { FunctionName } from '../../contract/functions';

const WORKFLOW_ARNS = {
  functionArns: Object.fromEntries(
    FUNCTION_NAMES.map((name) => [name, `arn:aws:lambda:us-east-1:123456789012:function:${name}`]),
  ) as Record<FunctionName, string>,
  topicArn: 'arn:aws:sns:us-east-1:123456789012:image-classification',
  region: 'us-east-1',
  uploadRecords: { tableName: 'uploads', tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/uploads' },
  results: { bucketName: 'images', bucketArn: 'arn:aws:s3:::images', resultsPrefix: 'classification-results/' },
  endpointName: 'image-classification-2026',
  notifyOn: 'all',
};

export { WORKFLOW_ARNS };
