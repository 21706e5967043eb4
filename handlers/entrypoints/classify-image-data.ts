import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { classifyImageData } from '../classify-image-data';
import { readEndpointName } from '../configuration';
import { withInvocationLog } from '../invocation-log';

const endpointName = readEndpointName(process.env);
const sagemaker = new SageMakerRuntimeClient({});

export const handler = withInvocationLog('classifyImageData', (event) =>
  classifyImageData(event, { sagemaker, endpointName }),
);
