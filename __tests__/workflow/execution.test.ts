import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient, SageMakerRuntimeServiceException } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { WORKFLOW_STATES, imageClassificationWorkflow } from '../../workflow/image-classification';
import { classifyImageData, filterInferenceData, serializeImageData } from '../../handlers';
import { largestPayloadBytes } from '../../local/payload-size';
import { createLocalDynamoDb } from '../../local/local-dynamodb';
import { IntegrationFailure, createLocalWorkflow } from '../../local/run-workflow';
import type { LocalExecution } from '../../local/run-workflow';
import type { ClassifyEvent, FilterEvent, SerializeEvent } from '../../contract/step-payloads';
import { SMALL_PNG } from '../helpers/images';
import { WORKFLOW_ARNS } from '../helpers/workflow';

const s3Mock = mockClient(S3Client);
const sagemakerMock = mockClient(SageMakerRuntimeClient);
const s3 = new S3Client({ region: 'us-east-1' });
const sagemaker = new SageMakerRuntimeClient({ region: 'us-east-1' });
const { functionArns, topicArn } = WORKFLOW_ARNS;

/** The real handler functions, with their SDK clients mocked, standing in for the deployed Lambdas. */
const functions = {
  [functionArns.serializeImageData]: (event: unknown) => serializeImageData(event as SerializeEvent, { s3, maxImageBytes: 6_291_456 }),
  [functionArns.classifyImageData]: (event: unknown) =>
    classifyImageData(event as ClassifyEvent, {
      s3,
      sagemaker,
      endpointName: 'image-classification-2026',
      maxImageBytes: 6_291_456,
      maxScores: 10_000,
    }),
  [functionArns.filterInferenceData]: (event: unknown) => filterInferenceData(event as FilterEvent, { threshold: 0.93 }),
};

const definition = createLocalWorkflow(imageClassificationWorkflow(WORKFLOW_ARNS).render());
/** Each execution with a fresh upload-records table, as a new deployment has. */
const workflow = {
  run: (options: Omit<Parameters<typeof definition.run>[0], 'dynamodb'>) =>
    definition.run({ dynamodb: createLocalDynamoDb({ [WORKFLOW_ARNS.uploadRecords.tableName]: { hashKey: 'pk' } }), s3, ...options }),
};
const input = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', image_data: '' };
const ETAG = '"0123456789abcdef0123456789abcdef"';
const CONSOLE = 'https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/';
/** The envelope an execution ends with when the endpoint scores `input` [0.0013, 0.9987]. */
const CONFIDENT_OUTPUT = {
  statusCode: 200,
  body: {
    image_data: '',
    s3_bucket: 'images',
    s3_key: 'test/bicycle_s_000513.png',
    s3_etag: ETAG,
    label: 'class 1',
    score: 0.9987,
    inferences: [0.0013, 0.9987],
  },
};

function scores(text: string) {
  return { $metadata: {}, Body: new TextEncoder().encode(text) as never };
}

function throttling(): SageMakerRuntimeServiceException {
  return new SageMakerRuntimeServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  });
}

function retriesOf(execution: LocalExecution, stateName: string): number {
  return execution.events.filter((event) => event.type === 'StateRetried' && 'state' in event && event.state.name === stateName).length;
}

beforeEach(() => {
  s3Mock.on(PutObjectCommand).resolves({ $metadata: {}, ETag: '"result"' });
  s3Mock.on(GetObjectCommand).resolves({
    $metadata: {},
    ContentLength: SMALL_PNG.length,
    ETag: ETAG,
    Body: { transformToByteArray: async () => SMALL_PNG } as never,
  });
});
afterEach(() => {
  s3Mock.reset();
  sagemakerMock.reset();
});

describe('the workflow executed offline with the real handlers', () => {
  it('publishes one success message and ends with the envelope when the inference is confident', async () => {
    sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.0013, 0.9987]'));

    const execution = await workflow.run({ functions, input, executionName: 'confident' });

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toStrictEqual(CONFIDENT_OUTPUT);
    expect(execution.published).toHaveLength(1);
    expect(execution.published[0]!.topicArn).toBe(topicArn);
    expect(execution.published[0]!.subject).toBe('Image classification succeeded');
    expect(execution.published[0]!.message).toMatch(/^\{"classification":"class 1 \(99\.87%\)",/);
    expect(JSON.parse(execution.published[0]!.message)).toStrictEqual({
      classification: 'class 1 (99.87%)',
      status: 'succeeded',
      s3_bucket: 'images',
      s3_key: 'test/bicycle_s_000513.png',
      label: 'class 1',
      score: 0.9987,
      inferences: [0.0013, 0.9987],
      execution: 'arn:aws:states:us-east-1:000000000000:execution:workflow:confident',
      correlation_id: 'confident',
      console: `${CONSOLE}arn:aws:states:us-east-1:000000000000:execution:workflow:confident`,
    });
    expect(s3Mock).toHaveReceivedNthCommandWith(1, GetObjectCommand, {
      Bucket: 'images',
      Key: 'test/bicycle_s_000513.png',
      Range: 'bytes=0-63',
    });
    expect(s3Mock).toHaveReceivedNthCommandWith(2, GetObjectCommand, { Bucket: 'images', Key: 'test/bicycle_s_000513.png', IfMatch: ETAG });
  });

  it('publishes a failure naming ThresholdConfidenceNotMet and the original key, and fails', async () => {
    sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.3, 0.7]'));

    const execution = await workflow.run({ functions, input, executionName: 'unsure' });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ThresholdConfidenceNotMet');
    expect(execution.cause).toBe(
      "Top label 'class 1' scored 0.7, below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png",
    );
    expect(execution.published).toHaveLength(1);
    expect(JSON.parse(execution.published[0]!.message)).toStrictEqual({
      status: 'failed',
      error: 'ThresholdConfidenceNotMet',
      message: "Top label 'class 1' scored 0.7, below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png",
      s3_bucket: 'images',
      s3_key: 'test/bicycle_s_000513.png',
      execution: 'arn:aws:states:us-east-1:000000000000:execution:workflow:unsure',
      correlation_id: 'unsure',
      console: `${CONSOLE}arn:aws:states:us-east-1:000000000000:execution:workflow:unsure`,
    });
    expect(retriesOf(execution, WORKFLOW_STATES.filter)).toBe(0);
  });

  it('retries a throttled classification exactly twice, then succeeds', async () => {
    sagemakerMock.on(InvokeEndpointCommand).rejectsOnce(throttling()).rejectsOnce(throttling()).resolves(scores('[0.01, 0.99]'));

    const execution = await workflow.run({ functions, input });

    expect(execution.status).toBe('SUCCEEDED');
    expect(retriesOf(execution, WORKFLOW_STATES.classify)).toBe(2);
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 3);
    expect(execution.published.map((published) => published.subject)).toStrictEqual(['Image classification succeeded']);
  });

  it('does not retry ImageNotFound and publishes the failure with the bucket and key', async () => {
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));

    const execution = await workflow.run({ functions, input });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ImageNotFound');
    expect(retriesOf(execution, WORKFLOW_STATES.serialize)).toBe(0);
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(JSON.parse(execution.published[0]!.message)).toMatchObject({
      status: 'failed',
      error: 'ImageNotFound',
      message: 'Object not found: s3://images/test/bicycle_s_000513.png',
      s3_bucket: 'images',
      s3_key: 'test/bicycle_s_000513.png',
    });
  });

  it('fails with a notification even when the input is not an object', async () => {
    const execution = await workflow.run({ functions, input: 'test/bicycle_s_000513.png' });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('InvalidInput');
    expect(JSON.parse(execution.published[0]!.message)).toMatchObject({
      error: 'InvalidInput',
      message: 'Expected a JSON object as input, got: string',
      s3_bucket: '',
      s3_key: '',
    });
  });

  describe('the failure report', () => {
    const failing = (failure: Error) => ({ ...functions, [functionArns.classifyImageData]: () => Promise.reject(failure) });
    const reportOf = (execution: LocalExecution) => {
      expect(execution.published).toHaveLength(1);
      return JSON.parse(execution.published[0]!.message) as Record<string, unknown>;
    };

    it.each([
      ['a timeout with no cause', new IntegrationFailure('States.Timeout'), 'No cause was given.'],
      [
        'a cause in plain text',
        new IntegrationFailure('States.TaskFailed', 'Task timed out after 80.00 seconds'),
        'Task timed out after 80.00 seconds',
      ],
      [
        'a JSON cause without errorMessage text',
        new IntegrationFailure('Runtime.ExitError', '{"errorType":"Runtime.ExitError","errorMessage":{"code":137}}'),
        '{"errorType":"Runtime.ExitError","errorMessage":{"code":137}}',
      ],
      [
        'a cause shaped like Lambda error JSON but cut short',
        new IntegrationFailure('Lambda.Unknown', '{"errorType":"X","errorMessage":"cut sh'),
        '{"errorType":"X","errorMessage":"cut sh',
      ],
    ])('reports %s exactly once, with bucket and key', async (_, failure, message) => {
      const execution = await workflow.run({ functions: failing(failure), input: { body: input } });

      expect(execution).toMatchObject({ status: 'FAILED', error: failure.name });
      expect(reportOf(execution)).toMatchObject({
        status: 'failed',
        error: failure.name,
        message,
        s3_bucket: 'images',
        s3_key: 'test/bicycle_s_000513.png',
      });
    });

    it('reports a function error by its own message, without the stack trace', async () => {
      const execution = await workflow.run({ functions, input: { s3_bucket: 'images', s3_key: 42 } });

      const report = reportOf(execution);
      expect(report).toMatchObject({ error: 'InvalidInput', s3_bucket: '', s3_key: '' });
      expect(report.message).toBe('Invalid input: "s3_key" must be a non-empty string, got: 42');
      expect(execution.published[0]!.message).not.toContain('trace');
    });

    it('never tells a person the image failed when only its success email could not be published (NotificationFailed)', async () => {
      sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.0013, 0.9987]'));
      const rejectPublish = (message: string) =>
        message.includes('"succeeded"') ? new IntegrationFailure('States.Timeout', '') : undefined;

      const execution = await workflow.run({ functions, input, rejectPublish, executionName: 'quiet-topic' });

      expect(execution).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
      expect(execution.published).toStrictEqual([]);
      expect(JSON.parse(execution.cause!)).toStrictEqual({
        message: 'The image was classified; the notification could not be published.',
        error: 'States.Timeout',
        result: CONFIDENT_OUTPUT,
      });
    });

    it('falls back to a brief report when the full one cannot be published', async () => {
      sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.3, 0.7]'));
      const rejectPublish = (message: string) =>
        message.includes('"s3_key"') ? new IntegrationFailure('SNS.InvalidParameterException', 'Invalid parameter') : undefined;

      const execution = await workflow.run({ functions, input, rejectPublish });

      expect(execution).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet' });
      expect(reportOf(execution)).toStrictEqual({
        status: 'failed',
        error: 'ThresholdConfidenceNotMet',
        message: 'The full failure report could not be published; see the execution for its error and input.',
        execution: 'arn:aws:states:us-east-1:000000000000:execution:workflow:local-execution',
        correlation_id: 'local-execution',
        console: `${CONSOLE}arn:aws:states:us-east-1:000000000000:execution:workflow:local-execution`,
      });
    });

    it('reports a request near the 256 KB quota once, briefly, without copying its key into a state (no States.DataLimitExceeded)', async () => {
      const huge = { s3_bucket: 'images', s3_key: `test/${'a'.repeat(262_000)}` };
      expect(Buffer.byteLength(JSON.stringify(huge))).toBeLessThan(262_144);

      const execution = await workflow.run({ functions, input: huge });

      expect(execution).toMatchObject({ status: 'FAILED', error: 'InvalidInput' });
      expect(largestPayloadBytes(execution)).toBeLessThanOrEqual(262_144);
      expect(reportOf(execution)).toMatchObject({
        status: 'failed',
        error: 'InvalidInput',
        message: expect.stringContaining('The full failure report could not be published'),
      });
    });
  });
});

describe('result objects and the notification policy', () => {
  const withPolicy = (notifyOn: string) => {
    const local = createLocalWorkflow(imageClassificationWorkflow({ ...WORKFLOW_ARNS, notifyOn }).render());
    return (options: Omit<Parameters<typeof local.run>[0], 'dynamodb'>) =>
      local.run({ dynamodb: createLocalDynamoDb({ [WORKFLOW_ARNS.uploadRecords.tableName]: { hashKey: 'pk' } }), s3, ...options });
  };
  const written = () =>
    s3Mock.commandCalls(PutObjectCommand).map(({ args: [{ input }] }) => ({
      Bucket: input.Bucket,
      Key: input.Key,
      ContentType: input.ContentType,
      body: JSON.parse(input.Body as string) as Record<string, unknown>,
    }));
  const RESULT_KEY = 'classification-results/images/test/bicycle_s_000513.png.json';
  const EXECUTION = 'arn:aws:states:us-east-1:000000000000:execution:workflow:';

  it("writes a passed image's result: verdict, top class, scores, image, endpoint, execution and time", async () => {
    sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.0013, 0.9987]'));

    await workflow.run({ functions, input, executionName: 'kept' });

    expect(written()).toStrictEqual([
      {
        Bucket: 'images',
        Key: RESULT_KEY,
        ContentType: 'application/json',
        body: {
          verdict: 'passed',
          label: 'class 1',
          score: 0.9987,
          s3_bucket: 'images',
          s3_key: 'test/bicycle_s_000513.png',
          s3_etag: ETAG,
          endpoint: 'image-classification-2026',
          execution: `${EXECUTION}kept`,
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
          scores: [0.0013, 0.9987],
        },
      },
    ]);
  });

  it('writes a below-threshold result with its top class and the error, and a failure before any image was read under the execution', async () => {
    sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.3, 0.7]'));

    await workflow.run({ functions, input, executionName: 'unsure' });
    await workflow.run({ functions, input: 'not an object', executionName: 'bad-input' });

    const [belowThreshold, invalid] = written();
    expect(belowThreshold).toMatchObject({
      Key: RESULT_KEY,
      body: {
        verdict: 'below_threshold',
        label: 'class 1',
        score: 0.7,
        scores: [0.3, 0.7],
        s3_etag: ETAG,
        error: 'ThresholdConfidenceNotMet',
        message: "Top label 'class 1' scored 0.7, below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png",
      },
    });
    expect(invalid!.Key).toBe('classification-results/requests/bad-input.json');
    expect(invalid!.body).toStrictEqual({
      verdict: 'failed',
      s3_bucket: '',
      s3_key: '',
      endpoint: 'image-classification-2026',
      execution: `${EXECUTION}bad-input`,
      time: expect.any(String),
      error: 'InvalidInput',
      message: 'Expected a JSON object as input, got: string',
    });
  });

  it('notifies exactly as before when the result cannot be written', async () => {
    sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.0013, 0.9987]'));
    s3Mock
      .on(PutObjectCommand)
      .rejects(
        new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Reduce your rate' }),
      );

    const execution = await workflow.run({ functions, input });

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification succeeded']);
  });

  it('notify_on=failures: no email for a classified image, one for a failure; every result written', async () => {
    const run = withPolicy('failures');
    sagemakerMock.on(InvokeEndpointCommand).resolvesOnce(scores('[0.0013, 0.9987]')).resolvesOnce(scores('[0.3, 0.7]'));

    const classified = await run({ functions, input, executionName: 'quiet' });
    const failed = await run({ functions, input, executionName: 'told' });

    expect(classified).toMatchObject({ status: 'SUCCEEDED', published: [] });
    expect(classified.output).toMatchObject({ body: { label: 'class 1', score: 0.9987 } });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet' });
    expect(failed.published.map(({ subject }) => subject)).toStrictEqual(['Image classification failed']);
    expect(written().map(({ body }) => body.verdict)).toStrictEqual(['passed', 'below_threshold']);
  });

  it('notify_on=none: no email at all; the failure still fails the execution, which the alarms count', async () => {
    const run = withPolicy('none');
    sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.3, 0.7]'));

    const failed = await run({ functions, input });

    expect(failed).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet', published: [] });
    expect(written().map(({ body }) => body.verdict)).toStrictEqual(['below_threshold']);
  });
});
