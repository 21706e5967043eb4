import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { ClassifyEvent } from '../../contract/step-payloads';
import { classLabelsReader } from '../class-labels';
import { classifyImageData } from '../classify-image-data';
import { readEnvironmentVariable } from '../configuration';
import { withInvocationLog } from '../invocation-log';
import { readRetryConfiguration, retryClientOptions } from '../retry-strategy';

const env = process.env;
const endpointName = readEnvironmentVariable(env, 'ENDPOINT_NAME');
const maxImageBytes = readEnvironmentVariable(env, 'MAX_IMAGE_BYTES');
const maxScores = readEnvironmentVariable(env, 'MAX_SCORES');
const responseFormat = readEnvironmentVariable(env, 'ENDPOINT_RESPONSE_FORMAT');
const contentType = readEnvironmentVariable(env, 'ENDPOINT_CONTENT_TYPE');
const accept = readEnvironmentVariable(env, 'ENDPOINT_ACCEPT');
const target = {
  targetModel: readEnvironmentVariable(env, 'ENDPOINT_TARGET_MODEL'),
  targetVariant: readEnvironmentVariable(env, 'ENDPOINT_TARGET_VARIANT'),
  inferenceComponentName: readEnvironmentVariable(env, 'ENDPOINT_INFERENCE_COMPONENT'),
};
const classLabelsObject = readEnvironmentVariable(env, 'CLASS_LABELS_OBJECT');
const retry = readRetryConfiguration(env);
const s3 = new S3Client(retryClientOptions(retry));
const sagemaker = new SageMakerRuntimeClient(retryClientOptions(retry));
const classLabels = classLabelsObject === undefined ? undefined : classLabelsReader(s3, classLabelsObject);

export const handler = withInvocationLog('classifyImageData', (event: ClassifyEvent) =>
  classifyImageData(event, {
    s3,
    sagemaker,
    endpointName,
    maxImageBytes,
    maxScores,
    responseFormat,
    contentType,
    accept,
    target,
    classLabels,
  }),
);
