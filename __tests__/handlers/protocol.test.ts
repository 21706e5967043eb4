import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ImageNotFound, classifyImageData, serializeImageData } from '../../handlers';
import { SMALL_PNG } from '../helpers/images';
import { s3ErrorReply, sagemakerErrorReply, startLocalHttpServer } from '../../local/http-server';
import type { LocalHttpServer, Reply } from '../../local/http-server';

const FAKE_CREDENTIALS = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret' };

describe('handlers against local AWS protocol servers', () => {
  let s3Server: LocalHttpServer;
  let sagemakerServer: LocalHttpServer;
  let s3Reply: Reply;
  let sagemakerReplies: Reply[];

  const savedEnvironment = { ...process.env };

  beforeAll(async () => {
    s3Server = await startLocalHttpServer(() => s3Reply);
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
  const s3 = () => new S3Client({ maxAttempts: 1 });
  const sagemaker = () => new SageMakerRuntimeClient({ maxAttempts: 1 });

  it('serializeImageData sends a signed GetObject for the bucket and key and encodes the bytes', async () => {
    s3Reply = { status: 200, headers: { 'content-type': 'image/png' }, body: SMALL_PNG };

    const result = await serializeImageData({ s3_bucket: 'images', s3_key: 'test/bicycle s_000513.png' }, { s3: s3() });

    expect(s3Server.requests).toHaveLength(1);
    const [request] = s3Server.requests;
    expect(request!.method).toBe('GET');
    expect(request!.path.split('?')[0]).toBe('/images/test/bicycle%20s_000513.png');
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/us-east-1\/s3\/aws4_request/);
    expect(result.body.image_data).toBe(SMALL_PNG.toString('base64'));
  });

  it('serializeImageData turns S3 NoSuchKey into ImageNotFound', async () => {
    s3Reply = s3ErrorReply(404, 'NoSuchKey', 'The specified key does not exist.');

    const error = await serializeImageData({ s3_bucket: 'images', s3_key: 'missing.png' }, { s3: s3() }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageNotFound);
    expect((error as Error).message).toBe('Object not found: s3://images/missing.png');
    expect(((error as Error).cause as Error).name).toBe('NoSuchKey');
  });

  it('serializeImageData lets S3 SlowDown through with its own name', async () => {
    s3Reply = s3ErrorReply(503, 'SlowDown', 'Please reduce your request rate.');

    await expect(serializeImageData({ s3_bucket: 'images', s3_key: 'a.png' }, { s3: s3() })).rejects.toMatchObject({ name: 'SlowDown' });
  });

  it('classifyImageData posts the exact image bytes with their content type to the named endpoint', async () => {
    sagemakerReplies = [{ status: 200, headers: { 'content-type': 'application/json' }, body: '[0.0013, 0.9987]' }];
    const input = { s3_bucket: 'images', s3_key: 'a.png', image_data: SMALL_PNG.toString('base64'), inferences: [] };

    const result = await classifyImageData(input, { sagemaker: sagemaker(), endpointName: 'image-classification-2026' });

    expect(sagemakerServer.requests).toHaveLength(1);
    const [request] = sagemakerServer.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/endpoints/image-classification-2026/invocations');
    expect(request!.headers['content-type']).toBe('image/png');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.body.equals(SMALL_PNG)).toBe(true);
    expect(result).toStrictEqual({ statusCode: 200, body: { ...input, inferences: [0.0013, 0.9987] } });
  });

  it('classifyImageData lets a throttling error through with its own name', async () => {
    sagemakerReplies = [sagemakerErrorReply(400, 'ThrottlingException', 'Rate exceeded')];
    const input = { s3_bucket: 'images', s3_key: 'a.png', image_data: SMALL_PNG.toString('base64') };

    await expect(
      classifyImageData(input, { sagemaker: sagemaker(), endpointName: 'image-classification-2026' }),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
