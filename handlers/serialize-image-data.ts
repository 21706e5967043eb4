import type { S3Client } from '@aws-sdk/client-s3';
import type { ImageReference, SerializeEvent } from '../contract/step-payloads';
import { ImageAccessDenied, ImageNotFound, ImageSuperseded, bareEtag } from './errors';
import type { S3Location } from './errors';
import { assertImageWithinLimit, detectContentType } from './image';
import { readImageRequest } from './request';
import type { ImageRequest } from './request';
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
 * Reads the image's head at the key as given; for an execution the S3 trigger started, a key S3 does
 * not know is tried once more URL-decoded, since S3's notifications URL-encode keys and AWS does not
 * document whether its EventBridge events do.
 */
async function readHead(s3: S3Client, request: ImageRequest): Promise<{ location: S3Location; head: ImageHead }> {
  const { location, startedByTrigger, versionId } = request;
  try {
    return { location, head: await readImageHead(s3, location, versionId) };
  } catch (error) {
    const decoded = startedByTrigger ? urlDecodedKey(location.key) : undefined;
    if (decoded === undefined || !(error instanceof ImageNotFound || error instanceof ImageAccessDenied)) throw error;
    const decodedLocation = { ...location, key: decoded };
    const head = await readImageHead(s3, decodedLocation, versionId).catch(() => Promise.reject(error as Error));
    return { location: decodedLocation, head };
  }
}

/**
 * Checks the request and validates the image without moving it: it exists, is a PNG or JPEG by its
 * header, and fits the endpoint. Returns the reference with the version's ETag (and id, in a
 * versioned bucket), so later steps read the same bytes. A request that names a version gets that
 * version; one that names only an ETag the key no longer has fails with ImageSuperseded.
 */
async function serializeImageData(event: SerializeEvent, { s3, maxImageBytes }: SerializeDependencies): Promise<ImageReference> {
  const request = readImageRequest(event.request);
  const { location, head } = await readHead(s3, request);
  if (request.versionId === undefined && request.etag !== undefined && bareEtag(request.etag) !== bareEtag(head.etag)) {
    throw new ImageSuperseded(location, request.etag, head.etag);
  }
  assertImageWithinLimit(location, head.byteLength, maxImageBytes);
  detectContentType(head.header, location);
  return {
    s3_bucket: location.bucket,
    s3_key: location.key,
    s3_etag: head.etag,
    ...(head.versionId === undefined ? {} : { s3_version_id: head.versionId }),
  };
}

export { serializeImageData };
