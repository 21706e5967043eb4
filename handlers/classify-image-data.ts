import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { DEFAULT_ENDPOINT_RESPONSE_FORMAT } from '../contract/endpoint-response';
import type { EndpointResponseFormat } from '../contract/endpoint-response';
import { DEFAULT_ENDPOINT_ACCEPT } from '../contract/environment';
import type { Classification, ClassifyEvent } from '../contract/step-payloads';
import { parseEndpointResponse } from './endpoint-response';
import { locationOf } from './errors';
import { IMAGE_HEADER_BYTES, detectContentType } from './image';
import { invokeEndpoint } from './invoke-endpoint';
import type { EndpointTarget } from './invoke-endpoint';
import { readImageBytes } from './s3-image';
import { topClass } from './scores';

interface ClassifyDependencies {
  readonly s3: S3Client;
  readonly sagemaker: SageMakerRuntimeClient;
  readonly endpointName: string;
  readonly maxImageBytes: number;
  readonly maxScores: number;
  /** `endpoint_response_format`; auto when not given. */
  readonly responseFormat?: EndpointResponseFormat;
  /** A fixed ContentType; without it, the image's detected type. */
  readonly contentType?: string;
  /** Accept; application/json when not given. */
  readonly accept?: string;
  readonly target?: EndpointTarget;
  /** `class_labels`, read once per container (class-labels.ts); without it, index-based answers name no classes. */
  readonly classLabels?: () => Promise<readonly string[]>;
}

/**
 * Reads the validated version of the image from S3 and sends its bytes to the endpoint; returns its scores
 * and its top class, named by the model or by `class_labels`. The labels are read first, so a bad labels
 * object fails the image before the endpoint is paid for.
 */
async function classifyImageData({ image }: ClassifyEvent, dependencies: ClassifyDependencies): Promise<Classification> {
  const { s3, sagemaker, endpointName, maxImageBytes, maxScores } = dependencies;
  const classLabels = await dependencies.classLabels?.();
  const location = locationOf(image);
  const bytes = await readImageBytes(s3, location, image, maxImageBytes);
  const detected = detectContentType(bytes.subarray(0, IMAGE_HEADER_BYTES), location);
  const answer = await invokeEndpoint(sagemaker, {
    endpointName,
    location,
    contentType: dependencies.contentType ?? detected,
    accept: dependencies.accept ?? DEFAULT_ENDPOINT_ACCEPT,
    target: dependencies.target,
    body: bytes,
  });
  const classification = parseEndpointResponse(answer, {
    format: dependencies.responseFormat ?? DEFAULT_ENDPOINT_RESPONSE_FORMAT,
    maxScores,
    classLabels,
  });
  return { inferences: classification.scores, ...topClass(classification) };
}

export { classifyImageData };
export type { ClassifyDependencies };
