import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { InvalidEndpointResponse } from './errors';
import { parseScores, readImageData, readLocation, toEnvelope, unwrapBody } from './envelope';
import type { Envelope } from './envelope';
import { detectContentType } from './image';

interface ClassifyDependencies {
  readonly sagemaker: SageMakerRuntimeClient;
  readonly endpointName: string;
}

function parseEndpointResponse(endpointName: string, body: Uint8Array | undefined): number[] {
  const text = body === undefined ? '' : Buffer.from(body).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidEndpointResponse(endpointName, `not JSON: ${JSON.stringify(text.slice(0, 100))}`, {
      cause: error,
    });
  }
  const scores = Array.isArray(parsed) ? parseScores(parsed) : undefined;
  if (scores === undefined) {
    throw new InvalidEndpointResponse(
      endpointName,
      `expected a non-empty array of numbers in [0, 1], got: ${text.slice(0, 100)}`,
    );
  }
  return scores;
}

async function classifyImageData(
  event: unknown,
  { sagemaker, endpointName }: ClassifyDependencies,
): Promise<Envelope> {
  const body = unwrapBody(event);
  const location = readLocation(body);
  const image = readImageData(body);
  const contentType = detectContentType(image, location);

  const response = await sagemaker.send(
    new InvokeEndpointCommand({
      EndpointName: endpointName,
      ContentType: contentType,
      Accept: 'application/json',
      Body: image,
    }),
  );

  return toEnvelope({
    image_data: body.image_data as string,
    s3_bucket: location.bucket,
    s3_key: location.key,
    inferences: parseEndpointResponse(endpointName, response.Body),
  });
}

export { classifyImageData };
export type { ClassifyDependencies };
