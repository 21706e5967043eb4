import { ALL_ERRORS, FailState, StateMachineDefinition, SucceedState, lambdaInvoke } from '../../asl';
import { createLocalDynamoDb } from '../../local/local-dynamodb';
import type { LocalDynamoDb } from '../../local/local-dynamodb';
import { createLocalWorkflow } from '../../local/run-workflow';
import type { LocalExecution, LocalFunction } from '../../local/run-workflow';
import { UPLOAD_OUTCOMES, UPLOAD_RECORD_STATES, UPLOAD_RECORD_TTL_SECONDS, uploadRecord } from '../../workflow/upload-record';

const TABLE = 'uploads';
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/uploads';
const CLASSIFY_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:classify';
const EXECUTION_TIMEOUT_SECONDS = 600;
/** The states that record each outcome in this test's definition. */
const RECORDED = { classified: 'Record classified', failed: 'Record failure' } as const;

/** The record's states around one step that classifies: success records `classified`, a failure records `failed`. */
function definition(): StateMachineDefinition {
  const record = uploadRecord({ tableName: TABLE, tableArn: TABLE_ARN, executionTimeoutSeconds: EXECUTION_TIMEOUT_SECONDS });
  return new StateMachineDefinition({
    queryLanguage: 'JSONata',
    timeoutSeconds: EXECUTION_TIMEOUT_SECONDS,
    states: [
      ...record.start('Classify', RECORDED.failed),
      lambdaInvoke('Classify', {
        functionArn: CLASSIFY_ARN,
        timeoutSeconds: 10,
        serviceRetry: null,
        catch: [{ errorEquals: [ALL_ERRORS], next: RECORDED.failed }],
        next: RECORDED.classified,
      }),
      record.finish(RECORDED.classified, UPLOAD_OUTCOMES.classified, 'Done'),
      new SucceedState('Done'),
      record.finish(RECORDED.failed, UPLOAD_OUTCOMES.failed, 'Failed'),
      new FailState('Failed', { error: '{% $states.input.Error %}' }),
    ],
  });
}

const workflow = createLocalWorkflow(definition().render());
const upload = { s3_bucket: 'images', s3_key: 'test/red flower+1 ü.png', s3_etag: 'abc', s3_sequencer: '0062E99A88DC407460' };
const KEY = 's3://images/test/red flower+1 ü.png#0062E99A88DC407460';
const classifies: LocalFunction = () => ({ inferences: [0.1, 0.9] });
const throttled: LocalFunction = () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

function visited(execution: LocalExecution): string[] {
  return execution.events.filter((event) => event.type === 'StateEntered').map((event) => ('state' in event ? event.state.name : ''));
}

function run(dynamodb: LocalDynamoDb, classify: LocalFunction, input: unknown = upload, executionName = 'local-execution') {
  return workflow.run({
    input,
    functions: { [CLASSIFY_ARN]: classify },
    dynamodb,
    startTime: new Date('2026-11-25T12:00:00Z'),
    executionName,
  });
}

describe('the upload record', () => {
  let dynamodb: LocalDynamoDb;
  beforeEach(() => {
    dynamodb = createLocalDynamoDb({ [TABLE]: { hashKey: 'pk' } });
  });

  it('records a classified upload and ends a repeated delivery of its event quietly', async () => {
    const first = await run(dynamodb, classifies);
    const second = await run(dynamodb, classifies);

    expect(visited(first)).toStrictEqual([UPLOAD_RECORD_STATES.record, 'Classify', RECORDED.classified, 'Done']);
    expect(visited(second)).toStrictEqual([UPLOAD_RECORD_STATES.record, UPLOAD_RECORD_STATES.handled]);
    const started = Date.parse('2026-11-25T12:00:00Z') / 1000;
    expect(dynamodb.getItem(TABLE, KEY)).toStrictEqual({
      pk: { S: KEY },
      outcome: { S: 'classified' },
      execution_id: { S: 'arn:aws:states:us-east-1:000000000000:execution:workflow:local-execution' },
      started_at: { N: String(started) },
      expires_at: { N: String(started + UPLOAD_RECORD_TTL_SECONDS) },
    });
  });

  it('classifies a failed upload again when its execution is re-run with the same input', async () => {
    const failed = await run(dynamodb, throttled);
    const rerun = await run(dynamodb, classifies);

    expect(failed).toMatchObject({ status: 'FAILED', error: 'ThrottlingException' });
    expect(visited(failed)).toStrictEqual([UPLOAD_RECORD_STATES.record, 'Classify', RECORDED.failed, 'Failed']);
    expect(rerun.status).toBe('SUCCEEDED');
    expect(visited(rerun)).toStrictEqual([UPLOAD_RECORD_STATES.record, 'Classify', RECORDED.classified, 'Done']);
    expect(dynamodb.getItem(TABLE, KEY)?.outcome).toStrictEqual({ S: 'classified' });
  });

  it('lets only one of two deliveries of one event arriving at the same moment classify', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow: LocalFunction = async () => {
      calls += 1;
      await gate;
      return { inferences: [0.1, 0.9] };
    };

    const both = Promise.all([run(dynamodb, slow), run(dynamodb, slow)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const executions = await both;

    expect(calls).toBe(1);
    expect(
      executions
        .map(visited)
        .map((states) => states.at(-1))
        .sort(),
    ).toStrictEqual(['Done', UPLOAD_RECORD_STATES.handled]);
  });

  it('lets a re-run take over an upload whose execution can no longer be running', async () => {
    const stuck = { pk: { S: KEY }, outcome: { S: 'in progress' }, execution_id: { S: 'arn:old' }, started_at: { N: '1000' } };
    dynamodb.putItem({ TableName: TABLE, Item: stuck });

    const rerun = await run(dynamodb, classifies);

    expect(visited(rerun)).toStrictEqual([UPLOAD_RECORD_STATES.record, 'Classify', RECORDED.classified, 'Done']);
  });

  it('ends quietly while another execution still has the upload in progress', async () => {
    const started = Date.parse('2026-11-25T12:00:00Z') / 1000;
    const running = {
      pk: { S: KEY },
      outcome: { S: 'in progress' },
      execution_id: { S: 'arn:other' },
      started_at: { N: String(started - 10) },
    };
    dynamodb.putItem({ TableName: TABLE, Item: running });

    const execution = await run(dynamodb, classifies);

    expect(visited(execution)).toStrictEqual([UPLOAD_RECORD_STATES.record, UPLOAD_RECORD_STATES.handled]);
  });

  it('classifies a new upload to the same key, and records each manual start under its own execution', async () => {
    await run(dynamodb, classifies);
    const newer = await run(dynamodb, classifies, { ...upload, s3_sequencer: '0062E99A88DC407461', s3_etag: 'def' });
    const manual = await run(dynamodb, classifies, { s3_bucket: 'images', s3_key: 'test/a.png' }, 'manual-1');
    const manualAgain = await run(dynamodb, classifies, { s3_bucket: 'images', s3_key: 'test/a.png' }, 'manual-2');

    expect([newer, manual, manualAgain].map((execution) => visited(execution).at(-1))).toStrictEqual(['Done', 'Done', 'Done']);
    expect(dynamodb.itemCount(TABLE)).toBe(4);
  });

  it('goes on to the failure path when the record cannot be written, and never stops there', async () => {
    const execution = await workflow.run({ input: upload, functions: { [CLASSIFY_ARN]: classifies }, dynamodb: createLocalDynamoDb({}) });

    expect(visited(execution)).toStrictEqual([UPLOAD_RECORD_STATES.record, RECORDED.failed, 'Failed']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ResourceNotFoundException' });
  });

  it('declares dynamodb:PutItem on the table only', () => {
    expect(definition().permissions()).toContainEqual({ actions: ['dynamodb:PutItem'], resources: [TABLE_ARN] });
  });
});
