import type { S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { echo, parseScores, readImageReference, toEnvelope, unwrapBody } from './envelope';
import type { Envelope } from './envelope';
import { InvalidEndpointResponse } from './errors';
import type { S3Location } from './errors';
import { detectContentType } from './image';
import { readImageBytes } from './s3-image';

interface ClassifyDependencies {
  readonly s3: S3Client;
  readonly sagemaker: SageMakerRuntimeClient;
  readonly endpointName: string;
  readonly maxImageBytes: number;
  readonly maxScores: number;
}

function parseEndpointResponse(endpointName: string, location: S3Location, body: Uint8Array | undefined, maxScores: number): number[] {
  const text = body === undefined ? '' : Buffer.from(body).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidEndpointResponse(endpointName, location, `not JSON: ${echo(text)}`, { cause: error });
  }
  const scores = Array.isArray(parsed) ? parseScores(parsed) : undefined;
  if (scores === undefined) {
    throw new InvalidEndpointResponse(endpointName, location, `expected a non-empty array of numbers in [0, 1], got: ${echo(parsed)}`);
  }
  if (scores.length > maxScores) {
    throw new InvalidEndpointResponse(endpointName, location, `${scores.length} scores, more than the ${maxScores} allowed (MAX_SCORES)`);
  }
  return scores;
}

/** Reads the validated image from S3 and sends its bytes to the endpoint; returns the envelope with the scores. */
async function classifyImageData(event: unknown, dependencies: ClassifyDependencies): Promise<Envelope> {
  const { s3, sagemaker, endpointName, maxImageBytes, maxScores } = dependencies;
  const reference = readImageReference(unwrapBody(event));
  const image = await readImageBytes(s3, reference, maxImageBytes);
  const contentType = detectContentType(image.subarray(0, 64), reference);

  const response = await sagemaker.send(
    new InvokeEndpointCommand({ EndpointName: endpointName, ContentType: contentType, Accept: 'application/json', Body: image }),
  );
  return toEnvelope(reference, parseEndpointResponse(endpointName, reference, response.Body, maxScores));
}

export { classifyImageData };
export type { ClassifyDependencies };
