import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { RetryErrorInfo, RetryErrorType } from '@smithy/types';
import { MAX_RETRY_WAIT_PER_CALL_MS, worstCaseRetryWaitMs } from '../../contract/environment';
import { InvalidConfiguration } from '../../handlers';
import { FullJitterRetryStrategy, readRetryConfiguration, retryClientOptions } from '../../handlers/retry-strategy';
import { s3ErrorReply, sagemakerErrorReply } from '../../local/http-server';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { Reply } from '../../local/http-server';

const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };

/** What the server does with one try of a call: answer, or drop the connection. */
type Answer = Reply | 'reset';

/**
 * An HTTP server on 127.0.0.1 that answers the n-th try of each call (the SDK's invocation id is the
 * same on every try of one call) with `answer(n)`.
 */
async function startFlakyServer(answer: (attempt: number) => Answer) {
  const attemptsByCall = new Map<string, number>();
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      requests++;
      const call = String(request.headers['amz-sdk-invocation-id']);
      const attempt = (attemptsByCall.get(call) ?? 0) + 1;
      attemptsByCall.set(call, attempt);
      const reply = answer(attempt);
      if (reply === 'reset') {
        request.socket.destroy();
        return;
      }
      const body = reply.body ?? '';
      response.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    calls: () => attemptsByCall.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `failures` tries answered with `failure`, then `success`. */
const failingFirst =
  (failures: number, failure: Answer, success: Reply) =>
  (attempt: number): Answer =>
    attempt <= failures ? failure : success;

const IMAGE: Reply = { status: 200, headers: { 'content-type': 'image/png', etag: '"9b2c"' }, body: 'png' };
const SCORES: Reply = { status: 200, headers: { 'content-type': 'application/json' }, body: '[0.1, 0.9]' };

/** The retry settings the offline harness uses: the defaults' attempts, waits of a millisecond. */
const FAST = { maxAttempts: 6, baseDelayMs: 1 };

const s3Client = (url: string, options: object) =>
  new S3Client({ region: 'us-east-1', endpoint: url, forcePathStyle: true, credentials: CREDENTIALS, ...options });
const sagemakerClient = (url: string, options: object) =>
  new SageMakerRuntimeClient({ region: 'us-east-1', endpoint: url, credentials: CREDENTIALS, ...options });
const getObject = (client: S3Client) => client.send(new GetObjectCommand({ Bucket: 'images', Key: 'a.png' }));
const invoke = (client: SageMakerRuntimeClient) =>
  client.send(
    new InvokeEndpointCommand({ EndpointName: 'image-classification-2026', ContentType: 'image/png', Body: new Uint8Array([1]) }),
  );

describe('readRetryConfiguration', () => {
  it('defaults to 6 tries and a 50 ms base delay, whose waits add up to at most 1,550 ms', () => {
    const configuration = readRetryConfiguration({});

    expect(configuration).toStrictEqual({ maxAttempts: 6, baseDelayMs: 50 });
    expect(worstCaseRetryWaitMs(configuration.maxAttempts, configuration.baseDelayMs)).toBe(50 + 100 + 200 + 400 + 800);
  });

  it('reads AWS_RETRY_MAX_ATTEMPTS and AWS_RETRY_BASE_DELAY_MS', () => {
    expect(readRetryConfiguration({ AWS_RETRY_MAX_ATTEMPTS: '10', AWS_RETRY_BASE_DELAY_MS: '1' })).toStrictEqual({
      maxAttempts: 10,
      baseDelayMs: 1,
    });
  });

  it('throws InvalidConfiguration listing every problem', () => {
    expect(() => readRetryConfiguration({ AWS_RETRY_MAX_ATTEMPTS: '0', AWS_RETRY_BASE_DELAY_MS: '0x10' })).toThrow(
      new InvalidConfiguration(
        'AWS_RETRY_MAX_ATTEMPTS must be a whole number from 1 to 10, got: "0"; ' +
          'AWS_RETRY_BASE_DELAY_MS must be a whole number from 1 to 1000, got: "0x10"',
      ),
    );
  });

  it("refuses settings whose waits could outlast what the functions' timeouts allow for one call", () => {
    expect(() => readRetryConfiguration({ AWS_RETRY_MAX_ATTEMPTS: '8', AWS_RETRY_BASE_DELAY_MS: '100' })).toThrow(
      new InvalidConfiguration(
        `AWS_RETRY_MAX_ATTEMPTS 8 with AWS_RETRY_BASE_DELAY_MS 100 can wait 12700 ms between the tries of one call, more than the ${MAX_RETRY_WAIT_PER_CALL_MS} ms the functions' timeouts allow for`,
      ),
    );
  });
});

describe('FullJitterRetryStrategy', () => {
  const info = (errorType: RetryErrorType, name = 'ServiceUnavailable'): RetryErrorInfo => ({
    errorType,
    error: Object.assign(new Error(name), { name, cause: undefined }),
  });

  it('waits a random share of base * 2^n before the n-th retry, up to maxAttempts tries in all', async () => {
    const strategy = new FullJitterRetryStrategy({ maxAttempts: 4, baseDelayMs: 100 }, () => 0.5);

    let token = await strategy.acquireInitialRetryToken();
    const delays: number[] = [];
    for (let retry = 0; retry < 3; retry++) {
      token = await strategy.refreshRetryTokenForRetry(token, info('TRANSIENT'));
      delays.push(token.getRetryDelay());
    }

    expect(delays).toStrictEqual([50, 100, 200]);
    expect(token.getRetryCount()).toBe(3);
    await expect(strategy.refreshRetryTokenForRetry(token, info('TRANSIENT'))).rejects.toThrow('No retry token available');
  });

  it('never waits longer than 20 s before one retry', async () => {
    const strategy = new FullJitterRetryStrategy({ maxAttempts: 10, baseDelayMs: 1000 }, () => 0.999);

    let token = await strategy.acquireInitialRetryToken();
    for (let retry = 0; retry < 9; retry++) token = await strategy.refreshRetryTokenForRetry(token, info('THROTTLING'));

    expect(token.getRetryDelay()).toBe(19_980);
  });

  /** Asks a fresh strategy for the first retry after an error of `errorType` named `name`. */
  const firstRetry = async (errorType: RetryErrorType, name: string) => {
    const strategy = new FullJitterRetryStrategy(FAST);
    return strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), info(errorType, name));
  };

  it.each([
    ['THROTTLING', 'SlowDown'],
    ['TRANSIENT', 'ServiceUnavailable'],
    ['SERVER_ERROR', 'InternalDependencyException'],
  ] as const)('retries a %s error (%s)', async (errorType, name) => {
    const token = await firstRetry(errorType, name);

    expect(token.getRetryCount()).toBe(1);
  });

  it.each([
    ['CLIENT_ERROR', 'ModelError'],
    ['CLIENT_ERROR', 'NoSuchKey'],
    ['SERVER_ERROR', 'NotImplemented'],
  ] as const)('does not retry a %s error (%s)', async (errorType, name) => {
    await expect(firstRetry(errorType, name)).rejects.toThrow('No retry token available');
  });
});

describe('AWS SDK clients with the retry strategy, against a local server that fails a fixed number of tries', () => {
  const servers: { close(): Promise<void> }[] = [];
  const start = async (answer: (attempt: number) => Answer) => {
    const server = await startFlakyServer(answer);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it.each([
    ['SlowDown (503)', s3ErrorReply(503, 'SlowDown', 'Please reduce your request rate.')],
    ['InternalError (500)', s3ErrorReply(500, 'InternalError', 'We encountered an internal error. Please try again.')],
    ['ServiceUnavailable (503)', s3ErrorReply(503, 'ServiceUnavailable', 'Service is unable to handle request.')],
    ['a 502 page without an error code', { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>502 Bad Gateway</html>' }],
    ['a dropped connection', 'reset' as const],
  ])('S3 GetObject succeeds after 5 tries answered with %s', async (_, failure) => {
    const server = await start(failingFirst(5, failure, IMAGE));

    const object = await getObject(s3Client(server.url, retryClientOptions(FAST)));

    expect(await object.Body!.transformToString()).toBe('png');
    expect(object.$metadata.attempts).toBe(6);
    expect(server.requests()).toBe(6);
  });

  it.each([
    ['ThrottlingException (400)', sagemakerErrorReply(400, 'ThrottlingException', 'Rate exceeded')],
    ['ServiceUnavailable (503)', sagemakerErrorReply(503, 'ServiceUnavailable', 'Service unavailable')],
    ['InternalFailure (500)', sagemakerErrorReply(500, 'InternalFailure', 'An internal failure occurred')],
    ['ModelNotReadyException (429)', sagemakerErrorReply(429, 'ModelNotReadyException', 'Model is still loading')],
    ['InternalDependencyException (530)', sagemakerErrorReply(530, 'InternalDependencyException', 'A dependency failed')],
    [
      'a 502 page without x-amzn-errortype',
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>502 Bad Gateway</html>' },
    ],
    ['a dropped connection', 'reset' as const],
  ])('SageMaker InvokeEndpoint succeeds after 5 tries answered with %s', async (_, failure) => {
    const server = await start(failingFirst(5, failure, SCORES));

    const response = await invoke(sagemakerClient(server.url, retryClientOptions(FAST)));

    expect(Buffer.from(response.Body).toString()).toBe('[0.1, 0.9]');
    expect(server.requests()).toBe(6);
  });

  it('gives up after maxAttempts tries and raises the last error by its own name', async () => {
    const server = await start(() => sagemakerErrorReply(503, 'ServiceUnavailable', 'Service unavailable'));

    const error = await invoke(sagemakerClient(server.url, retryClientOptions(FAST))).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'ServiceUnavailable', message: 'Service unavailable', $metadata: { attempts: 6 } });
    expect(server.requests()).toBe(6);
  });

  it("does not retry SageMaker's ModelError (424): the model's own error", async () => {
    const server = await start(() =>
      sagemakerErrorReply(424, 'ModelError', 'Received server error (500) from primary with message "boom"'),
    );

    const error = await invoke(sagemakerClient(server.url, retryClientOptions(FAST))).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'ModelError', message: 'Received server error (500) from primary with message "boom"' });
    expect(server.requests()).toBe(1);
  });

  it("keeps retrying under a sustained share of 503s, where the SDK's default strategy runs out of retry quota", async () => {
    const calls = 60;
    const twoFailuresFirst = failingFirst(2, sagemakerErrorReply(503, 'ServiceUnavailable', 'Service unavailable'), SCORES);
    const outcomes = async (client: SageMakerRuntimeClient) => {
      const settled: PromiseSettledResult<unknown>[] = [];
      // One call after another, as one Lambda container makes them.
      for (let call = 0; call < calls; call++) settled.push((await Promise.allSettled([invoke(client)]))[0]);
      return settled.filter((outcome) => outcome.status === 'rejected').length;
    };
    const withDefault = await start(twoFailuresFirst);
    const withOurs = await start(twoFailuresFirst);

    // The SDK's standard strategy, its retry quota as it is, its waits cut to 1 ms so that the test does not sleep.
    const failedWithDefault = await outcomes(sagemakerClient(withDefault.url, { retryStrategy: new ConfiguredRetryStrategy(6, 1) }));
    const failedWithOurs = await outcomes(sagemakerClient(withOurs.url, retryClientOptions(FAST)));

    // Default: 14 tokens per retry of a 5xx out of 500, 14 back per call that succeeds after retries: dry after 35 calls.
    expect(failedWithDefault).toBeGreaterThan(calls / 3);
    expect(failedWithOurs).toBe(0);
  }, 30_000);
});
