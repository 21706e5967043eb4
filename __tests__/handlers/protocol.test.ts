import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import {
  ImageAccessDenied,
  ImageChanged,
  ImageNotFound,
  ImageTooLarge,
  InvalidEndpointResponse,
  InvalidImage,
  classifyImageData,
  serializeImageData,
} from '../../handlers';
import { retryClientOptions } from '../../handlers/retry-strategy';
import { SMALL_PNG } from '../helpers/images';
import { s3ErrorReply, sagemakerErrorReply, startLocalHttpServer } from '../../local/http-server';
import type { LocalHttpServer, RecordedRequest, Reply } from '../../local/http-server';
import { startLocalS3 } from '../../local/local-s3';
import type { LocalS3 } from '../../local/local-s3';
import type { ImageReference } from '../../contract/step-payloads';
import { ETAG, classifyEvent, serializeEvent } from './payloads';

const FAKE_CREDENTIALS = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret' };
const ENDPOINT_NAME = 'image-classification-2026';
const MAX_IMAGE_BYTES = 6 * 1024 * 1024;
const SIGNATURE = /^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/us-east-1\/s3\/aws4_request/;

/** S3's answer to `Range: bytes=0-63`: 206 with the first bytes and the object's size in Content-Range. */
function partialContent(bytes: Uint8Array, total: number = bytes.length): Reply {
  const header = bytes.subarray(0, 64);
  return {
    status: 206,
    headers: {
      'content-type': 'image/png',
      etag: ETAG,
      'x-amz-version-id': 'v1',
      'accept-ranges': 'bytes',
      'content-range': `bytes 0-${header.length - 1}/${total}`,
    },
    body: header,
  };
}

/** The first two steps, each call on clients fresh from `s3` and `sagemaker`. */
function steps(s3: () => S3Client, sagemaker: () => SageMakerRuntimeClient) {
  return {
    serialize: (request: unknown) => serializeImageData(serializeEvent(request), { s3: s3(), maxImageBytes: MAX_IMAGE_BYTES }),
    classify: (image: ImageReference) =>
      classifyImageData(classifyEvent(image), {
        s3: s3(),
        sagemaker: sagemaker(),
        endpointName: ENDPOINT_NAME,
        maxImageBytes: MAX_IMAGE_BYTES,
        maxScores: 10_000,
      }),
  };
}

const jsonReply = (text: string): Reply => ({ status: 200, headers: { 'content-type': 'application/json' }, body: text });

describe('handlers against local AWS protocol servers', () => {
  let s3Server: LocalHttpServer;
  let sagemakerServer: LocalHttpServer;
  let s3Reply: (request: RecordedRequest) => Reply;
  let sagemakerReplies: Reply[];

  const savedEnvironment = { ...process.env };

  beforeAll(async () => {
    s3Server = await startLocalHttpServer((request) => s3Reply(request));
    sagemakerServer = await startLocalHttpServer(() => sagemakerReplies.shift()!);
    Object.assign(process.env, FAKE_CREDENTIALS, {
      AWS_ENDPOINT_URL_S3: s3Server.url,
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: sagemakerServer.url,
    });
  });
  afterAll(async () => {
    process.env = savedEnvironment;
    await Promise.all([s3Server.close(), sagemakerServer.close()]);
  });
  beforeEach(() => {
    s3Server.requests.length = 0;
    sagemakerServer.requests.length = 0;
  });

  /** Default configuration, so region, credentials and AWS_ENDPOINT_URL_* come from the environment. */
  const { serialize, classify } = steps(
    () => new S3Client({ maxAttempts: 1 }),
    () => new SageMakerRuntimeClient({ maxAttempts: 1 }),
  );
  const reference: ImageReference = { s3_bucket: 'images', s3_key: 'a.png', s3_etag: ETAG, s3_version_id: 'v1' };
  const unversioned: ImageReference = { s3_bucket: 'images', s3_key: 'a.png', s3_etag: ETAG };

  it('serializeImageData sends a signed GET for the first 64 bytes and returns the ETag and version id S3 sent', async () => {
    s3Reply = () => partialContent(SMALL_PNG);

    const result = await serialize({ s3_bucket: 'images', s3_key: 'test/bicycle s_000513.png' });

    expect(s3Server.requests).toHaveLength(1);
    const [request] = s3Server.requests;
    expect(request!.method).toBe('GET');
    expect(request!.path.split('?')[0]).toBe('/images/test/bicycle%20s_000513.png');
    expect(request!.headers.range).toBe('bytes=0-63');
    expect(request!.headers['if-match']).toBeUndefined();
    expect(request!.headers.authorization).toMatch(SIGNATURE);
    expect(result).toStrictEqual({ s3_bucket: 'images', s3_key: 'test/bicycle s_000513.png', s3_etag: ETAG, s3_version_id: 'v1' });
  });

  it('serializeImageData refuses a 6 MB + 1 byte image from the Content-Range of a 64-byte reply', async () => {
    s3Reply = () => partialContent(SMALL_PNG, MAX_IMAGE_BYTES + 1);

    const error = await serialize({ s3_bucket: 'images', s3_key: 'big.png' }).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageTooLarge({ bucket: 'images', key: 'big.png' }, MAX_IMAGE_BYTES + 1, MAX_IMAGE_BYTES));
    expect((error as Error).message).toBe("Image of 6291457 bytes is over the endpoint's 6291456-byte request limit: s3://images/big.png");
    expect(s3Server.requests.map((request) => request.headers.range)).toStrictEqual(['bytes=0-63']);
  });

  it('serializeImageData turns S3 NoSuchKey into ImageNotFound', async () => {
    s3Reply = () => s3ErrorReply(404, 'NoSuchKey', 'The specified key does not exist.');

    const error = await serialize({ s3_bucket: 'images', s3_key: 'missing.png' }).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageNotFound({ bucket: 'images', key: 'missing.png' }));
    expect((error as Error).message).toBe('Object not found: s3://images/missing.png');
    expect(((error as Error).cause as Error).name).toBe('NoSuchKey');
  });

  it('serializeImageData turns S3 AccessDenied into ImageAccessDenied', async () => {
    s3Reply = () => s3ErrorReply(403, 'AccessDenied', 'Access Denied');

    const error = await serialize({ s3_bucket: 'images', s3_key: 'secret.png' }).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageAccessDenied({ bucket: 'images', key: 'secret.png' }));
    expect(((error as Error).cause as Error).name).toBe('AccessDenied');
  });

  it('serializeImageData turns S3 InvalidRange (an empty object) into InvalidImage', async () => {
    s3Reply = () => s3ErrorReply(416, 'InvalidRange', 'The requested range is not satisfiable');

    const error = await serialize({ s3_bucket: 'images', s3_key: 'empty.png' }).catch((e: unknown) => e);

    expect(error).toStrictEqual(new InvalidImage('Empty object (0 bytes): s3://images/empty.png'));
    expect(((error as Error).cause as Error).name).toBe('InvalidRange');
  });

  it('serializeImageData lets S3 SlowDown through with its own name', async () => {
    s3Reply = () => s3ErrorReply(503, 'SlowDown', 'Please reduce your request rate.');

    await expect(serialize({ s3_bucket: 'images', s3_key: 'a.png' })).rejects.toMatchObject({ name: 'SlowDown' });
  });

  it('classifyImageData reads the validated version by its id and posts its exact bytes with their content type to the named endpoint', async () => {
    s3Reply = () => ({ status: 200, headers: { 'content-type': 'image/png', etag: ETAG, 'x-amz-version-id': 'v1' }, body: SMALL_PNG });
    sagemakerReplies = [jsonReply('[0.0013, 0.9987]')];

    const result = await classify(reference);

    expect(s3Server.requests).toHaveLength(1);
    const [read] = s3Server.requests;
    expect(read!.method).toBe('GET');
    const [path, query] = read!.path.split('?');
    expect(path).toBe('/images/a.png');
    expect(new URLSearchParams(query).get('versionId')).toBe('v1');
    expect(read!.headers['if-match']).toBeUndefined();
    expect(read!.headers.range).toBeUndefined();
    expect(read!.headers.authorization).toMatch(SIGNATURE);
    expect(sagemakerServer.requests).toHaveLength(1);
    const [request] = sagemakerServer.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/endpoints/image-classification-2026/invocations');
    expect(request!.headers['content-type']).toBe('image/png');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.body.equals(SMALL_PNG)).toBe(true);
    expect(result).toStrictEqual({ inferences: [0.0013, 0.9987], label: 'class 1', score: 0.9987 });
  });

  it('classifyImageData reads a reference without a version id by If-Match on its ETag', async () => {
    s3Reply = () => ({ status: 200, headers: { 'content-type': 'image/png', etag: ETAG }, body: SMALL_PNG });
    sagemakerReplies = [jsonReply('[0.0013, 0.9987]')];

    await expect(classify(unversioned)).resolves.toStrictEqual({ inferences: [0.0013, 0.9987], label: 'class 1', score: 0.9987 });

    const [path, query] = s3Server.requests[0]!.path.split('?');
    expect([path, new URLSearchParams(query).get('versionId'), s3Server.requests[0]!.headers['if-match']]).toStrictEqual([
      '/images/a.png',
      null,
      ETAG,
    ]);
  });

  it('classifyImageData turns S3 PreconditionFailed into ImageChanged, without calling the endpoint', async () => {
    s3Reply = () => s3ErrorReply(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');

    const error = await classify(unversioned).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageChanged({ bucket: 'images', key: 'a.png' }, ETAG));
    expect((error as Error).message).toBe(`Object changed since it was validated (ETag ${ETAG} no longer matches): s3://images/a.png`);
    expect(((error as Error).cause as Error).name).toBe('PreconditionFailed');
    expect(sagemakerServer.requests).toHaveLength(0);
  });

  it('classifyImageData lets a throttling error through with its own name', async () => {
    s3Reply = () => ({ status: 200, headers: { 'content-type': 'image/png', etag: ETAG }, body: SMALL_PNG });
    sagemakerReplies = [sagemakerErrorReply(400, 'ThrottlingException', 'Rate exceeded')];

    await expect(classify(reference)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('classifyImageData lets ModelNotReadyException through with its own name', async () => {
    s3Reply = () => ({ status: 200, headers: { 'content-type': 'image/png', etag: ETAG }, body: SMALL_PNG });
    sagemakerReplies = [sagemakerErrorReply(429, 'ModelNotReadyException', 'Model is not ready')];

    await expect(classify(reference)).rejects.toMatchObject({ name: 'ModelNotReadyException' });
  });

  describe("classifyImageData with the functions' retry strategy, on answers that name no error", () => {
    const retrying = retryClientOptions({ maxAttempts: 3, baseDelayMs: 1 });
    const classifyRetrying = () =>
      steps(
        () => new S3Client(retrying),
        () => new SageMakerRuntimeClient(retrying),
      ).classify(reference);
    const location = { bucket: 'images', key: 'a.png' };
    const badGateway: Reply = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' };

    beforeEach(() => {
      s3Reply = () => ({ status: 200, headers: { 'content-type': 'image/png', etag: ETAG, 'x-amz-version-id': 'v1' }, body: SMALL_PNG });
    });

    it('retries a 502 HTML page without x-amzn-errortype, then names it InvalidEndpointResponse with what came back', async () => {
      sagemakerReplies = [badGateway, badGateway, badGateway];

      const error = await classifyRetrying().catch((e: unknown) => e);

      expect(error).toStrictEqual(
        new InvalidEndpointResponse(
          ENDPOINT_NAME,
          location,
          'HTTP 502 (Content-Type text/html) naming no error (no x-amzn-errortype), with a body that is not JSON: ' +
            `Unexpected token '<', "<html><bod"... is not valid JSON`,
        ),
      );
      expect(((error as Error).cause as Error).name).toBe('SyntaxError');
      expect(sagemakerServer.requests).toHaveLength(3);
    });

    it('classifies once a 502 page gives way to an answer', async () => {
      sagemakerReplies = [badGateway, jsonReply('[0.1, 0.9]')];

      await expect(classifyRetrying()).resolves.toStrictEqual({ inferences: [0.1, 0.9], label: 'class 1', score: 0.9 });
      expect(sagemakerServer.requests).toHaveLength(2);
    });

    it.each([
      [
        'a 503 whose JSON body names no error type',
        { status: 503, headers: { 'content-type': 'application/json' }, body: '{"message":"upstream unavailable"}' },
        'HTTP 503 (Content-Type application/json) naming no error (no x-amzn-errortype), with the message "upstream unavailable"',
      ],
      [
        'a 500 with an empty body',
        { status: 500, body: '' },
        'HTTP 500 (Content-Type not given) naming no error (no x-amzn-errortype) and no message',
      ],
    ])('retries %s, then names it InvalidEndpointResponse', async (_, reply, detail) => {
      sagemakerReplies = [reply, reply, reply];

      await expect(classifyRetrying()).rejects.toStrictEqual(new InvalidEndpointResponse(ENDPOINT_NAME, location, detail));
      expect(sagemakerServer.requests).toHaveLength(3);
    });

    it('names a 400 HTML page InvalidEndpointResponse at once: a 4xx is not retried', async () => {
      sagemakerReplies = [{ status: 400, headers: { 'content-type': 'text/html' }, body: '<html>Bad Request</html>' }];

      await expect(classifyRetrying()).rejects.toMatchObject({
        name: 'InvalidEndpointResponse',
        message: expect.stringContaining('HTTP 400 (Content-Type text/html) naming no error') as string,
      });
      expect(sagemakerServer.requests).toHaveLength(1);
    });

    it('names a 200 with an empty body InvalidEndpointResponse, where the SDK gives a null body', async () => {
      sagemakerReplies = [{ status: 200, headers: { 'content-type': 'application/json' }, body: '' }];

      await expect(classifyRetrying()).rejects.toStrictEqual(
        new InvalidEndpointResponse(ENDPOINT_NAME, location, 'empty body (Content-Type application/json)'),
      );
      expect(sagemakerServer.requests).toHaveLength(1);
    });

    it("passes SageMaker's ModelError (424) through by name with the model's message, without retrying it", async () => {
      const modelError = {
        ErrorCode: 'CLIENT_ERROR_FROM_MODEL',
        LogStreamArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/image-classification-2026',
        Message: 'Received client error (400) from primary with message "unable to decode image". See the log stream for more information.',
        OriginalMessage: 'unable to decode image',
        OriginalStatusCode: 400,
      };
      sagemakerReplies = [
        {
          status: 424,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ModelError' },
          body: JSON.stringify(modelError),
        },
      ];

      await expect(classifyRetrying()).rejects.toMatchObject({
        name: 'ModelError',
        message: modelError.Message,
        OriginalMessage: 'unable to decode image',
        OriginalStatusCode: 400,
      });
      expect(sagemakerServer.requests).toHaveLength(1);
    });
  });
});

describe('serializeImageData then classifyImageData against the local S3 (local/local-s3.ts)', () => {
  let localS3: LocalS3;
  let sagemakerServer: LocalHttpServer;
  const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };

  beforeAll(async () => {
    localS3 = await startLocalS3({ mayList: (_, key) => !key.startsWith('private/') });
    sagemakerServer = await startLocalHttpServer(() => jsonReply('[0.08, 0.92]'));
  });
  afterAll(async () => {
    await Promise.all([localS3.close(), sagemakerServer.close()]);
  });
  beforeEach(() => {
    localS3.requests.length = 0;
    sagemakerServer.requests.length = 0;
  });

  const { serialize, classify } = steps(
    () => new S3Client({ region: 'us-east-1', endpoint: localS3.url, forcePathStyle: true, credentials, maxAttempts: 1 }),
    () => new SageMakerRuntimeClient({ region: 'us-east-1', endpoint: sagemakerServer.url, credentials, maxAttempts: 1 }),
  );

  it('classifies the very bytes that were validated, read by their ETag', async () => {
    localS3.put('images', 'run/a.png', { bytes: SMALL_PNG, contentType: 'image/png' });

    const serialized = await serialize({ s3_bucket: 'images', s3_key: 'run/a.png' });
    const classified = await classify(serialized);

    const etag = serialized.s3_etag;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(serialized).toStrictEqual({ s3_bucket: 'images', s3_key: 'run/a.png', s3_etag: etag });
    expect(classified).toStrictEqual({ inferences: [0.08, 0.92], label: 'class 1', score: 0.92 });
    expect(localS3.requests.map((request) => [request.headers.range, request.headers['if-match']])).toStrictEqual([
      ['bytes=0-63', undefined],
      [undefined, etag],
    ]);
    expect(sagemakerServer.requests[0]!.body.equals(SMALL_PNG)).toBe(true);
  });

  it('throws ImageChanged when the object is replaced between validation and classification', async () => {
    localS3.put('images', 'run/b.png', { bytes: SMALL_PNG, contentType: 'image/png' });
    const serialized = await serialize({ s3_bucket: 'images', s3_key: 'run/b.png' });
    localS3.put('images', 'run/b.png', { bytes: Buffer.from('GIF89a replaced'), contentType: 'image/gif' });

    const error = await classify(serialized).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageChanged({ bucket: 'images', key: 'run/b.png' }, serialized.s3_etag));
    expect(sagemakerServer.requests).toHaveLength(0);
  });

  it('throws ImageNotFound for a missing key the role may list, ImageAccessDenied for one it may not', async () => {
    localS3.put('images', 'run/present.png', { bytes: SMALL_PNG });

    const missing = await serialize({ s3_bucket: 'images', s3_key: 'run/missing.png' }).catch((e: unknown) => e);
    const hidden = await serialize({ s3_bucket: 'images', s3_key: 'private/missing.png' }).catch((e: unknown) => e);

    expect(missing).toStrictEqual(new ImageNotFound({ bucket: 'images', key: 'run/missing.png' }));
    expect(hidden).toStrictEqual(new ImageAccessDenied({ bucket: 'images', key: 'private/missing.png' }));
  });

  it('throws InvalidImage for an empty object', async () => {
    localS3.put('images', 'run/empty.png', { bytes: new Uint8Array() });

    await expect(serialize({ s3_bucket: 'images', s3_key: 'run/empty.png' })).rejects.toStrictEqual(
      new InvalidImage('Empty object (0 bytes): s3://images/run/empty.png'),
    );
  });

  it('validates a 6 MB image by its first 64 bytes and refuses one of 6 MB + 1 byte', async () => {
    const sixMegabytes = Buffer.concat([SMALL_PNG, Buffer.alloc(MAX_IMAGE_BYTES - SMALL_PNG.length)]);
    localS3.put('images', 'run/six.png', { bytes: sixMegabytes });
    localS3.put('images', 'run/over.png', { bytes: Buffer.concat([sixMegabytes, Buffer.alloc(1)]) });

    const accepted = await serialize({ s3_bucket: 'images', s3_key: 'run/six.png' });
    const refused = await serialize({ s3_bucket: 'images', s3_key: 'run/over.png' }).catch((e: unknown) => e);

    expect(accepted.s3_key).toBe('run/six.png');
    expect(refused).toStrictEqual(new ImageTooLarge({ bucket: 'images', key: 'run/over.png' }, MAX_IMAGE_BYTES + 1, MAX_IMAGE_BYTES));
    expect(localS3.requests.map((request) => request.headers.range)).toStrictEqual(['bytes=0-63', 'bytes=0-63']);
  });
});
