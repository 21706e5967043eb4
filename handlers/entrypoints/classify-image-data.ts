import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { ClassifyEvent } from '../../contract/step-payloads';
import { classifyImageData } from '../classify-image-data';
import { readEnvironmentVariable } from '../configuration';
import { withInvocationLog } from '../invocation-log';
import { readRetryConfiguration, retryClientOptions } from '../retry-strategy';

const endpointName = readEnvironmentVariable(process.env, 'ENDPOINT_NAME');
const maxImageBytes = readEnvironmentVariable(process.env, 'MAX_IMAGE_BYTES');
const maxScores = readEnvironmentVariable(process.env, 'MAX_SCORES');
const retry = readRetryConfiguration(process.env);
const s3 = new S3Client(retryClientOptions(retry));
const sagemaker = new SageMakerRuntimeClient(retryClientOptions(retry));

export const handler = withInvocationLog('classifyImageData', (event: ClassifyEvent) =>
  classifyImageData(event, { s3, sagemaker, endpointName, maxImageBytes, maxScores }),
);
