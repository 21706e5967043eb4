import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { ImageNotFound } from './errors';
import type { S3Location } from './errors';
import { readLocation, toEnvelope, unwrapBody } from './envelope';
import type { Envelope } from './envelope';
import { assertImageFitsStatePayload, detectContentType } from './image';

interface SerializeDependencies {
  readonly s3: S3Client;
}

const NOT_FOUND_ERROR_NAMES = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound']);

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return NOT_FOUND_ERROR_NAMES.has(error.name) || status === 404;
}

/** Translates a missing object into ImageNotFound and rethrows anything else unchanged, so throttling keeps its name. */
async function getObject(s3: S3Client, location: S3Location): Promise<GetObjectCommandOutput> {
  try {
    return await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  } catch (error) {
    if (isNotFound(error)) throw new ImageNotFound(location, { cause: error });
    throw error;
  }
}

async function serializeImageData(event: unknown, { s3 }: SerializeDependencies): Promise<Envelope> {
  const location = readLocation(unwrapBody(event));
  const object = await getObject(s3, location);
  if (object.ContentLength !== undefined) assertImageFitsStatePayload(location, object.ContentLength);

  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  assertImageFitsStatePayload(location, bytes.length);
  detectContentType(bytes, location);

  return toEnvelope({
    image_data: Buffer.from(bytes).toString('base64'),
    s3_bucket: location.bucket,
    s3_key: location.key,
    inferences: [],
  });
}

export { serializeImageData };
export type { SerializeDependencies };
