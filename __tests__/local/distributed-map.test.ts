import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { THRESHOLD_CAUSE, THRESHOLD_ERROR, createLocalBatchWorkflow } from '../../local/distributed-map';
import type { ChildResult } from '../../local/distributed-map';
import { localS3Client, startLocalS3 } from '../../local/local-s3';
import type { LocalS3 } from '../../local/local-s3';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:check';

function definition(map: Record<string, unknown> = {}) {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { 'Bucket.$': '$.bucket', 'Prefix.$': '$.prefix' } },
        ItemSelector: {
          'bucket.$': '$.bucket',
          'key.$': '$$.Map.Item.Value.Key',
          'index.$': '$$.Map.Item.Index',
          'etag.$': '$$.Map.Item.Value.Etag',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: FUNCTION, 'Payload.$': '$' },
              OutputPath: '$.Payload',
              End: true,
            },
          },
        },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'results/' } },
        MaxConcurrency: 3,
        ToleratedFailurePercentage: 50,
        ResultPath: '$.run',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        Next: 'Done',
        ...map,
      },
      Done: { Type: 'Pass', End: true },
      Failed: { Type: 'Pass', End: true },
    },
  };
}

describe('createLocalBatchWorkflow', () => {
  let s3: LocalS3;
  let client: S3Client;
  let inFlight = 0;
  let peak = 0;
  const check = async (event: unknown) => {
    const { key } = event as { key: string };
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    if (key.includes('bad')) throw Object.assign(new Error(`bad: ${key}`), { name: 'InvalidImage' });
    return { ok: key };
  };
  const read = async (key: string) =>
    JSON.parse(await (await client.send(new GetObjectCommand({ Bucket: 'out', Key: key }))).Body!.transformToString()) as unknown;

  beforeAll(async () => {
    s3 = await startLocalS3();
    client = localS3Client(s3.url);
    s3.createBucket('out');
    for (let index = 0; index < 8; index++) s3.put('in', `p/good-${index}.png`, { bytes: Buffer.from([index]) });
    s3.put('in', 'p/bad-1.png', { bytes: Buffer.from('x') });
    s3.put('in', 'q/bad-2.png', { bytes: Buffer.from('y') });
  });

  afterAll(async () => {
    client.destroy();
    await s3.close();
  });

  beforeEach(() => {
    peak = 0;
  });

  it('runs one child per listed object with the ItemSelector applied, at most MaxConcurrency at once, and writes the results as AWS does', async () => {
    const children: ChildResult[] = [];

    const execution = await createLocalBatchWorkflow(definition(), { stateMachineName: 'batch' }).run({
      input: { bucket: 'in', prefix: 'p/' },
      functions: { [FUNCTION]: check },
      s3: client,
      onChild: (child) => children.push(child),
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(peak).toBe(3);
    expect(execution.mapRun).toMatchObject({ items: 9, succeeded: 8, failed: 1 });
    const mapRunId = execution.mapRun!.mapRunArn.split(':').at(-1)!;
    expect(execution.mapRun!.mapRunArn).toBe(`arn:aws:states:us-east-1:000000000000:mapRun:batch/Each:${mapRunId}`);
    expect(execution.output).toStrictEqual({
      bucket: 'in',
      prefix: 'p/',
      run: { MapRunArn: execution.mapRun!.mapRunArn, ResultWriterDetails: { Bucket: 'out', Key: `results/${mapRunId}/manifest.json` } },
    });
    const manifest = (await read(`results/${mapRunId}/manifest.json`)) as { ResultFiles: Record<string, { Key: string; Size: number }[]> };
    expect(manifest).toStrictEqual({
      DestinationBucket: 'out',
      MapRunArn: execution.mapRun!.mapRunArn,
      ResultFiles: {
        FAILED: [{ Key: `results/${mapRunId}/FAILED_0.json`, Size: expect.any(Number) }],
        PENDING: [],
        SUCCEEDED: [{ Key: `results/${mapRunId}/SUCCEEDED_0.json`, Size: expect.any(Number) }],
      },
    });
    const [failed] = (await read(`results/${mapRunId}/FAILED_0.json`)) as ChildResult[];
    expect(failed).toMatchObject({ Status: 'FAILED', Error: 'InvalidImage', Input: expect.stringContaining('"key":"p/bad-1.png"') });
    expect(JSON.parse(failed!.Cause!)).toMatchObject({ errorType: 'InvalidImage', errorMessage: 'bad: p/bad-1.png' });
    const succeeded = (await read(`results/${mapRunId}/SUCCEEDED_0.json`)) as ChildResult[];
    expect(succeeded).toHaveLength(8);
    expect(JSON.parse(succeeded[0]!.Input)).toStrictEqual({
      bucket: 'in',
      key: expect.stringMatching(/^p\/good-\d\.png$/),
      index: expect.any(Number),
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
    expect(children).toHaveLength(9);
  });

  it('fails the Map with States.ExceedToleratedFailureThreshold past the tolerated share, and follows its Catch', async () => {
    const execution = await createLocalBatchWorkflow(definition({ ToleratedFailurePercentage: 5 })).run({
      input: { bucket: 'in', prefix: 'p/' },
      functions: { [FUNCTION]: check },
      s3: client,
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.mapRun?.error).toBe(THRESHOLD_ERROR);
    expect(execution.output).toStrictEqual({ bucket: 'in', prefix: 'p/', error: { Error: THRESHOLD_ERROR, Cause: THRESHOLD_CAUSE } });
  });

  it('tolerates exactly the given count with ToleratedFailureCount', async () => {
    const { ToleratedFailurePercentage: _, ...map } = definition().States.Each;
    const workflow = createLocalBatchWorkflow({
      ...definition(),
      States: { ...definition().States, Each: { ...map, ToleratedFailureCount: 1 } },
    });

    const execution = await workflow.run({ input: { bucket: 'in', prefix: '' }, functions: { [FUNCTION]: check }, s3: client });

    expect(execution.mapRun).toMatchObject({ items: 10, failed: 2, error: THRESHOLD_ERROR });
  });

  describe('with states before the Map', () => {
    /** A Choice that lets only an input with a prefix through to the Map, and a Done that reports the execution's input. */
    const guarded = () => ({
      ...definition(),
      StartAt: 'Has prefix?',
      States: {
        ...definition().States,
        'Has prefix?': { Type: 'Choice', Choices: [{ Not: { Variable: '$.prefix', IsPresent: true }, Next: 'Refused' }], Default: 'Each' },
        Refused: { Type: 'Fail', Error: 'InvalidInput', Cause: 'no prefix' },
        Done: { Type: 'Pass', Parameters: { 'request.$': '$$.Execution.Input', 'run.$': '$.run' }, End: true },
      },
    });

    it('ends where they end without running the Map', async () => {
      const execution = await createLocalBatchWorkflow(guarded()).run({
        input: { bucket: 'in' },
        functions: { [FUNCTION]: check },
        s3: client,
      });

      expect(execution).toMatchObject({ status: 'FAILED', error: 'InvalidInput', cause: 'no prefix' });
      expect(execution.mapRun).toBeUndefined();
    });

    it('runs the Map on their output, and the states after it with the execution input in $$.Execution.Input', async () => {
      const input = { bucket: 'in', prefix: 'p/' };

      const execution = await createLocalBatchWorkflow(guarded()).run({ input, functions: { [FUNCTION]: check }, s3: client });

      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.mapRun).toMatchObject({ items: 9, succeeded: 8, failed: 1 });
      expect(execution.output).toStrictEqual({
        request: input,
        run: { MapRunArn: execution.mapRun!.mapRunArn, ResultWriterDetails: expect.any(Object) },
      });
    });
  });

  it('refuses a Map it does not emulate', () => {
    expect(() => createLocalBatchWorkflow(definition({ ItemBatcher: { MaxItemsPerBatch: 2 } }))).toThrow(
      'The local Distributed Map does not emulate: ItemBatcher',
    );
  });
});
