import type { S3Client } from '@aws-sdk/client-s3';
import { readLocation, toEnvelope, unwrapBody } from './envelope';
import type { Envelope } from './envelope';
import { assertImageWithinLimit, detectContentType } from './image';
import { readImageHead } from './s3-image';

interface SerializeDependencies {
  readonly s3: S3Client;
  /** The largest image the endpoint accepts. */
  readonly maxImageBytes: number;
}

/**
 * Validates the image without moving it: it exists, is a PNG or JPEG by its header, and fits the
 * endpoint. Returns the envelope with the version's ETag, so later steps read the same bytes.
 */
async function serializeImageData(event: unknown, { s3, maxImageBytes }: SerializeDependencies): Promise<Envelope> {
  const location = readLocation(unwrapBody(event));
  const head = await readImageHead(s3, location);
  assertImageWithinLimit(location, head.byteLength, maxImageBytes);
  detectContentType(head.header, location);
  return toEnvelope({ ...location, etag: head.etag, versionId: head.versionId }, []);
}

export { serializeImageData };
export type { SerializeDependencies };
