import { createHash } from 'node:crypto';
import { s3ErrorReply, startLocalHttpServer } from './http-server';
import type { LocalHttpServer, RecordedRequest, Reply } from './http-server';

interface StoredObject {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
}

interface LocalS3Options {
  /**
   * Whether the caller may list the bucket. S3 answers a read of a missing key with 404 NoSuchKey
   * only to a caller allowed s3:ListBucket, and with 403 AccessDenied to any other.
   */
  readonly mayList?: (bucket: string, key: string) => boolean;
}

interface LocalS3 extends LocalHttpServer {
  put(bucket: string, key: string, object: StoredObject): void;
  /** Answers the next `times` reads of the key with S3's SlowDown (503). */
  throttleNext(bucket: string, key: string, times: number): void;
}

const etagOf = (bytes: Uint8Array) => `"${createHash('md5').update(bytes).digest('hex')}"`;

/** `bytes=0-63` against an object of `size` bytes: the inclusive range S3 serves, or 'unsatisfiable'. */
function byteRange(header: string | string[] | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = typeof header === 'string' ? /^bytes=(\d+)-(\d*)$/.exec(header) : null;
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size ? 'unsatisfiable' : { start, end };
}

function objectReply(request: RecordedRequest, object: StoredObject): Reply {
  const etag = etagOf(object.bytes);
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch !== etag && ifMatch !== '*') {
    return s3ErrorReply(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
  }
  const headers = { 'content-type': object.contentType ?? 'application/octet-stream', etag, 'last-modified': new Date(0).toUTCString(), 'accept-ranges': 'bytes' };
  const range = byteRange(request.headers.range, object.bytes.length);
  if (range === 'unsatisfiable') return s3ErrorReply(416, 'InvalidRange', 'The requested range is not satisfiable');
  const body = range === undefined ? object.bytes : object.bytes.subarray(range.start, range.end + 1);
  const rangeHeaders: Record<string, string> = range === undefined ? {} : { 'content-range': `bytes ${range.start}-${range.end}/${object.bytes.length}` };
  return {
    status: range === undefined ? 200 : 206,
    headers: { ...headers, ...rangeHeaders },
    body: request.method === 'HEAD' ? undefined : body,
    contentLength: body.length,
  };
}

/**
 * A path-style S3 GetObject/HeadObject responder on 127.0.0.1 over objects held in memory, with S3's
 * status codes, headers, XML errors, ranges, If-Match and its 403-or-404 rule for missing keys.
 */
async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  const mayList = options.mayList ?? (() => true);
  const objects = new Map<string, StoredObject>();
  const throttles = new Map<string, number>();
  const server = await startLocalHttpServer((request): Reply => {
    const [bucket = '', ...keyParts] = request.path.split('?')[0]!.slice(1).split('/');
    const key = keyParts.map(decodeURIComponent).join('/');
    if (request.method !== 'GET' && request.method !== 'HEAD') return s3ErrorReply(501, 'NotImplemented', `${request.method} is not implemented here`);
    const pendingThrottles = throttles.get(`${bucket}/${key}`) ?? 0;
    if (pendingThrottles > 0) {
      throttles.set(`${bucket}/${key}`, pendingThrottles - 1);
      return s3ErrorReply(503, 'SlowDown', 'Please reduce your request rate.');
    }
    if (![...objects.keys()].some((stored) => stored.startsWith(`${bucket}/`))) return s3ErrorReply(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const object = objects.get(`${bucket}/${key}`);
    if (object === undefined) {
      return mayList(bucket, key) ? s3ErrorReply(404, 'NoSuchKey', 'The specified key does not exist.') : s3ErrorReply(403, 'AccessDenied', 'Access Denied');
    }
    return objectReply(request, object);
  });
  return {
    ...server,
    put: (bucket, key, object) => objects.set(`${bucket}/${key}`, object),
    throttleNext: (bucket, key, times) => throttles.set(`${bucket}/${key}`, times),
  };
}

export { startLocalS3 };
export type { LocalS3, LocalS3Options, StoredObject };
