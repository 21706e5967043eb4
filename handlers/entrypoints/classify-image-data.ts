import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { ClassifyEvent } from '../../contract/step-payloads';
import { classifyImageData } from '../classify-image-data';
import { readEnvironmentVariable } from '../configuration';
import { withInvocationLog } from '../invocation-log';

const endpointName = readEnvironmentVariable(process.env, 'ENDPOINT_NAME');
const maxImageBytes = readEnvironmentVariable(process.env, 'MAX_IMAGE_BYTES');
const maxScores = readEnvironmentVariable(process.env, 'MAX_SCORES');
const s3 = new S3Client({});
const sagemaker = new SageMakerRuntimeClient({});

export const handler = withInvocationLog('classifyImageData', (event: ClassifyEvent) =>
  classifyImageData(event, { s3, sagemaker, endpointName, maxImageBytes, maxScores }),
);
