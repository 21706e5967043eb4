import { createLocalDynamoDb } from '../../../local/local-dynamodb';
import { IntegrationFailure, createLocalWorkflow } from '../../../local/run-workflow';
import type { RunWorkflowOptions } from '../../../local/run-workflow';
import { localS3Suite } from '../local-s3-suite';
import { validAsl } from '../valid-asl';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:results';

/** One task, its Arguments and Output as given. */
const oneTask = (Resource: string, task: object) =>
  validAsl({ QueryLanguage: 'JSONata', StartAt: 'Call', States: { Call: { Type: 'Task', Resource, End: true, ...task } } });

const run = (definition: object, options: Partial<RunWorkflowOptions> = {}) =>
  createLocalWorkflow(definition).run({ input: {}, functions: {}, ...options });

const causePattern = (message: string, service: string, status: number, code: string) =>
  new RegExp(`^${message} \\(Service: ${service}; Status Code: ${status}; Error Code: ${code}; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`);

describe('lambda:invoke', () => {
  it('fails with Lambda.ResourceNotFoundException for a function it has no stand-in for', async () => {
    const definition = oneTask('arn:aws:states:::lambda:invoke', { Arguments: { FunctionName: 'missing' } });

    const execution = await run(definition);

    expect(execution).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
    expect(execution.cause).toMatch(causePattern('Function not found: missing', 'AWSLambda', 404, 'ResourceNotFoundException'));
  });
});

describe('sns:publish', () => {
  const publish = (Message: unknown) =>
    oneTask('arn:aws:states:::sns:publish', { Arguments: { TopicArn: TOPIC, Subject: 'Done', Message }, Output: '{% $states.result %}' });

  it('captures the message as SNS delivers it: an object as JSON text', async () => {
    const execution = await run(publish({ key: '{% $states.input.key %}', n: 1 }), { input: { key: 'a.png' } });

    expect(execution.published).toStrictEqual([{ topicArn: TOPIC, subject: 'Done', message: '{"key":"a.png","n":1}' }]);
    expect(execution.output).toStrictEqual({ MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('fails with SNS.InvalidParameterException for a message over 256 KB, publishing nothing', async () => {
    const execution = await run(publish('x'.repeat(262_145)));

    expect(execution).toMatchObject({ status: 'FAILED', error: 'SNS.InvalidParameterException', published: [] });
    expect(execution.cause).toMatch(causePattern('Invalid parameter: Message too long', 'AmazonSNS', 400, 'InvalidParameter'));
  });

  it('fails as rejectPublish says', async () => {
    const execution = await run(publish('hello'), { rejectPublish: () => new IntegrationFailure('SNS.AuthorizationErrorException', 'no') });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'SNS.AuthorizationErrorException', cause: 'no', published: [] });
  });
});

describe('dynamodb:putItem', () => {
  const put = oneTask('arn:aws:states:::dynamodb:putItem', {
    Arguments: { TableName: 'uploads', Item: { pk: { S: '{% $states.input.key %}' } }, ConditionExpression: 'attribute_not_exists(pk)' },
  });

  it('writes the item, then fails a second conditional write with DynamoDB.ConditionalCheckFailedException', async () => {
    const dynamodb = createLocalDynamoDb({ uploads: { hashKey: 'pk' } });

    const first = await run(put, { input: { key: 'k' }, dynamodb });
    const second = await run(put, { input: { key: 'k' }, dynamodb });

    expect(first).toMatchObject({ status: 'SUCCEEDED', output: {} });
    expect(dynamodb.getItem('uploads', 'k')).toStrictEqual({ pk: { S: 'k' } });
    expect(second).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ConditionalCheckFailedException' });
    expect(second.cause).toMatch(
      causePattern('The conditional request failed', 'AmazonDynamoDBv2', 400, 'ConditionalCheckFailedException'),
    );
  });

  it('fails with DynamoDB.ResourceNotFoundException without tables', async () => {
    await expect(run(put, { input: { key: 'k' } })).resolves.toMatchObject({
      status: 'FAILED',
      error: 'DynamoDB.ResourceNotFoundException',
    });
  });
});

describe('aws-sdk:s3:putObject', () => {
  const local = localS3Suite((s3) => s3.createBucket('results'));

  const putObject = (Body: unknown, extra: object = {}) =>
    oneTask('arn:aws:states:::aws-sdk:s3:putObject', { Arguments: { Bucket: 'results', Key: '{% $states.input.key %}', Body, ...extra } });

  it('writes Body as JSON text, a string with its quotes as AWS does, typed text/plain unless told', async () => {
    const text = await run(putObject('{% $states.input.text %}'), { input: { key: 'a.txt', text: 'text data' }, s3: local.client });
    const object = await run(putObject({ label: 'cat' }, { ContentType: 'application/json' }), {
      input: { key: 'b.json' },
      s3: local.client,
    });

    expect(text).toMatchObject({ status: 'SUCCEEDED', output: { ETag: '"2b5df3712557f503a9977a8ea893b2c9"' } });
    expect(Buffer.from(local.s3.get('results', 'a.txt')!.bytes).toString()).toBe('"text data"');
    expect(local.s3.get('results', 'a.txt')!.contentType).toBe('text/plain; charset=UTF-8');
    expect(object.status).toBe('SUCCEEDED');
    expect(Buffer.from(local.s3.get('results', 'b.json')!.bytes).toString()).toBe('{"label":"cat"}');
    expect(local.s3.get('results', 'b.json')!.contentType).toBe('application/json');
  });

  it("fails with S3's error as the SDK integration names it", async () => {
    const definition = oneTask('arn:aws:states:::aws-sdk:s3:putObject', { Arguments: { Bucket: 'nowhere', Key: 'k', Body: 'x' } });

    const execution = await run(definition, { s3: local.client });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'S3.NoSuchBucketException' });
    expect(execution.cause).toMatch(
      /^The specified bucket does not exist \(Service: S3, Status Code: 404, Request ID: [0-9a-f-]{36}, Extended Request ID: [0-9a-f-]{36}\)$/,
    );
  });
});
