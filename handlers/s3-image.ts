import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { GetObjectCommandInput, GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { ImageReference } from '../contract/step-payloads';
import { ImageAccessDenied, ImageChanged, ImageNotFound, InvalidImage, s3Url } from './errors';
import type { S3Location } from './errors';
import { IMAGE_HEADER_BYTES, assertImageWithinLimit } from './image';

/** The first bytes of an image and what identifies the version they came from. */
interface ImageHead {
  readonly header: Uint8Array;
  readonly byteLength: number;
  readonly etag: string;
  readonly versionId?: string;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NoSuchBucket', 'NoSuchVersion', 'NotFound']);

/** The HTTP status an AWS SDK error carries, if any. */
function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Sends a GetObject, translating what S3 says about the object into named errors; anything else
 * (throttling, 5xx) is rethrown unchanged so the state machine can retry it by its own name.
 */
async function getObject(s3: S3Client, location: S3Location, input: Partial<GetObjectCommandInput>): Promise<GetObjectCommandOutput> {
  try {
    return await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, ...input }));
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const status = httpStatus(error);
    const object = input.VersionId === undefined ? location : { ...location, versionId: input.VersionId };
    if (NOT_FOUND.has(error.name) || status === 404) throw new ImageNotFound(object, { cause: error });
    // Only AccessDenied: other 403s (RequestTimeTooSkewed, InvalidObjectState) keep their own names.
    if (error.name === 'AccessDenied' || (error.name === 'Forbidden' && status === 403))
      throw new ImageAccessDenied(object, { cause: error });
    if (error.name === 'PreconditionFailed' || status === 412) throw new ImageChanged(location, input.IfMatch ?? '', { cause: error });
    if (error.name === 'InvalidRange' || status === 416)
      throw new InvalidImage(`Empty object (0 bytes): ${s3Url(location)}`, { cause: error });
    throw error;
  }
}

/** `bytes 0-63/5242880` -> 5242880. */
function totalLength(object: GetObjectCommandOutput, received: number): number {
  const total = /\/(\d+)$/.exec(object.ContentRange ?? '')?.[1];
  return total === undefined ? (object.ContentLength ?? received) : Number(total);
}

/**
 * Reads only the image's first bytes (a ranged GET) with its size, ETag and version id: of the version
 * `versionId` when given (which needs s3:GetObjectVersion), else of the current one. S3 sends an ETag
 * with every object; an answer without one is not S3's, and nothing could pin the bytes read later.
 */
async function readImageHead(s3: S3Client, location: S3Location, versionId?: string): Promise<ImageHead> {
  const object = await getObject(s3, location, {
    Range: `bytes=0-${IMAGE_HEADER_BYTES - 1}`,
    ...(versionId === undefined ? {} : { VersionId: versionId }),
  });
  if (object.ETag === undefined || object.ETag === '') {
    (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new Error(`S3 answered GetObject without an ETag: ${s3Url(location)}`);
  }
  const header = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  return {
    header,
    byteLength: totalLength(object, header.length),
    etag: object.ETag,
    ...(object.VersionId === undefined ? {} : { versionId: object.VersionId }),
  };
}

/**
 * Reads the whole image, exactly the version serialize validated, refusing one over `limit` before
 * reading it: by its version id when it has one (s3:GetObjectVersion), else by If-Match on its ETag,
 * which fails with ImageChanged if the key was overwritten since.
 */
async function readImageBytes(s3: S3Client, location: S3Location, image: ImageReference, limit: number): Promise<Uint8Array> {
  const object = await getObject(
    s3,
    location,
    image.s3_version_id === undefined ? { IfMatch: image.s3_etag } : { VersionId: image.s3_version_id },
  );
  if (object.ContentLength !== undefined && object.ContentLength > limit) {
    (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
    assertImageWithinLimit(location, object.ContentLength, limit);
  }
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  assertImageWithinLimit(location, bytes.length, limit);
  return bytes;
}

export { readImageHead, readImageBytes, httpStatus };
export type { ImageHead };
