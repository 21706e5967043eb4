import type { S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Classification, ClassifyEvent } from '../contract/step-payloads';
import { echo } from './echo';
import { InvalidEndpointResponse, locationOf } from './errors';
import type { S3Location } from './errors';
import { IMAGE_HEADER_BYTES, detectContentType } from './image';
import { readImageBytes } from './s3-image';

interface ClassifyDependencies {
  readonly s3: S3Client;
  readonly sagemaker: SageMakerRuntimeClient;
  readonly endpointName: string;
  readonly maxImageBytes: number;
  readonly maxScores: number;
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** The endpoint's answer as at most `maxScores` probabilities; InvalidEndpointResponse says what else it was. */
function parseEndpointResponse(endpointName: string, location: S3Location, body: Uint8Array | undefined, maxScores: number): number[] {
  const text = body === undefined ? '' : Buffer.from(body).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidEndpointResponse(endpointName, location, `not JSON: ${echo(text)}`, { cause: error });
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isProbability)) {
    throw new InvalidEndpointResponse(endpointName, location, `expected a non-empty array of numbers in [0, 1], got: ${echo(parsed)}`);
  }
  if (parsed.length > maxScores) {
    throw new InvalidEndpointResponse(endpointName, location, `${parsed.length} scores, more than the ${maxScores} allowed (MAX_SCORES)`);
  }
  return parsed;
}

/** Reads the validated version of the image from S3 and sends its bytes to the endpoint; returns its scores. */
async function classifyImageData({ image }: ClassifyEvent, dependencies: ClassifyDependencies): Promise<Classification> {
  const { s3, sagemaker, endpointName, maxImageBytes, maxScores } = dependencies;
  const location = locationOf(image);
  const bytes = await readImageBytes(s3, location, image.s3_etag, maxImageBytes);
  const contentType = detectContentType(bytes.subarray(0, IMAGE_HEADER_BYTES), location);

  const response = await sagemaker.send(
    new InvokeEndpointCommand({ EndpointName: endpointName, ContentType: contentType, Accept: 'application/json', Body: bytes }),
  );
  return { inferences: parseEndpointResponse(endpointName, location, response.Body, maxScores) };
}

export { classifyImageData };
