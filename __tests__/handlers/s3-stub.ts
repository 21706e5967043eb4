import { S3ServiceException } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';

interface ObjectVersion {
  readonly etag?: string;
  readonly versionId?: string;
}

/** A stream body that hands over `bytes` and records whether it was read or destroyed. */
function streamBody(bytes: Uint8Array) {
  return { transformToByteArray: jest.fn(async () => bytes), destroy: jest.fn() };
}

function versionFields({ etag, versionId }: ObjectVersion) {
  return { ...(etag === undefined ? {} : { ETag: etag }), ...(versionId === undefined ? {} : { VersionId: versionId }) };
}

/** What S3 answers a plain GetObject with: the whole object, its length announced unless `contentLength` is undefined. */
function wholeObject(bytes: Uint8Array, options: ObjectVersion & { contentLength?: number | undefined } = {}): GetObjectCommandOutput {
  const contentLength = 'contentLength' in options ? options.contentLength : bytes.length;
  return {
    $metadata: { httpStatusCode: 200 },
    ...(contentLength === undefined ? {} : { ContentLength: contentLength }),
    ...versionFields(options),
    Body: streamBody(bytes) as never,
  };
}

/** What S3 answers `Range: bytes=0-63` with: at most the first 64 bytes, and the object's size in Content-Range. */
function rangedObject(bytes: Uint8Array, total: number = bytes.length, version: ObjectVersion = {}): GetObjectCommandOutput {
  const header = bytes.subarray(0, 64);
  return {
    $metadata: { httpStatusCode: 206 },
    ContentLength: header.length,
    ContentRange: `bytes 0-${header.length - 1}/${total}`,
    ...versionFields(version),
    Body: streamBody(header) as never,
  };
}

/** An S3 error as the SDK raises it: its code as `name`, the HTTP status in `$metadata`. */
function s3Error(name: string, httpStatusCode: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message: name,
  });
}

export { streamBody, wholeObject, rangedObject, s3Error };
export type { ObjectVersion };
