import type { S3Client } from '@aws-sdk/client-s3';
import { readLocation, toEnvelope, unwrapBody } from './envelope';
import type { Envelope, UncheckedObject } from './envelope';
import { ImageAccessDenied, ImageNotFound } from './errors';
import type { S3Location } from './errors';
import { assertImageWithinLimit, detectContentType } from './image';
import { readImageHead } from './s3-image';
import type { ImageHead } from './s3-image';

interface SerializeDependencies {
  readonly s3: S3Client;
  /** The largest image the endpoint accepts. */
  readonly maxImageBytes: number;
}

/** The key as S3's event notifications URL-encode it (`red+flower.jpg`), decoded; undefined when it decodes to itself or not at all. */
function urlDecodedKey(key: string): string | undefined {
  try {
    const decoded = decodeURIComponent(key.replace(/\+/g, ' '));
    return decoded === key ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/**
 * Reads the image's head at the key as given; for an execution the S3 trigger started (its input has
 * the upload's `s3_sequencer`), a key S3 does not know is tried once more URL-decoded, since S3's
 * notifications URL-encode keys and AWS does not document whether its EventBridge events do.
 */
async function readHead(s3: S3Client, body: UncheckedObject, location: S3Location): Promise<{ location: S3Location; head: ImageHead }> {
  try {
    return { location, head: await readImageHead(s3, location) };
  } catch (error) {
    const decoded = body.s3_sequencer === undefined ? undefined : urlDecodedKey(location.key);
    if (decoded === undefined || !(error instanceof ImageNotFound || error instanceof ImageAccessDenied)) throw error;
    const decodedLocation = { ...location, key: decoded };
    const head = await readImageHead(s3, decodedLocation).catch(() => Promise.reject(error as Error));
    return { location: decodedLocation, head };
  }
}

/**
 * Validates the image without moving it: it exists, is a PNG or JPEG by its header, and fits the
 * endpoint. Returns the envelope with the version's ETag, so later steps read the same bytes.
 */
async function serializeImageData(event: unknown, { s3, maxImageBytes }: SerializeDependencies): Promise<Envelope> {
  const body = unwrapBody(event);
  const { location, head } = await readHead(s3, body, readLocation(body));
  assertImageWithinLimit(location, head.byteLength, maxImageBytes);
  detectContentType(head.header, location);
  return toEnvelope({ ...location, etag: head.etag, versionId: head.versionId }, []);
}

export { serializeImageData };
export type { SerializeDependencies };
