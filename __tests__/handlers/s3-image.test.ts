import { GetObjectCommand, NoSuchBucket, NoSuchKey } from '@aws-sdk/client-s3';
import { ImageAccessDenied, ImageChanged, ImageNotFound, ImageTooLarge, InvalidImage } from '../../handlers';
import { readImageBytes, readImageHead } from '../../handlers/s3-image';
import { SMALL_PNG } from '../helpers/images';
import { rangedObject, s3Error, wholeObject } from './s3-stub';
import { mockedS3 } from './mocked-clients';
import { ETAG } from './payloads';

const { s3Mock, s3 } = mockedS3();
const location = { bucket: 'images', key: 'test/bicycle_s_000513.png' };
/** The reference serialize returns in a bucket without versioning: classify reads it by If-Match on its ETag. */
const CURRENT = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', s3_etag: ETAG };
/** The reference in a versioned bucket: classify reads exactly that version. */
const VERSIONED = { ...CURRENT, s3_version_id: 'v1' };
const ACCESS_DENIED_MESSAGE =
  'S3 denied reading s3://images/test/bicycle_s_000513.png: the object may not exist (S3 answers 403, not 404, when the role may not list the key), ' +
  "or the function's role, a bucket policy or a KMS key policy does not allow reading it";

const receivedInputs = () => s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input);

describe('readImageHead', () => {
  it('asks S3 for the first 64 bytes only and returns them with the total size, ETag and version id', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, 5_242_880, { etag: ETAG, versionId: 'v1' }));

    const head = await readImageHead(s3, location);

    expect(head).toStrictEqual({ header: SMALL_PNG.subarray(0, 64), byteLength: 5_242_880, etag: ETAG, versionId: 'v1' });
    expect(receivedInputs()).toStrictEqual([{ Bucket: 'images', Key: 'test/bicycle_s_000513.png', Range: 'bytes=0-63' }]);
  });

  it('asks for the version given, and returns its ETag and version id', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, 100, { etag: ETAG, versionId: 'v0' }));

    const head = await readImageHead(s3, location, 'v0');

    expect(head).toStrictEqual({ header: SMALL_PNG.subarray(0, 64), byteLength: 100, etag: ETAG, versionId: 'v0' });
    expect(receivedInputs()).toStrictEqual([{ Bucket: 'images', Key: 'test/bicycle_s_000513.png', Range: 'bytes=0-63', VersionId: 'v0' }]);
  });

  it('leaves out the version id when S3 sends none (an unversioned bucket)', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG }));

    const head = await readImageHead(s3, location);

    expect(head).toStrictEqual({ header: SMALL_PNG.subarray(0, 64), byteLength: SMALL_PNG.length, etag: ETAG });
  });

  it.each([
    ['no ETag', {}],
    ['an empty ETag', { etag: '' }],
  ])('throws, naming the object, when S3 answers with %s, and releases the stream unread', async (_, version) => {
    const object = rangedObject(SMALL_PNG, SMALL_PNG.length, version);
    s3Mock.on(GetObjectCommand).resolves(object);

    const error = await readImageHead(s3, location).catch((e: unknown) => e);

    expect(error).toStrictEqual(new Error('S3 answered GetObject without an ETag: s3://images/test/bicycle_s_000513.png'));
    const body = object.Body as unknown as { transformToByteArray: jest.Mock; destroy: jest.Mock };
    expect(body.transformToByteArray).not.toHaveBeenCalled();
    expect(body.destroy).toHaveBeenCalledTimes(1);
  });

  it('takes the size from Content-Length when S3 sends the whole object without Content-Range', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG, { etag: ETAG }));

    const head = await readImageHead(s3, location);

    expect(head.byteLength).toBe(SMALL_PNG.length);
  });

  it('takes the size from the bytes received when S3 announces none', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG, { etag: ETAG, contentLength: undefined }));

    const head = await readImageHead(s3, location);

    expect(head.byteLength).toBe(SMALL_PNG.length);
  });

  it('reads an object without a body as no bytes', async () => {
    s3Mock.on(GetObjectCommand).resolves({ $metadata: {}, ETag: ETAG, ContentRange: 'bytes 0-63/100' });

    const head = await readImageHead(s3, location);

    expect(head).toStrictEqual({ header: new Uint8Array(), byteLength: 100, etag: ETAG });
  });
});

describe('readImageBytes', () => {
  it('reads the validated object by If-Match on its ETag when the reference has no version id', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG, { etag: ETAG }));

    const bytes = await readImageBytes(s3, location, CURRENT, 6_291_456);

    expect(bytes).toStrictEqual(SMALL_PNG);
    expect(receivedInputs()).toStrictEqual([{ Bucket: 'images', Key: 'test/bicycle_s_000513.png', IfMatch: ETAG }]);
  });

  it('reads exactly the version the reference names, by its version id (s3:GetObjectVersion)', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG, { etag: ETAG, versionId: 'v1' }));

    const bytes = await readImageBytes(s3, location, VERSIONED, 6_291_456);

    expect(bytes).toStrictEqual(SMALL_PNG);
    expect(receivedInputs()).toStrictEqual([{ Bucket: 'images', Key: 'test/bicycle_s_000513.png', VersionId: 'v1' }]);
  });

  it('accepts an object of exactly the limit', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG));

    await expect(readImageBytes(s3, location, CURRENT, SMALL_PNG.length)).resolves.toStrictEqual(SMALL_PNG);
  });

  it('throws ImageTooLarge from Content-Length without reading the body, and releases the stream', async () => {
    const object = wholeObject(SMALL_PNG, { contentLength: 6_291_457 });
    s3Mock.on(GetObjectCommand).resolves(object);

    const error = await readImageBytes(s3, location, CURRENT, 6_291_456).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageTooLarge(location, 6_291_457, 6_291_456));
    expect(error).toMatchObject({
      message: "Image of 6291457 bytes is over the endpoint's 6291456-byte request limit: s3://images/test/bicycle_s_000513.png",
      location,
    });
    const body = object.Body as unknown as { transformToByteArray: jest.Mock; destroy: jest.Mock };
    expect(body.transformToByteArray).not.toHaveBeenCalled();
    expect(body.destroy).toHaveBeenCalledTimes(1);
  });

  it('throws ImageTooLarge from the bytes read when the size was not announced', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG, { contentLength: undefined }));

    await expect(readImageBytes(s3, location, CURRENT, SMALL_PNG.length - 1)).rejects.toThrow(
      new ImageTooLarge(location, SMALL_PNG.length, SMALL_PNG.length - 1),
    );
  });

  it('throws ImageTooLarge from the bytes read when Content-Length understated them', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG, { contentLength: 10 }));

    await expect(readImageBytes(s3, location, CURRENT, 20)).rejects.toThrow(new ImageTooLarge(location, SMALL_PNG.length, 20));
  });
});

describe.each([
  ['readImageHead', () => readImageHead(s3, location)],
  ['readImageBytes', () => readImageBytes(s3, location, CURRENT, 6_291_456)],
])('%s translating S3 errors', (_, read) => {
  const notFound = {
    error: new ImageNotFound(location),
    fields: { message: 'Object not found: s3://images/test/bicycle_s_000513.png', location },
  };
  const accessDenied = { error: new ImageAccessDenied(location), fields: { message: ACCESS_DENIED_MESSAGE, location } };
  const emptyObject = {
    error: new InvalidImage('Empty object (0 bytes): s3://images/test/bicycle_s_000513.png'),
    fields: { message: 'Empty object (0 bytes): s3://images/test/bicycle_s_000513.png' },
  };

  it.each([
    {
      what: 'NoSuchKey',
      original: new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
      expected: notFound,
    },
    {
      what: 'NoSuchBucket',
      original: new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404 } }),
      expected: notFound,
    },
    { what: 'a bare NotFound', original: s3Error('NotFound', 404), expected: notFound },
    { what: 'an unnamed 404', original: s3Error('UnknownError', 404), expected: notFound },
    { what: 'AccessDenied, explaining the 403-for-a-missing-key rule', original: s3Error('AccessDenied', 403), expected: accessDenied },
    { what: 'an unnamed 403', original: s3Error('Forbidden', 403), expected: accessDenied },
    { what: 'an empty object (416 InvalidRange)', original: s3Error('InvalidRange', 416), expected: emptyObject },
  ])('throws $expected.error.name with the S3 error as cause for $what', async ({ original, expected }) => {
    s3Mock.on(GetObjectCommand).rejects(original);

    const error = await read().catch((e: unknown) => e);

    expect(error).toStrictEqual(expected.error);
    expect(error).toMatchObject({ ...expected.fields, cause: original });
  });

  it.each([
    ['SlowDown', 503],
    ['RequestTimeTooSkewed', 403],
    ['InvalidObjectState', 403],
    ['ServiceUnavailable', 503],
    ['InternalError', 500],
    ['RequestTimeout', 400],
    ['ThrottlingException', 400],
  ])('rethrows %s unchanged, so the state machine retries or reports it by its own name', async (name, status) => {
    const original = s3Error(name, status);
    s3Mock.on(GetObjectCommand).rejects(original);

    await expect(read()).rejects.toBe(original);
  });

  it('rethrows a network error without an HTTP status unchanged', async () => {
    const original = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    s3Mock.on(GetObjectCommand).rejects(original);

    await expect(read()).rejects.toBe(original);
  });
});

describe.each([
  ['readImageHead', () => readImageHead(s3, location, 'v1')],
  ['readImageBytes', () => readImageBytes(s3, location, VERSIONED, 6_291_456)],
])('%s of one version', (_, read) => {
  const version = { ...location, versionId: 'v1' };

  it('throws ImageNotFound naming the version when S3 has no such version (404 NoSuchVersion)', async () => {
    const original = s3Error('NoSuchVersion', 404);
    s3Mock.on(GetObjectCommand).rejects(original);

    const error = await read().catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageNotFound(version));
    expect(error).toMatchObject({ message: 'Object not found: s3://images/test/bicycle_s_000513.png (version v1)', cause: original });
  });

  it('throws ImageAccessDenied naming the version and s3:GetObjectVersion', async () => {
    const original = s3Error('AccessDenied', 403);
    s3Mock.on(GetObjectCommand).rejects(original);

    const error = await read().catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageAccessDenied(version));
    expect(error).toMatchObject({
      message:
        'S3 denied reading s3://images/test/bicycle_s_000513.png (version v1): the object may not exist (S3 answers 403, not 404, when the role may not list the key), ' +
        "or the function's role (reading a version needs s3:GetObjectVersion), a bucket policy or a KMS key policy does not allow reading it",
      cause: original,
    });
  });
});

describe('readImageBytes on a replaced object', () => {
  it('throws ImageChanged naming the ETag that no longer matches (412 PreconditionFailed)', async () => {
    const original = s3Error('PreconditionFailed', 412);
    s3Mock.on(GetObjectCommand).rejects(original);

    const error = await readImageBytes(s3, location, CURRENT, 6_291_456).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageChanged(location, ETAG));
    expect(error).toMatchObject({
      message:
        'Object changed since it was validated (ETag "9b2cf535f27731c974343645a3985328" no longer matches): s3://images/test/bicycle_s_000513.png',
      location,
      cause: original,
    });
  });
});
