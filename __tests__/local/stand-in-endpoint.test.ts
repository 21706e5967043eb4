import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { startStandInEndpoint } from '../../local/stand-in-endpoint';
import type { EndpointAnswer, StandInEndpoint, StandInEndpointOptions } from '../../local/stand-in-endpoint';

const ENDPOINT_NAME = 'image-classification-2026';

/**
 * A real SDK client for the stand-in, with `maxAttempts` (1: the SDK does not retry, so the raw error
 * shows) of the SDK's standard strategy, its waits cut to 0 ms so that no test sleeps.
 */
function clientFor(endpoint: StandInEndpoint, maxAttempts = 1): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient({
    region: 'us-east-1',
    endpoint: endpoint.url,
    maxAttempts,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, 0),
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
  });
}

const invoke = (client: SageMakerRuntimeClient, image: string) =>
  client.send(new InvokeEndpointCommand({ EndpointName: ENDPOINT_NAME, ContentType: 'image/png', Body: Buffer.from(image) }));

/** What the SDK raised: its name, class, status and the fields a test reads. */
async function sdkError(call: Promise<unknown>) {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as Record<string, unknown> & { $metadata: { httpStatusCode?: number; attempts?: number }; $response?: { headers: object } };
  expect(error).toBeInstanceOf(Error);
  return error;
}

describe('startStandInEndpoint faults, through the real SageMaker runtime client', () => {
  const running: { endpoint: StandInEndpoint; client: SageMakerRuntimeClient }[] = [];
  const start = async (answer: () => EndpointAnswer, options: StandInEndpointOptions = {}, maxAttempts = 1) => {
    const endpoint = await startStandInEndpoint(answer, options);
    const client = clientFor(endpoint, maxAttempts);
    running.push({ endpoint, client });
    return { endpoint, client };
  };

  afterEach(async () => {
    for (const { endpoint, client } of running.splice(0)) {
      client.destroy();
      await endpoint.close();
    }
  });

  it.each([
    ['ThrottlingException', 'SageMakerRuntimeServiceException', 400, 'UnknownError'],
    ['ServiceUnavailable', 'ServiceUnavailable', 503, 'The service is unavailable. Try your call again.'],
    ['InternalFailure', 'InternalFailure', 500, 'An internal failure occurred.'],
    ['ModelNotReadyException', 'ModelNotReadyException', 429, expect.stringContaining('Wait and try your request again.')],
  ] as const)('answers %s as the service does: the SDK raises %s with status %i', async (kind, errorClass, status, message) => {
    const { client } = await start(() => ({ fault: kind }));

    const error = await sdkError(invoke(client, 'a'));

    expect(error.name).toBe(kind);
    expect(error.constructor.name).toBe(errorClass);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.message).toStrictEqual(message);
    expect(error.$response?.headers).toMatchObject({ 'x-amzn-errortype': kind });
  });

  it("answers ModelError (424) with the container's status and message, the log group and a message pointing at the logs", async () => {
    const { client } = await start(() => ({ fault: 'ModelError' }), {
      modelFailure: { originalStatusCode: 400, originalMessage: 'unsupported image type' },
      region: 'eu-west-1',
      accountId: '123456789012',
    });

    const error = await sdkError(invoke(client, 'a'));

    expect([error.name, error.constructor.name, error.$metadata.httpStatusCode]).toStrictEqual(['ModelError', 'ModelError', 424]);
    expect(error.OriginalStatusCode).toBe(400);
    expect(error.OriginalMessage).toBe('unsupported image type');
    expect(error.LogStreamArn).toBe(`arn:aws:logs:eu-west-1:123456789012:log-group:/aws/sagemaker/Endpoints/${ENDPOINT_NAME}`);
    expect(error.message).toBe(
      `Received client error (400) from primary with message "unsupported image type". See https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEventViewer:group=/aws/sagemaker/Endpoints/${ENDPOINT_NAME} in account 123456789012 for more information.`,
    );
  });

  it('answers a 502 HTML page with no error type, which the SDK can only report as a SyntaxError', async () => {
    const { client } = await start(() => ({ fault: 'BadGatewayPage' }));

    const error = await sdkError(invoke(client, 'a'));

    expect([error.name, error.$metadata.httpStatusCode]).toStrictEqual(['SyntaxError', 502]);
    expect(error.message).toMatch(/^Unexpected token '<'.*is not valid JSON\n {2}Deserialization error/s);
  });

  it('answers 200 with an empty body, which the SDK hands over as a null Body', async () => {
    const { client } = await start(() => ({ fault: 'EmptyBody' }));

    const response = await invoke(client, 'a');

    expect([response.$metadata.httpStatusCode, response.Body]).toStrictEqual([200, null]);
  });

  it('keeps the earlier `throttle` answer as the ThrottlingException shape', async () => {
    const { client } = await start(() => ({ throttle: true }));

    const error = await sdkError(invoke(client, 'a'));

    expect([error.name, error.$metadata.httpStatusCode]).toStrictEqual(['ThrottlingException', 400]);
  });

  it('fails the first two attempts of each distinct image, then answers, and counts what it injected', async () => {
    const { endpoint, client } = await start(() => ({ scores: [0.1, 0.9] }), {
      faults: { kinds: ['ThrottlingException', 'ServiceUnavailable'], failFirst: 2 },
    });

    const outcomes = [];
    for (const image of ['a', 'a', 'a', 'b', 'a'])
      outcomes.push(
        await invoke(client, image).then(
          () => 'ok',
          (e: Error & { $metadata: { httpStatusCode: number } }) => `${e.name} ${e.$metadata.httpStatusCode}`,
        ),
      );

    expect(outcomes).toStrictEqual(['ThrottlingException 400', 'ServiceUnavailable 503', 'ok', 'ThrottlingException 400', 'ok']);
    expect(endpoint.faultReport()).toStrictEqual({
      attempts: 5,
      distinctRequests: 2,
      injected: 3,
      byKind: { ThrottlingException: 2, ServiceUnavailable: 1 },
      byOperation: { InvokeEndpoint: 3 },
    });
  });

  it("counts the SDK's own retries as attempts: with its default 3 attempts, two injected faults are retried away", async () => {
    const { endpoint, client } = await start(() => ({ scores: [0.1, 0.9] }), { faults: { kinds: ['InternalFailure'], failFirst: 2 } }, 3);

    const response = await invoke(client, 'a');

    expect([response.$metadata.httpStatusCode, response.$metadata.attempts]).toStrictEqual([200, 3]);
    expect(endpoint.faultReport().injected).toBe(2);
  });

  it('injects the faults setFaults gives from the next request on, its report starting again; none when given none', async () => {
    const { endpoint, client } = await start(() => ({ scores: [0.1, 0.9] }), { faults: { kinds: ['ThrottlingException'], failFirst: 1 } });
    const call = () =>
      invoke(client, 'a').then(
        () => 'ok',
        (e: Error) => e.name,
      );
    const before = [await call(), await call()];

    endpoint.setFaults({ kinds: ['ServiceUnavailable'], failFirst: 1 });
    const replaced = [await call(), await call()];
    const report = endpoint.faultReport();
    endpoint.setFaults(undefined);
    const cleared = [await call()];

    expect({ before, replaced, cleared }).toStrictEqual({
      before: ['ThrottlingException', 'ok'],
      replaced: ['ServiceUnavailable', 'ok'],
      cleared: ['ok'],
    });
    expect(report).toStrictEqual({
      attempts: 2,
      distinctRequests: 1,
      injected: 1,
      byKind: { ServiceUnavailable: 1 },
      byOperation: { InvokeEndpoint: 1 },
    });
    expect(endpoint.faultReport()).toMatchObject({ attempts: 1, injected: 0 });
  });

  it('fails the same images for the same seed on every run', async () => {
    const images = Array.from({ length: 60 }, (_, index) => `image-${index}`);
    const run = async () => {
      const { endpoint, client } = await start(() => ({ scores: [0.1, 0.9] }), {
        faults: { kinds: ['ThrottlingException', 'InternalFailure', 'ServiceUnavailable'], share: 0.3, seed: 42 },
      });
      const outcomes = await Promise.all(
        images.map((image) =>
          invoke(client, image).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        ),
      );
      return { outcomes, report: endpoint.faultReport() };
    };

    const first = await run();
    const second = await run();

    expect(second.outcomes).toStrictEqual(first.outcomes);
    expect(first.report.injected).toBe(first.outcomes.filter((outcome) => outcome !== 'ok').length);
    expect(first.report.injected).toBeGreaterThan(5);
    expect(first.report.injected).toBeLessThan(35);
  });
});

describe('startStandInEndpoint answer shapes and request headers, through the real SageMaker runtime client', () => {
  const SCORES = [0.05, 0.6, 0.01, 0.3, 0.02, 0.015, 0.005];
  const LABELS = ['airplane', 'bicycle', 'bird', 'cat', 'deer', 'dog', 'frog'];
  const running: { endpoint: StandInEndpoint; client: SageMakerRuntimeClient }[] = [];
  const answerFrom = async (options: StandInEndpointOptions, accept?: string) => {
    const endpoint = await startStandInEndpoint(() => ({ scores: SCORES }), options);
    const client = clientFor(endpoint);
    running.push({ endpoint, client });
    const response = await client.send(
      new InvokeEndpointCommand({ EndpointName: ENDPOINT_NAME, ContentType: 'image/png', Accept: accept, Body: Buffer.from('image') }),
    );
    return JSON.parse(new TextDecoder().decode(response.Body)) as unknown;
  };

  afterEach(async () => {
    for (const { endpoint, client } of running.splice(0)) {
      client.destroy();
      await endpoint.close();
    }
  });

  it.each([
    ['seed', undefined, SCORES],
    [
      'huggingface',
      undefined,
      [
        { label: 'bicycle', score: 0.6 },
        { label: 'cat', score: 0.3 },
        { label: 'airplane', score: 0.05 },
        { label: 'deer', score: 0.02 },
        { label: 'dog', score: 0.015 },
      ],
    ],
    ['jumpstart', 'application/json', { probabilities: SCORES }],
    ['jumpstart', 'application/json;verbose', { probabilities: SCORES, labels: LABELS, predicted_label: 'bicycle' }],
    ['torchserve', undefined, { bicycle: 0.6, cat: 0.3, airplane: 0.05, deer: 0.02, dog: 0.015 }],
    ['tensorflow', undefined, { predictions: [SCORES] }],
  ] as const)('answers in the %s shape (Accept %s)', async (shape, accept, expected) => {
    expect(await answerFrom({ shape, labels: LABELS }, accept)).toStrictEqual(expected);
  });

  it('records the ContentType, Accept and target headers of each request', async () => {
    const endpoint = await startStandInEndpoint(() => ({ scores: [0.2, 0.8] }));
    const client = clientFor(endpoint);
    running.push({ endpoint, client });

    await client.send(
      new InvokeEndpointCommand({
        EndpointName: ENDPOINT_NAME,
        ContentType: 'application/x-image',
        Accept: 'application/json;verbose',
        TargetModel: 'models/resnet-50.tar.gz',
        TargetVariant: 'variant-b',
        InferenceComponentName: 'resnet-component',
        Body: Buffer.from('image'),
      }),
    );
    await invoke(client, 'image');

    expect(endpoint.invocations()).toStrictEqual([
      {
        endpointName: ENDPOINT_NAME,
        contentType: 'application/x-image',
        accept: 'application/json;verbose',
        targetModel: 'models/resnet-50.tar.gz',
        targetVariant: 'variant-b',
        inferenceComponentName: 'resnet-component',
      },
      {
        endpointName: ENDPOINT_NAME,
        contentType: 'image/png',
        accept: undefined,
        targetModel: undefined,
        targetVariant: undefined,
        inferenceComponentName: undefined,
      },
    ]);
  });
});
