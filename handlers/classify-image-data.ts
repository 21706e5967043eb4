import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Classification, ClassifyEvent } from '../contract/step-payloads';
import { parseEndpointResponse } from './endpoint-response';
import { locationOf } from './errors';
import { IMAGE_HEADER_BYTES, detectContentType } from './image';
import { invokeEndpoint } from './invoke-endpoint';
import { readImageBytes } from './s3-image';
import { topClass } from './scores';

interface ClassifyDependencies {
  readonly s3: S3Client;
  readonly sagemaker: SageMakerRuntimeClient;
  readonly endpointName: string;
  readonly maxImageBytes: number;
  readonly maxScores: number;
}

/** Reads the validated version of the image from S3 and sends its bytes to the endpoint; returns its scores and its top class. */
async function classifyImageData({ image }: ClassifyEvent, dependencies: ClassifyDependencies): Promise<Classification> {
  const { s3, sagemaker, endpointName, maxImageBytes, maxScores } = dependencies;
  const location = locationOf(image);
  const bytes = await readImageBytes(s3, location, image, maxImageBytes);
  const contentType = detectContentType(bytes.subarray(0, IMAGE_HEADER_BYTES), location);
  const answer = await invokeEndpoint(sagemaker, { endpointName, location, contentType, body: bytes });
  const classification = parseEndpointResponse(answer, { format: 'auto', maxScores });
  return { inferences: classification.scores, ...topClass(classification) };
}

export { classifyImageData };
