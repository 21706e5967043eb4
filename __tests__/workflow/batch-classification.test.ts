import type { S3Client } from '@aws-sdk/client-s3';
import { worstCaseDurationSeconds } from '../../asl';
import type { JsonObject } from '../../asl';
import { localS3Client, startLocalS3 } from '../../local/local-s3';
import type { LocalS3 } from '../../local/local-s3';
import { IntegrationFailure, createLocalWorkflow } from '../../local/run-workflow';
import type { LocalExecution, LocalFunction } from '../../local/run-workflow';
import { BATCH_STATES, INCOMPLETE_SUMMARY, INVALID_INPUT, batchClassificationWorkflow } from '../../workflow/batch-classification';
import { EXECUTION_TIMEOUT_MARGIN_SECONDS, EXPRESS_MAX_SECONDS, REFUSED_INVOKE_SECONDS } from '../../workflow/retry-budget';
import { aslValidationErrors } from '../helpers/asl-validator';
import { WORKFLOW_ARNS } from '../helpers/workflow';
import { PLACEHOLDER_BATCH_SETTINGS } from '../../scripts/workflow-diagram';

const { functionArns } = WORKFLOW_ARNS;
const BATCH_PROPS = { ...WORKFLOW_ARNS, ...PLACEHOLDER_BATCH_SETTINGS };
const rendered = batchClassificationWorkflow(BATCH_PROPS).toJSON() as JsonObject & { States: Record<string, JsonObject> };
const CONSOLE = 'https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/';
const FAILED_SUBJECT = 'Image classification batch failed';

/** The one failure email of an execution, parsed. */
function reportOf(execution: LocalExecution): Record<string, unknown> {
  expect(execution.published.map(({ subject }) => subject)).toStrictEqual([FAILED_SUBJECT]);
  return JSON.parse(execution.published[0]!.message) as Record<string, unknown>;
}

describe('the batch definition', () => {
  it('is valid ASL', () => {
    expect(aslValidationErrors(JSON.stringify(rendered))).toBe('');
  });

  it("sizes the child executions' retries so that their worst case fits an EXPRESS execution's 300 s", () => {
    const processor = rendered.States[BATCH_STATES.map]!.ItemProcessor as JsonObject;

    const worstCase = worstCaseDurationSeconds(processor, {
      refusedBeforeRunning: { errors: ['Lambda.TooManyRequestsException'], attemptSeconds: REFUSED_INVOKE_SECONDS },
    });

    expect(worstCase + EXECUTION_TIMEOUT_MARGIN_SECONDS).toBeLessThanOrEqual(EXPRESS_MAX_SECONDS);
  });

  it('gives every task, SNS ones included, a TimeoutSeconds', () => {
    const tasks = Object.entries(rendered.States).filter(([, state]) => state.Type === 'Task');

    expect(tasks.filter(([, state]) => typeof state.TimeoutSeconds !== 'number').map(([name]) => name)).toStrictEqual([]);
    expect(tasks.map(([name]) => name)).toEqual(expect.arrayContaining([BATCH_STATES.notifySummary, BATCH_STATES.notifyFailure]));
  });
});

describe('the batch executed offline', () => {
  let s3: LocalS3;
  let client: S3Client;
  const workflow = createLocalWorkflow(JSON.stringify(rendered), { stateMachineName: 'batch' });
  /** Children fail (no stand-in classifies); the batch tolerates that and goes on to its summary. */
  const functions = (summarize: LocalFunction): Record<string, LocalFunction> => ({
    [functionArns.serializeImageData]: () => Promise.reject(Object.assign(new Error('not an image'), { name: 'InvalidImage' })),
    [functionArns.summarizeBatchResults]: summarize,
  });
  const summary = () => ({
    total: 1,
    succeeded: 0,
    failed: 1,
    pending: 0,
    skipped: 0,
    classified_by_label: {},
    other_labels: 0,
    failures_by_error: {},
    other_errors: 0,
    results: 's3://x/',
  });

  beforeAll(async () => {
    s3 = await startLocalS3();
    client = localS3Client(s3.url);
    s3.put('images', 'test/a.png', { bytes: Buffer.from([1]) });
  });

  afterAll(async () => {
    client.destroy();
    await s3.close();
  });

  it.each([
    ["writes a failed image's result object", 'InvalidImage', 1],
    ['writes no result object for an image a newer upload superseded (its own execution writes it)', 'ImageSuperseded', 0],
  ])('%s', async (_, error, objects) => {
    s3.put('images', 'superseded/a.png', { bytes: Buffer.from([1]) });
    const serialize = () => Promise.reject(Object.assign(new Error('no'), { name: error }));
    const before = s3.list('images', 'classification-results/').length;

    const execution = await workflow.run({
      input: { s3_bucket: 'images', s3_prefix: 'superseded/' },
      functions: { ...functions(summary), [functionArns.serializeImageData]: serialize },
      s3: client,
      executionName: `child-${error}`,
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(s3.list('images', 'classification-results/').length - before).toBe(objects);
  });

  it('ends in one summary when its input is right', async () => {
    const execution = await workflow.run({ input: { s3_bucket: 'images', s3_prefix: 'test/' }, functions: functions(summary), s3: client });

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch finished']);
  });

  it('accepts an empty s3_prefix as the whole bucket', async () => {
    const keys: string[] = [];

    const execution = await workflow.run({
      input: { s3_bucket: 'images', s3_prefix: '' },
      functions: functions(summary),
      s3: client,
      onChild: (child) => keys.push((JSON.parse(child.Input) as { s3_key: string }).s3_key),
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(keys).toContain('test/a.png');
  });

  it.each([
    ['without s3_prefix', { s3_bucket: 'images' }, { s3_bucket: '', s3_prefix: '' }],
    ['without s3_bucket', { s3_prefix: 'test/' }, { s3_bucket: '', s3_prefix: '' }],
    ['with a number for s3_prefix', { s3_bucket: 'images', s3_prefix: 5 }, { s3_bucket: '', s3_prefix: '' }],
    ['that is a string', 'x', { s3_bucket: '', s3_prefix: '' }],
    ['that is null', null, { s3_bucket: '', s3_prefix: '' }],
    ['that is an empty object', {}, { s3_bucket: '', s3_prefix: '' }],
  ])('refuses an input %s with InvalidInput and one failure email saying what it needs', async (_, input, named) => {
    const execution = await workflow.run({ input, functions: functions(summary), s3: client, executionName: 'bad-input' });

    expect(execution).toMatchObject({ status: 'FAILED', error: INVALID_INPUT.Error, cause: INVALID_INPUT.Cause });
    expect(execution.mapRuns[0]).toBeUndefined();
    expect(reportOf(execution)).toStrictEqual({
      status: 'failed',
      error: 'InvalidInput',
      message: INVALID_INPUT.Cause,
      ...named,
      execution: expect.stringContaining(':execution:'),
      correlation_id: 'bad-input',
      console: expect.stringMatching(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/.*:execution:.*bad-input$/),
    });
  });

  it('reports a summary task that times out, with no cause, in one email naming the bucket and prefix', async () => {
    const execution = await workflow.run({
      input: { s3_bucket: 'images', s3_prefix: 'test/' },
      functions: functions(() => Promise.reject(new IntegrationFailure('States.Timeout'))),
      s3: client,
      executionName: 'slow-summary',
    });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout', cause: 'No cause was given.' });
    expect(reportOf(execution)).toStrictEqual({
      status: 'failed',
      error: 'States.Timeout',
      message: 'No cause was given.',
      s3_bucket: 'images',
      s3_prefix: 'test/',
      execution: expect.stringContaining(':execution:'),
      correlation_id: 'slow-summary',
      console: expect.stringContaining(CONSOLE),
    });
  });

  it('reports a summary result without a field the email reads as InvalidSummary, in one email', async () => {
    const { pending: _, ...incomplete } = summary();

    const execution = await workflow.run({
      input: { s3_bucket: 'images', s3_prefix: 'test/' },
      functions: functions(() => incomplete),
      s3: client,
    });

    expect(execution).toMatchObject({ status: 'FAILED', error: INCOMPLETE_SUMMARY.Error });
    expect(reportOf(execution)).toMatchObject({ error: 'InvalidSummary', message: INCOMPLETE_SUMMARY.Cause, s3_prefix: 'test/' });
  });

  it("reports a failing summary function by its own message, without Lambda's JSON and stack trace", async () => {
    const execution = await workflow.run({
      input: { s3_bucket: 'images', s3_prefix: 'test/' },
      functions: functions(() => Promise.reject(Object.assign(new Error('manifest.json is not JSON'), { name: 'InvalidResults' }))),
      s3: client,
    });

    const report = reportOf(execution);
    expect(report).toMatchObject({
      error: 'InvalidResults',
      message: 'manifest.json is not JSON',
      s3_bucket: 'images',
      s3_prefix: 'test/',
    });
    expect(execution.published[0]!.message).not.toContain('trace');
  });
});
