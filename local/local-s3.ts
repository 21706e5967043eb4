import { createHash } from 'node:crypto';
import { s3ErrorReply, startLocalHttpServer } from './http-server';
import type { LocalHttpServer, Reply } from './http-server';

interface StoredObject {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
}

interface LocalS3 extends LocalHttpServer {
  put(bucket: string, key: string, object: StoredObject): void;
  /** Answers the next `times` reads of the key with S3's SlowDown (503). */
  throttleNext(bucket: string, key: string, times: number): void;
}

/**
 * A path-style S3 GetObject/HeadObject responder on 127.0.0.1 over objects held in memory: what the
 * serializer calls, with S3's own status codes, headers and XML errors, and nothing else.
 */
async function startLocalS3(): Promise<LocalS3> {
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
    if (object === undefined) return s3ErrorReply(404, 'NoSuchKey', 'The specified key does not exist.');
    const headers = {
      'content-type': object.contentType ?? 'application/octet-stream',
      etag: `"${createHash('md5').update(object.bytes).digest('hex')}"`,
      'last-modified': new Date(0).toUTCString(),
    };
    return { status: 200, headers, body: request.method === 'HEAD' ? undefined : object.bytes, contentLength: object.bytes.length };
  });
  return {
    ...server,
    put: (bucket, key, object) => objects.set(`${bucket}/${key}`, object),
    throttleNext: (bucket, key, times) => throttles.set(`${bucket}/${key}`, times),
  };
}

export { startLocalS3 };
export type { LocalS3, StoredObject };
