import { PassState, StateMachineDefinition, SucceedState } from '../../asl';
import { createLocalDynamoDb } from '../../local/local-dynamodb';
import { createLocalWorkflow } from '../../local/run-workflow';
import { UPLOAD_RECORD_STATES, UPLOAD_RECORD_TTL_SECONDS, uploadRecordStates } from '../../workflow/upload-record';

const TABLE = 'uploads';
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/uploads';

function definition(): StateMachineDefinition {
  const record = uploadRecordStates({ tableName: TABLE, tableArn: TABLE_ARN, next: 'Classify', onFailure: 'Notify failure' });
  return new StateMachineDefinition({
    queryLanguage: 'JSONata',
    startAt: record.startAt,
    states: [...record.states, new PassState('Classify', { end: true }), new SucceedState('Notify failure')],
  });
}

const workflow = createLocalWorkflow(definition().render());
const upload = {
  s3_bucket: 'images',
  s3_key: 'test/red flower+1 ü.png',
  s3_etag: 'abc',
  s3_sequencer: '0062E99A88DC407460',
  source_event_id: 'e-1',
};

function visited(execution: Awaited<ReturnType<typeof workflow.run>>): string[] {
  return execution.events.filter((event) => event.type === 'StateEntered').map((event) => ('state' in event ? event.state.name : ''));
}

describe('uploadRecordStates', () => {
  it('records an upload once and ends a repeated delivery quietly', async () => {
    const dynamodb = createLocalDynamoDb({ [TABLE]: { hashKey: 'pk' } });
    const startTime = new Date('2026-11-25T12:00:00Z');

    const first = await workflow.run({ input: upload, functions: {}, dynamodb, startTime });
    const second = await workflow.run({ input: upload, functions: {}, dynamodb, startTime });

    expect(first).toMatchObject({ status: 'SUCCEEDED', output: upload });
    expect(visited(first)).toStrictEqual([UPLOAD_RECORD_STATES.check, UPLOAD_RECORD_STATES.record, 'Classify']);
    expect(second.status).toBe('SUCCEEDED');
    expect(visited(second)).toStrictEqual([UPLOAD_RECORD_STATES.check, UPLOAD_RECORD_STATES.record, UPLOAD_RECORD_STATES.duplicate]);
    expect(dynamodb.getItem(TABLE, 's3://images/test/red flower+1 ü.png#0062E99A88DC407460')).toStrictEqual({
      pk: { S: 's3://images/test/red flower+1 ü.png#0062E99A88DC407460' },
      execution_id: { S: 'arn:aws:states:us-east-1:000000000000:execution:workflow:local-execution' },
      recorded_at: { S: '2026-11-25T12:00:00.000Z' },
      expires_at: { N: String(Date.parse('2026-11-25T12:00:00Z') / 1000 + UPLOAD_RECORD_TTL_SECONDS) },
    });
  });

  it('classifies a new upload to the same key again', async () => {
    const dynamodb = createLocalDynamoDb({ [TABLE]: { hashKey: 'pk' } });

    await workflow.run({ input: upload, functions: {}, dynamodb });
    const again = await workflow.run({ input: { ...upload, s3_sequencer: '0062E99A88DC407461', s3_etag: 'def' }, functions: {}, dynamodb });

    expect(visited(again)).toStrictEqual([UPLOAD_RECORD_STATES.check, UPLOAD_RECORD_STATES.record, 'Classify']);
    expect(dynamodb.itemCount(TABLE)).toBe(2);
  });

  it('skips the record for a manual start that names no upload', async () => {
    const dynamodb = createLocalDynamoDb({ [TABLE]: { hashKey: 'pk' } });

    const execution = await workflow.run({ input: { s3_bucket: 'images', s3_key: 'test/a.png' }, functions: {}, dynamodb });

    expect(visited(execution)).toStrictEqual([UPLOAD_RECORD_STATES.check, 'Classify']);
    expect(dynamodb.itemCount(TABLE)).toBe(0);
  });

  it('sends any other failure of the write to the failure path', async () => {
    const execution = await workflow.run({ input: upload, functions: {}, dynamodb: createLocalDynamoDb({}) });

    expect(visited(execution)).toStrictEqual([UPLOAD_RECORD_STATES.check, UPLOAD_RECORD_STATES.record, 'Notify failure']);
    expect(execution.output).toMatchObject({ Error: 'DynamoDB.ResourceNotFoundException' });
  });

  it('declares dynamodb:PutItem on the table only', () => {
    expect(definition().permissions()).toStrictEqual([{ actions: ['dynamodb:PutItem'], resources: [TABLE_ARN] }]);
  });
});
