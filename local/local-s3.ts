import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { createFaultInjector } from './fault-injection';
import type { FaultOptions, FaultReport } from './fault-injection';
import { S3_FAULT_KINDS, s3FaultReply } from './fault-replies';
import type { S3FaultKind } from './fault-replies';
import { s3ErrorReply, startLocalHttpServer } from './http-server';
import type { LocalHttpServer, RecordedRequest, Reply } from './http-server';

interface StoredObject {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
}

/**
 * Faults to inject: a share of attempts (seeded) or the first N attempts of each distinct request
 * (operation, path and query, byte range), every attempt the SDK makes counted, its own retries
 * included. Only `operations` fail (all four by default), and of object operations only those on keys
 * `objects` accepts (all by default): e.g. the images, and not the manifests and results the state
 * machine reads and writes itself.
 */
type S3Faults = FaultOptions<S3FaultKind> & {
  readonly operations?: readonly S3Operation[];
  readonly objects?: (bucket: string, key: string) => boolean;
};

interface LocalS3Options {
  /**
   * Whether the caller may list the bucket. S3 answers a read of a missing key with 404 NoSuchKey
   * only to a caller allowed s3:ListBucket, and with 403 AccessDenied to any other.
   */
  readonly mayList?: (bucket: string, key: string) => boolean;
  /** Whether the caller may s3:GetObject the key; S3 answers 403 AccessDenied to any other read. */
  readonly mayRead?: (bucket: string, key: string) => boolean;
  /** Faults injected before anything else is checked; none by default. */
  readonly faults?: S3Faults;
}

/** The operations the local S3 serves, as S3 names them. */
const S3_OPERATIONS = ['GetObject', 'HeadObject', 'PutObject', 'ListObjectsV2'] as const;
type S3Operation = (typeof S3_OPERATIONS)[number];

interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** As S3 sends it: the MD5 in double quotes (single-part uploads). */
  readonly etag: string;
  readonly lastModified: Date;
}

interface LocalS3 extends LocalHttpServer {
  put(bucket: string, key: string, object: StoredObject): void;
  /** An empty bucket, so that listing it answers rather than NoSuchBucket. */
  createBucket(bucket: string): void;
  get(bucket: string, key: string): StoredObject | undefined;
  /** Removes the object, if there is one. */
  delete(bucket: string, key: string): void;
  /** The bucket's keys under the prefix, in S3's order (UTF-8 bytes). */
  list(bucket: string, prefix?: string): readonly ListedObject[];
  /** Answers the next `times` reads of the key with S3's SlowDown (503). */
  throttleNext(bucket: string, key: string, times: number): void;
  /** Every attempt at the operations that may fail so far, and the faults injected (none without `faults`). */
  faultReport(): FaultReport<S3FaultKind>;
  /** Injects `faults` (none when undefined) from the next request on, in place of the current ones; the fault report starts again. */
  setFaults(faults: S3Faults | undefined): void;
}

interface Stored extends StoredObject {
  readonly etag: string;
  readonly lastModified: Date;
}

/** S3 returns at most 1,000 keys per ListObjectsV2 page, whatever max-keys asks. */
const MAX_KEYS_PER_PAGE = 1000;

const etagOf = (bytes: Uint8Array) => `"${createHash('md5').update(bytes).digest('hex')}"`;

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);

/** S3's key order: UTF-8 bytes, which differs from JavaScript's UTF-16 order for characters beyond the BMP. */
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** `bytes=0-63` against an object of `size` bytes: the inclusive range S3 serves, or 'unsatisfiable'. */
function byteRange(header: string | string[] | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = typeof header === 'string' ? /^bytes=(\d+)-(\d*)$/.exec(header) : null;
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size ? 'unsatisfiable' : { start, end };
}

function objectReply(request: RecordedRequest, object: Stored): Reply {
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch !== object.etag && ifMatch !== '*') {
    return s3ErrorReply(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
  }
  const headers = {
    'content-type': object.contentType ?? 'application/octet-stream',
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  const range = byteRange(request.headers.range, object.bytes.length);
  if (range === 'unsatisfiable') return s3ErrorReply(416, 'InvalidRange', 'The requested range is not satisfiable');
  const body = range === undefined ? object.bytes : object.bytes.subarray(range.start, range.end + 1);
  const rangeHeaders: Record<string, string> =
    range === undefined ? {} : { 'content-range': `bytes ${range.start}-${range.end}/${object.bytes.length}` };
  return {
    status: range === undefined ? 200 : 206,
    headers: { ...headers, ...rangeHeaders },
    body: request.method === 'HEAD' ? undefined : body,
    contentLength: body.length,
  };
}

/** Undoes `Content-Encoding: aws-chunked` (the SDK's streaming uploads with trailing checksums). */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The S3 operation a path-style request is, or undefined for one the local S3 does not serve. */
function operationOf(method: string, key: string): S3Operation | undefined {
  if (method === 'GET') return key === '' ? 'ListObjectsV2' : 'GetObject';
  if (method === 'HEAD' && key !== '') return 'HeadObject';
  if (method === 'PUT' && key !== '') return 'PutObject';
  return undefined;
}

/** An injector for `faults`, and which requests it may fail; an Error naming any operation the local S3 does not serve. */
function s3FaultPlan(faults: S3Faults | undefined) {
  const { operations = S3_OPERATIONS, objects = () => true, ...schedule } = faults ?? { kinds: ['SlowDown'], share: 0 };
  const unknownOperations = operations.filter((operation) => !S3_OPERATIONS.includes(operation));
  if (unknownOperations.length > 0)
    throw new Error(`Unknown S3 operations to fail: ${unknownOperations.join(', ')}; known: ${S3_OPERATIONS.join(', ')}`);
  const injector = createFaultInjector(schedule as FaultOptions<S3FaultKind>, S3_FAULT_KINDS);
  /** The fault to answer this attempt with, or undefined to serve it. */
  const next = (request: RecordedRequest, operation: S3Operation | undefined, bucket: string, key: string) => {
    if (operation === undefined || !operations.includes(operation)) return undefined;
    if (operation !== 'ListObjectsV2' && !objects(bucket, key)) return undefined;
    const range = request.headers.range;
    return injector.next(`${operation} ${request.path}${typeof range === 'string' ? ` ${range}` : ''}`, operation);
  };
  return { next, report: () => injector.report() };
}

/**
 * A path-style S3 responder on 127.0.0.1 over objects held in memory: GetObject and HeadObject
 * (ranges, If-Match, the 403-or-404 rule for missing keys), PutObject, and ListObjectsV2 (prefix,
 * start-after, continuation tokens, max-keys up to 1,000, encoding-type=url), with S3's status
 * codes, headers, XML bodies and errors, and nothing else. Objects keep the time they were put.
 */
async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  const mayList = options.mayList ?? (() => true);
  const mayRead = options.mayRead ?? (() => true);
  let faults = s3FaultPlan(options.faults);
  const buckets = new Map<string, Map<string, Stored>>();
  const throttles = new Map<string, number>();
  const store = (bucket: string, key: string, object: StoredObject) => {
    const objects = buckets.get(bucket) ?? new Map<string, Stored>();
    buckets.set(bucket, objects);
    objects.set(key, { ...object, etag: etagOf(object.bytes), lastModified: new Date(Math.floor(Date.now() / 1000) * 1000) });
  };
  const list = (bucket: string, prefix = ''): ListedObject[] =>
    [...(buckets.get(bucket)?.entries() ?? [])]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => byUtf8(a, b))
      .map(([key, object]) => ({ key, size: object.bytes.length, etag: object.etag, lastModified: object.lastModified }));

  function listObjectsV2(bucket: string, query: URLSearchParams): Reply {
    if (query.has('delimiter')) return s3ErrorReply(501, 'NotImplemented', 'delimiter is not implemented here');
    const encoding = query.get('encoding-type');
    if (encoding !== null && encoding !== 'url')
      return s3ErrorReply(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request');
    const prefix = query.get('prefix') ?? '';
    const startAfter = query.get('start-after') ?? '';
    const token = query.get('continuation-token');
    const maxKeys = Math.min(Number(query.get('max-keys') ?? MAX_KEYS_PER_PAGE), MAX_KEYS_PER_PAGE);
    if (!Number.isInteger(maxKeys) || maxKeys < 0)
      return s3ErrorReply(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
    const after = token !== null ? Buffer.from(token, 'base64').toString('utf8') : startAfter;
    const remaining = list(bucket, prefix).filter(({ key }) => after === '' || byUtf8(key, after) > 0);
    const page = remaining.slice(0, maxKeys);
    const truncated = remaining.length > page.length;
    const encode = (text: string) => (encoding === 'url' ? encodeURIComponent(text) : text);
    const element = (name: string, value: string | number) => `<${name}>${xml(String(value))}</${name}>`;
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      element('Name', bucket),
      element('Prefix', encode(prefix)),
      element('KeyCount', page.length),
      element('MaxKeys', maxKeys),
      element('IsTruncated', String(truncated)),
      token === null ? '' : element('ContinuationToken', token),
      truncated ? element('NextContinuationToken', Buffer.from(page.at(-1)!.key, 'utf8').toString('base64')) : '',
      startAfter === '' ? '' : element('StartAfter', encode(startAfter)),
      encoding === null ? '' : element('EncodingType', encoding),
      ...page.map(
        (object) =>
          `<Contents>${element('Key', encode(object.key))}${element('LastModified', object.lastModified.toISOString())}${element('ETag', object.etag)}${element('Size', object.size)}${element('StorageClass', 'STANDARD')}</Contents>`,
      ),
      '</ListBucketResult>',
    ].join('');
    return { status: 200, headers: { 'content-type': 'application/xml' }, body };
  }

  function putObject(bucket: string, key: string, request: RecordedRequest): Reply {
    const chunked = String(request.headers['content-encoding'] ?? '').includes('aws-chunked');
    const bytes = chunked ? decodeAwsChunked(request.body) : request.body;
    const contentType = request.headers['content-type'];
    store(bucket, key, { bytes, ...(typeof contentType === 'string' ? { contentType } : {}) });
    return { status: 200, headers: { etag: buckets.get(bucket)!.get(key)!.etag } };
  }

  const server = await startLocalHttpServer((request): Reply => {
    const [path = '', queryString = ''] = request.path.split('?');
    const [bucket = '', ...keyParts] = path.slice(1).split('/');
    const key = keyParts.map(decodeURIComponent).join('/');
    const injected = faults.next(request, operationOf(request.method, key), bucket, key);
    if (injected !== undefined) return s3FaultReply(injected);
    const objects = buckets.get(bucket);
    if (objects === undefined) return s3ErrorReply(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (request.method === 'GET' && key === '') return listObjectsV2(bucket, new URLSearchParams(queryString));
    if (request.method === 'PUT' && key !== '') return putObject(bucket, key, request);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return s3ErrorReply(501, 'NotImplemented', `${request.method} is not implemented here`);
    const pendingThrottles = throttles.get(`${bucket}/${key}`) ?? 0;
    if (pendingThrottles > 0) {
      throttles.set(`${bucket}/${key}`, pendingThrottles - 1);
      return s3ErrorReply(503, 'SlowDown', 'Please reduce your request rate.');
    }
    if (!mayRead(bucket, key)) return s3ErrorReply(403, 'AccessDenied', 'Access Denied');
    const object = objects.get(key);
    if (object === undefined) {
      return mayList(bucket, key)
        ? s3ErrorReply(404, 'NoSuchKey', 'The specified key does not exist.')
        : s3ErrorReply(403, 'AccessDenied', 'Access Denied');
    }
    return objectReply(request, object);
  });
  return {
    ...server,
    put: (bucket, key, object) => store(bucket, key, object),
    createBucket: (bucket) => void buckets.set(bucket, buckets.get(bucket) ?? new Map<string, Stored>()),
    get: (bucket, key) => buckets.get(bucket)?.get(key),
    delete: (bucket, key) => void buckets.get(bucket)?.delete(key),
    list,
    throttleNext: (bucket, key, times) => throttles.set(`${bucket}/${key}`, times),
    faultReport: () => faults.report(),
    setFaults: (replacement) => void (faults = s3FaultPlan(replacement)),
  };
}

/** A real S3 client for a local S3: its URL, path-style, placeholder credentials (the server checks no signature). */
function localS3Client(url: string, region = 'us-east-1'): S3Client {
  return new S3Client({
    region,
    endpoint: url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
  });
}

export { startLocalS3, localS3Client };
export type { LocalS3, LocalS3Options, S3Faults, S3Operation, StoredObject, ListedObject };
