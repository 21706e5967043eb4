import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createLocalWorkflow } from '../../../local/run-workflow';
import type { ChildResult, LocalExecution, MapRunReport, RunWorkflowOptions } from '../../../local/run-workflow';
import { localS3Suite } from '../local-s3-suite';
import { validAsl } from '../valid-asl';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:check';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:notes';

type ItemReader = Record<string, unknown>;

/** What a child of a manifest run gets: the bucket and the item's key (manifest items have no Etag). */
const keyOnly = { bucket: '{% $states.input.bucket %}', key: '{% $states.context.Map.Item.Value.Key %}' };

const listing = {
  Resource: 'arn:aws:states:::s3:listObjectsV2',
  Arguments: { Bucket: '{% $states.input.bucket %}', Prefix: '{% $states.input.prefix %}' },
};

/**
 * A batch: Prepare assigns a variable, Each is a Distributed Map whose children call FUNCTION on
 * the selected item, and Done or Failed report what the Map gave.
 */
function batch(map: Record<string, unknown> = {}, reader: ItemReader | undefined = listing) {
  return validAsl({
    QueryLanguage: 'JSONata',
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Assign: { secret: 'parent only' }, Next: 'Each' },
      Each: {
        Type: 'Map',
        ...(reader === undefined ? {} : { ItemReader: reader }),
        ItemSelector: {
          bucket: '{% $states.input.bucket %}',
          key: '{% $states.context.Map.Item.Value.Key %}',
          index: '{% $states.context.Map.Item.Index %}',
          etag: '{% $states.context.Map.Item.Value.Etag %}',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Arguments: { FunctionName: FUNCTION, Payload: '{% $states.input %}' },
              Output: '{% $states.result.Payload %}',
              End: true,
            },
          },
        },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'out', Prefix: 'results/' } },
        MaxConcurrency: 3,
        ToleratedFailurePercentage: 50,
        Label: 'Each',
        Output: { run: '{% $states.result %}', prefix: '{% $states.input.prefix %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Output: { error: '{% $states.errorOutput %}' }, Next: 'Failed' }],
        Next: 'Done',
        ...map,
      },
      Done: { Type: 'Pass', End: true },
      Failed: { Type: 'Pass', End: true },
    },
  });
}

describe('a Distributed Map', () => {
  const local = localS3Suite((s3) => {
    s3.createBucket('out');
    for (let index = 0; index < 8; index++) s3.put('in', `p/good-${index}.png`, { bytes: Buffer.from([index]) });
    s3.put('in', 'p/bad-1.png', { bytes: Buffer.from('x') });
    s3.put('in', 'q/bad-2.png', { bytes: Buffer.from('y') });
  });
  let inFlight = 0;
  let peak = 0;
  const check = async (event: unknown) => {
    const { key } = event as { key: string };
    peak = Math.max(peak, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    if (key.includes('bad')) throw Object.assign(new Error(`bad: ${key}`), { name: 'InvalidImage' });
    return { ok: key };
  };
  const read = async (key: string) =>
    JSON.parse(await (await local.client.send(new GetObjectCommand({ Bucket: 'out', Key: key }))).Body!.transformToString()) as unknown;
  const run = (definition: object, input: unknown, options: Partial<RunWorkflowOptions> = {}) =>
    createLocalWorkflow(definition, { stateMachineName: 'batch' }).run({
      input,
      functions: { [FUNCTION]: check },
      s3: local.client,
      ...options,
    });
  const onlyRun = (execution: LocalExecution): MapRunReport => {
    expect(execution.mapRuns).toHaveLength(1);
    return execution.mapRuns[0]!;
  };

  beforeEach(() => {
    peak = 0;
  });

  describe('over an s3:listObjectsV2 listing', () => {
    it('runs one child per object with the ItemSelector applied, at most MaxConcurrency at once, and gives {MapRunArn, ResultWriterDetails}', async () => {
      const children: ChildResult[] = [];

      const execution = await run(batch(), { bucket: 'in', prefix: 'p/' }, { onChild: (child) => children.push(child) });

      const mapRun = onlyRun(execution);
      const runId = mapRun.mapRunArn.split(':').at(-1)!;
      expect(execution.status).toBe('SUCCEEDED');
      expect(peak).toBe(3);
      expect(mapRun).toMatchObject({ stateName: 'Each', items: 9, succeeded: 8, failed: 1 });
      expect(mapRun.mapRunArn).toBe(`arn:aws:states:us-east-1:000000000000:mapRun:batch/Each:${runId}`);
      expect(execution.output).toStrictEqual({
        run: { MapRunArn: mapRun.mapRunArn, ResultWriterDetails: { Bucket: 'out', Key: `results/${runId}/manifest.json` } },
        prefix: 'p/',
      });
      expect(children).toStrictEqual(mapRun.children);
      expect(children.map((child) => JSON.parse(child.Input) as unknown)).toContainEqual({
        bucket: 'in',
        key: 'p/good-3.png',
        index: 4,
        etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      });
    });

    it('writes manifest.json and one file per status, each child an execution record with the fields AWS writes', async () => {
      const execution = await run(batch(), { bucket: 'in', prefix: 'p/' });

      const { mapRunArn } = onlyRun(execution);
      const folder = `results/${mapRunArn.split(':').at(-1)}/`;
      const succeeded = (await read(`${folder}SUCCEEDED_0.json`)) as ChildResult[];
      const failed = (await read(`${folder}FAILED_0.json`)) as ChildResult[];
      expect(await read(`${folder}manifest.json`)).toStrictEqual({
        DestinationBucket: 'out',
        MapRunArn: mapRunArn,
        ResultFiles: {
          FAILED: [{ Key: `${folder}FAILED_0.json`, Size: Buffer.byteLength(JSON.stringify(failed)) }],
          PENDING: [],
          SUCCEEDED: [{ Key: `${folder}SUCCEEDED_0.json`, Size: Buffer.byteLength(JSON.stringify(succeeded)) }],
        },
      });
      const timestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const childArn = (name: string) => `arn:aws:states:us-east-1:000000000000:express:batch/Each:${mapRunArn.split(':').at(-1)}:${name}`;
      expect(succeeded).toHaveLength(8);
      expect(succeeded[0]).toStrictEqual({
        ExecutionArn: childArn(succeeded[0]!.Name),
        Input: expect.stringMatching(/^\{"bucket":"in","key":"p\/good-\d\.png","index":\d,"etag":"\\"[0-9a-f]{32}\\""\}$/),
        InputDetails: { Included: true },
        Name: expect.stringMatching(/^[0-9a-f-]{36}$/),
        Output: expect.stringMatching(/^\{"ok":"p\/good-\d\.png"\}$/),
        OutputDetails: { Included: true },
        RedriveCount: 0,
        RedriveStatus: 'NOT_REDRIVABLE',
        RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
        StartDate: timestamp,
        StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:batch/Each',
        Status: 'SUCCEEDED',
        StopDate: timestamp,
      });
      expect(failed).toStrictEqual([
        {
          ExecutionArn: childArn(failed[0]!.Name),
          Input: expect.stringContaining('"key":"p/bad-1.png"'),
          InputDetails: { Included: true },
          Name: expect.stringMatching(/^[0-9a-f-]{36}$/),
          Error: 'InvalidImage',
          Cause: expect.stringContaining('"errorMessage":"bad: p/bad-1.png"'),
          RedriveCount: 0,
          RedriveStatus: 'REDRIVABLE_BY_MAP_RUN',
          StartDate: timestamp,
          StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:batch/Each',
          Status: 'FAILED',
          StopDate: timestamp,
        },
      ]);
    });

    it('fails with States.ExceedToleratedFailureThreshold past the tolerated share, which the Map catches', async () => {
      const execution = await run(batch({ ToleratedFailurePercentage: 5 }), { bucket: 'in', prefix: 'p/' });

      expect(execution).toMatchObject({
        status: 'SUCCEEDED',
        output: {
          error: { Error: 'States.ExceedToleratedFailureThreshold', Cause: 'The specified tolerated failure threshold was exceeded' },
        },
      });
      expect(onlyRun(execution)).toMatchObject({ error: 'States.ExceedToleratedFailureThreshold', failed: 1 });
    });

    it('tolerates exactly ToleratedFailureCount failures', async () => {
      const tolerating = (count: number) => batch({ ToleratedFailurePercentage: undefined, ToleratedFailureCount: count });

      const within = await run(tolerating(2), { bucket: 'in', prefix: '' });
      const past = await run(tolerating(1), { bucket: 'in', prefix: '' });

      expect(onlyRun(within)).toMatchObject({ items: 10, failed: 2 });
      expect(onlyRun(within).error).toBeUndefined();
      expect(onlyRun(past)).toMatchObject({ error: 'States.ExceedToleratedFailureThreshold' });
    });

    it('gives each child its own context, with the item as its input, and none of the parent execution variables', async () => {
      const definition = batch(
        {
          ItemReader: undefined,
          Items: [{ Key: 'p/one.png' }],
          ItemSelector: keyOnly,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Look',
            States: {
              Look: {
                Type: 'Pass',
                Output: { execution: '{% $states.context.Execution %}', sawSecret: '{% $exists($secret) %}' },
                End: true,
              },
            },
          },
          ResultWriter: undefined,
          Output: '{% $states.result %}',
        },
        undefined,
      );

      const execution = await run(definition, { bucket: 'in' });

      const [child] = execution.output as [{ execution: { Name: string }; sawSecret: boolean }];
      expect(child.sawSecret).toBe(false);
      expect(child.execution).toStrictEqual({
        Id: `arn:aws:states:us-east-1:000000000000:execution:batch/Each:${child.execution.Name}`,
        Input: { bucket: 'in', key: 'p/one.png' },
        Name: expect.stringMatching(/^[0-9a-f-]{36}$/),
        StartTime: expect.any(String),
        RedriveCount: 0,
      });
    });

    it('lists what its children published with what the execution published', async () => {
      const definition = batch({
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Note',
          States: {
            Note: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sns:publish',
              Arguments: { TopicArn: TOPIC, Message: '{% $states.input.key %}' },
              End: true,
            },
          },
        },
      });

      const execution = await run(definition, { bucket: 'in', prefix: 'q/' });

      expect(execution.published).toStrictEqual([{ topicArn: TOPIC, subject: undefined, message: 'q/bad-2.png' }]);
    });
  });

  describe('over a manifest read with s3:getObject', () => {
    const overManifest = (reader: ItemReader) => batch({ ItemSelector: keyOnly }, reader);
    const manifest = (ReaderConfig: object) => ({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig,
      Arguments: { Bucket: 'in', Key: '{% $states.input.manifest %}' },
    });
    const keysOf = (definition: object, manifestKey: string) =>
      run(definition, { bucket: 'in', manifest: manifestKey }).then((execution) =>
        onlyRun(execution)
          .children.map((child) => (JSON.parse(child.Input) as { key: string }).key)
          .sort(),
      );

    it('reads a JSON array of items', async () => {
      local.s3.put('in', 'lists/retry.json', { bytes: Buffer.from(JSON.stringify([{ Key: 'p/good-1.png' }, { Key: 'p/good-2.png' }])) });

      await expect(keysOf(overManifest(manifest({ InputType: 'JSON' })), 'lists/retry.json')).resolves.toStrictEqual([
        'p/good-1.png',
        'p/good-2.png',
      ]);
    });

    it('reads CSV rows as objects of strings keyed by the first row: a missing cell is "", an extra one dropped', async () => {
      local.s3.put('in', 'lists/retry.csv', {
        bytes: Buffer.from('Key,Note\np/good-3.png,"a, ""b"""\r\n"p/good-4.png"\np/good-5.png,x,extra\n'),
      });
      const definition = batch(
        { ItemSelector: '{% $states.context.Map.Item.Value %}' },
        manifest({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }),
      );

      const execution = await run(definition, { bucket: 'in', manifest: 'lists/retry.csv' }, { functions: { [FUNCTION]: (row) => row } });

      const rows = onlyRun(execution).children.map((child) => JSON.parse(child.Input) as unknown);
      expect(rows).toHaveLength(3);
      expect(rows).toEqual(
        expect.arrayContaining([
          { Key: 'p/good-3.png', Note: 'a, "b"' },
          { Key: 'p/good-4.png', Note: '' },
          { Key: 'p/good-5.png', Note: 'x' },
        ]),
      );
    });

    it('fails with States.ItemReaderFailed for CSV headers that repeat', async () => {
      local.s3.put('in', 'lists/twice.csv', { bytes: Buffer.from('Key,Key\na,b\n') });

      const execution = await run(overManifest(manifest({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' })), {
        bucket: 'in',
        manifest: 'lists/twice.csv',
      });

      expect(execution.output).toStrictEqual({
        error: { Error: 'States.ItemReaderFailed', Cause: 'CSV headers cannot contain duplicates.' },
      });
    });

    it('reads CSV rows keyed by the given CSVHeaders, at most MaxItems of them', async () => {
      local.s3.put('in', 'lists/plain.csv', { bytes: Buffer.from('p/good-5.png\np/good-6.png\np/good-7.png\n') });
      const reader = manifest({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['Key'], MaxItems: 2 });

      await expect(keysOf(overManifest(reader), 'lists/plain.csv')).resolves.toStrictEqual(['p/good-5.png', 'p/good-6.png']);
    });

    it('fails with States.ItemReaderFailed for a JSON manifest that is not an array, or a missing one', async () => {
      local.s3.put('in', 'lists/object.json', { bytes: Buffer.from('{"Key":"p/good-1.png"}') });
      const definition = overManifest(manifest({ InputType: 'JSON' }));

      const notArray = await run(definition, { bucket: 'in', manifest: 'lists/object.json' });
      const missing = await run(definition, { bucket: 'in', manifest: 'lists/none.json' });

      expect(notArray.output).toStrictEqual({
        error: { Error: 'States.ItemReaderFailed', Cause: 'Attempting to map over non-iterable node.' },
      });
      expect(missing.output).toStrictEqual({
        error: {
          Error: 'States.ItemReaderFailed',
          Cause: expect.stringMatching(/^The specified key does not exist\. \(Service: S3, Status Code: 404/),
        },
      });
    });
  });
});
