import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient, SageMakerRuntimeServiceException } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { WORKFLOW_STATES, imageClassificationWorkflow } from '../../workflow/image-classification';
import { classifyImageData, filterInferenceData, serializeImageData } from '../../handlers';
import { createLocalWorkflow } from '../../local/run-workflow';
import type { LocalExecution } from '../../local/run-workflow';
import { SMALL_PNG } from '../helpers/images';
import { WORKFLOW_ARNS } from '../helpers/workflow';

const s3Mock = mockClient(S3Client);
const sagemakerMock = mockClient(SageMakerRuntimeClient);
const s3 = new S3Client({ region: 'us-east-1' });
const sagemaker = new SageMakerRuntimeClient({ region: 'us-east-1' });
const { functionArns, topicArn } = WORKFLOW_ARNS;

/** The real handler functions, with their SDK clients mocked, standing in for the deployed Lambdas. */
const functions = {
  [functionArns.serializeImageData]: (event: unknown) => serializeImageData(event, { s3 }),
  [functionArns.classifyImageData]: (event: unknown) => classifyImageData(event, { sagemaker, endpointName: 'image-classification-2026' }),
  [functionArns.filterInferenceData]: (event: unknown) => filterInferenceData(event, { threshold: 0.93 }),
};

const workflow = createLocalWorkflow(imageClassificationWorkflow(WORKFLOW_ARNS).render());
const input = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', image_data: '' };

function scores(text: string) {
  return { $metadata: {}, Body: new TextEncoder().encode(text) as never };
}

function throttling(): SageMakerRuntimeServiceException {
  return new SageMakerRuntimeServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });
}

function retriesOf(execution: LocalExecution, stateName: string): number {
  return execution.events.filter((event) => event.type === 'StateRetried' && 'state' in event && event.state.name === stateName).length;
}

beforeEach(() => {
  s3Mock.on(GetObjectCommand).resolves({ $metadata: {}, ContentLength: SMALL_PNG.length, Body: { transformToByteArray: async () => SMALL_PNG } as never });
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
    expect(execution.output).toStrictEqual({
      statusCode: 200,
      body: { image_data: SMALL_PNG.toString('base64'), s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', inferences: [0.0013, 0.9987] },
    });
    expect(execution.published).toHaveLength(1);
    expect(execution.published[0]!.topicArn).toBe(topicArn);
    expect(execution.published[0]!.subject).toBe('Image classification succeeded');
    expect(JSON.parse(execution.published[0]!.message)).toStrictEqual({
      status: 'succeeded',
      s3_bucket: 'images',
      s3_key: 'test/bicycle_s_000513.png',
      inferences: [0.0013, 0.9987],
      execution: 'arn:aws:states:local:000000000000:execution:workflow:confident',
    });
  });

  it('publishes a failure naming ThresholdConfidenceNotMet and the original key, and fails', async () => {
    sagemakerMock.on(InvokeEndpointCommand).resolves(scores('[0.3, 0.7]'));

    const execution = await workflow.run({ functions, input, executionName: 'unsure' });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ThresholdConfidenceNotMet');
    expect(JSON.parse(execution.cause!)).toMatchObject({
      errorType: 'ThresholdConfidenceNotMet',
      errorMessage: 'Highest inference 0.7 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png',
    });
    expect(execution.published).toHaveLength(1);
    const message = JSON.parse(execution.published[0]!.message) as Record<string, unknown>;
    expect(message).toMatchObject({ status: 'failed', error: 'ThresholdConfidenceNotMet', input });
    expect(JSON.parse(message.cause as string)).toMatchObject({ errorType: 'ThresholdConfidenceNotMet' });
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

  it('does not retry ImageNotFound and publishes the failure with the original input', async () => {
    s3Mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));

    const execution = await workflow.run({ functions, input });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ImageNotFound');
    expect(retriesOf(execution, WORKFLOW_STATES.serialize)).toBe(0);
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ status: 'failed', error: 'ImageNotFound', input });
  });

  it('fails with a notification even when the input is not an object', async () => {
    const execution = await workflow.run({ functions, input: 'test/bicycle_s_000513.png' });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('InvalidInput');
    expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ error: 'InvalidInput', input: 'test/bicycle_s_000513.png' });
  });
});
