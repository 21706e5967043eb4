import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { PutObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { createLocalWorkflow } from './run-workflow';
import type { LocalExecution, LocalFunction, RunWorkflowOptions } from './run-workflow';

/**
 * A Distributed Map on this machine, which aws-local-stepfunctions lacks. It follows the Step
 * Functions developer guide: ItemReader `s3:listObjectsV2` gives one item per object,
 * `{Etag, Key, LastModified, Size, StorageClass}`; ItemSelector builds each child's input (`$` is
 * the Map's input, `$$.Map.Item` the item); children run with at most MaxConcurrency in flight;
 * ToleratedFailurePercentage/Count decide States.ExceedToleratedFailureThreshold; ResultWriter
 * writes `manifest.json` and `SUCCEEDED_n.json`/`FAILED_n.json`/`PENDING_n.json` under
 * `<Prefix>/<map run id>/` and the Map's result is `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`.
 * The states before the Map (input checks) run in aws-local-stepfunctions with the Map standing in as
 * a Succeed; the states after it then run there with the Map's result, its state entered first as a
 * Pass giving that result, so that `$$.Execution.Input` is still the execution's input.
 *
 * Limits: one Distributed Map, at the top level, without InputPath/Parameters/
 * ResultSelector/OutputPath; only dotted JSONPaths; children still running when the threshold is
 * exceeded finish (AWS stops them); results are one file per status.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDefinition = Record<string, Json> & { Type: string };
interface AslDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  [field: string]: Json;
}

const THRESHOLD_ERROR = 'States.ExceedToleratedFailureThreshold';
const THRESHOLD_CAUSE = 'The specified tolerated failure threshold was exceeded';
/** Children this machine runs at once, whatever MaxConcurrency allows (0 means up to 10,000 in AWS). */
const DEFAULT_CONCURRENCY_CAP = 64;

interface ListObjectsItem {
  readonly Etag: string;
  readonly Key: string;
  /** Epoch seconds, as the ItemReader gives it. */
  readonly LastModified: number;
  readonly Size: number;
  readonly StorageClass: string;
}

/** One child execution as a result file lists it (Transformation NONE, the default when exporting). */
interface ChildResult {
  readonly ExecutionArn: string;
  readonly Input: string;
  readonly InputDetails: { readonly Included: true };
  readonly Name: string;
  readonly Output?: string;
  readonly OutputDetails?: { readonly Included: true };
  readonly Error?: string;
  readonly Cause?: string;
  readonly RedriveCount: 0;
  readonly RedriveStatus: 'NOT_REDRIVABLE';
  readonly RedriveStatusReason: string;
  readonly StartDate: string;
  readonly StateMachineArn: string;
  readonly Status: 'SUCCEEDED' | 'FAILED';
  readonly StopDate: string;
}

interface MapRunReport {
  readonly mapRunArn: string;
  readonly items: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly resultWriterDetails: { readonly Bucket: string; readonly Key: string } | undefined;
  readonly error?: string;
}

interface BatchExecution extends LocalExecution {
  /** Undefined when the execution ended before the Map (its input refused). */
  readonly mapRun?: MapRunReport;
}

interface RunBatchOptions {
  readonly input: Json;
  readonly functions: Readonly<Record<string, LocalFunction>>;
  /** The S3 the ItemReader lists and the ResultWriter writes to (a local one: AWS_ENDPOINT_URL_S3). */
  readonly s3: S3Client;
  readonly executionName?: string;
  readonly concurrencyCap?: number;
  readonly onChild?: (result: ChildResult) => void;
  readonly dynamodb?: RunWorkflowOptions['dynamodb'];
}

/** `$`, `$.a.b`, `$$.Map.Item.Value.Key`: what the batch definitions use. */
function readPath(path: string, input: Json, context: Json): Json | undefined {
  const [root, rest] = path.startsWith('$$') ? [context, path.slice(2)] : [input, path.slice(1)];
  if (rest !== '' && !/^(\.[A-Za-z0-9_-]+)+$/.test(rest))
    throw new Error(`The local Distributed Map reads dotted JSONPaths only, got: ${path}`);
  let value: Json | undefined = root;
  for (const part of rest.split('.').slice(1))
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? value[part] : undefined;
  return value;
}

/** A payload template: `key.$` fields take the path's value (a missing path is States.Runtime, as in AWS). */
function applyTemplate(template: Json, input: Json, context: Json): Json {
  if (Array.isArray(template)) return template.map((value) => applyTemplate(value, input, context));
  if (template === null || typeof template !== 'object') return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => {
      if (!key.endsWith('.$')) return [key, applyTemplate(value, input, context)];
      const path = value as string;
      const resolved = readPath(path, input, context);
      if (resolved === undefined)
        throw Object.assign(new Error(`The JSONPath '${path}' specified for the field '${key}' could not be found in the input`), {
          name: 'States.Runtime',
        });
      return [key.slice(0, -2), resolved];
    }),
  );
}

/** Sets `value` at a ResultPath (`$` or `$.a.b`) in a copy of `input`. */
function withResult(input: Json, resultPath: Json | undefined, value: Json): Json {
  if (resultPath === undefined || resultPath === '$') return value;
  if (resultPath === null) return input;
  if (typeof resultPath !== 'string') throw new Error(`ResultPath must be a JSONPath, got: ${JSON.stringify(resultPath)}`);
  const parts = resultPath.slice(2).split('.');
  const copy = structuredClone(input) as Record<string, Json>;
  let target = copy;
  for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, Json>;
  target[parts.at(-1)!] = value;
  return copy;
}

/** The states reachable from `start`, as their own definition (what runs after the Map). */
function tailDefinition(definition: AslDefinition, start: string): AslDefinition {
  const reached = new Set<string>();
  const pending = [start];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const state = definition.States[name];
    if (state === undefined || reached.has(name)) continue;
    reached.add(name);
    const targets = [
      state.Next,
      state.Default,
      ...((state.Choices as { Next: string }[] | undefined) ?? []).map((choice) => choice.Next),
      ...((state.Catch as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
    ];
    pending.push(...targets.filter((target): target is string => typeof target === 'string'));
  }
  const { StartAt: _, States, TimeoutSeconds: __, ...rest } = definition;
  return { ...rest, StartAt: start, States: Object.fromEntries(Object.entries(States).filter(([name]) => reached.has(name))) };
}

async function listItems(s3: S3Client, bucket: string, prefix: string): Promise<ListObjectsItem[]> {
  const items: ListObjectsItem[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) {
      items.push({
        Etag: object.ETag!,
        Key: object.Key!,
        LastModified: Math.floor(object.LastModified!.getTime() / 1000),
        Size: object.Size!,
        StorageClass: object.StorageClass ?? 'STANDARD',
      });
    }
  }
  return items;
}

interface LocalBatchWorkflow {
  run(options: RunBatchOptions): Promise<BatchExecution>;
}

type ItemProcessor = { ProcessorConfig?: { Mode?: string; ExecutionType?: string }; StartAt: string; States: Json } | undefined;

const isDistributedMap = (state: StateDefinition) =>
  state.Type === 'Map' && (state.ItemProcessor as ItemProcessor)?.ProcessorConfig?.Mode === 'DISTRIBUTED';

/** Loads a definition with one top-level Distributed Map: the states before it, its item processor and the states after it. */
function createLocalBatchWorkflow(
  definition: string | AslDefinition,
  { region = 'us-east-1', stateMachineName = 'batch' } = {},
): LocalBatchWorkflow {
  const parsed = (typeof definition === 'string' ? JSON.parse(definition) : definition) as AslDefinition;
  const maps = Object.keys(parsed.States).filter((name) => isDistributedMap(parsed.States[name]!));
  if (maps.length !== 1) throw new Error(`The local batch runner needs one top-level Distributed Map, got ${maps.length}`);
  const mapName = maps[0]!;
  const map = parsed.States[mapName]!;
  const processor = map.ItemProcessor as NonNullable<ItemProcessor>;
  const unsupported = ['InputPath', 'Parameters', 'ItemsPath', 'ResultSelector', 'OutputPath', 'ItemBatcher'].filter(
    (field) => field in map,
  );
  if (unsupported.length > 0) throw new Error(`The local Distributed Map does not emulate: ${unsupported.join(', ')}`);
  const reader = map.ItemReader as { Resource: string; Parameters: Json } | undefined;
  if (reader?.Resource !== 'arn:aws:states:::s3:listObjectsV2')
    throw new Error('The local Distributed Map reads items with s3:listObjectsV2 only');
  const writer = map.ResultWriter as { Resource: string; Parameters: Json } | undefined;
  if (writer !== undefined && writer.Resource !== 'arn:aws:states:::s3:putObject')
    throw new Error('The local ResultWriter writes with s3:putObject only');

  const { ProcessorConfig: _, ...childDefinition } = processor;
  const child = createLocalWorkflow(childDefinition);
  // The Map as a Succeed: the head ends there with the Map's input, or elsewhere without running it.
  const head =
    parsed.StartAt === mapName
      ? undefined
      : createLocalWorkflow(tailDefinition({ ...parsed, States: { ...parsed.States, [mapName]: { Type: 'Succeed' } } }, parsed.StartAt));
  /** The states from `start` on, entered through the Map's name as a Pass that gives `result`. */
  const tail = (start: string, result: Json) => {
    const rest = tailDefinition(parsed, start);
    return createLocalWorkflow({
      ...rest,
      StartAt: mapName,
      States: { ...rest.States, [mapName]: { Type: 'Pass', Result: result, Next: start } },
    });
  };
  const entered = (execution: LocalExecution, name: string) =>
    execution.events.some((event) => event.type === 'StateEntered' && 'state' in event && event.state.name === name);
  const stateMachineArn = `arn:aws:states:${region}:000000000000:stateMachine:${stateMachineName}`;
  const label = typeof map.Label === 'string' ? map.Label : mapName;

  return {
    async run(options) {
      const executionName = options.executionName ?? 'local-batch';
      const executionArn = `arn:aws:states:${region}:000000000000:execution:${stateMachineName}:${executionName}`;
      const mapRunId = randomUUID();
      const mapRunArn = `arn:aws:states:${region}:000000000000:mapRun:${stateMachineName}/${label}:${mapRunId}`;
      const before =
        head === undefined
          ? undefined
          : await head.run({ functions: options.functions, input: options.input, executionName, dynamodb: options.dynamodb });
      if (before !== undefined && (before.status === 'FAILED' || !entered(before, mapName))) return before;
      const input = (before === undefined ? options.input : before.output) as Json;
      const earlier = { published: before?.published ?? [], events: before?.events ?? [] };
      const results: ChildResult[] = [];
      let failure: { Error: string; Cause: string } | undefined;
      let resultWriterDetails: MapRunReport['resultWriterDetails'];
      let items: ListObjectsItem[] = [];

      try {
        const { Bucket, Prefix } = applyTemplate(reader.Parameters, input, {}) as { Bucket: string; Prefix?: string };
        items = await listItems(options.s3, Bucket, Prefix ?? '');
        const maxConcurrency = Number(map.MaxConcurrency ?? 0);
        const cap = options.concurrencyCap ?? DEFAULT_CONCURRENCY_CAP;
        const inFlight = Math.max(1, Math.min(maxConcurrency === 0 ? cap : maxConcurrency, cap, items.length));
        // Unset, both tolerate nothing; set, the run fails when either is exceeded.
        const toleratedPercentage = map.ToleratedFailurePercentage === undefined ? undefined : Number(map.ToleratedFailurePercentage);
        const toleratedCount = map.ToleratedFailureCount === undefined ? undefined : Number(map.ToleratedFailureCount);
        let failed = 0;
        let next = 0;
        const exceeded = () =>
          toleratedPercentage === undefined && toleratedCount === undefined
            ? failed > 0
            : (toleratedPercentage !== undefined && failed * 100 > toleratedPercentage * items.length) ||
              (toleratedCount !== undefined && failed > toleratedCount);

        const worker = async () => {
          for (let index = next++; index < items.length && failure === undefined; index = next++) {
            const context = { Map: { Item: { Index: index, Value: items[index] as unknown as Json } }, Execution: { Id: executionArn } };
            const childInput =
              map.ItemSelector === undefined ? (items[index] as unknown as Json) : applyTemplate(map.ItemSelector, input, context);
            const name = randomUUID();
            const startDate = new Date().toISOString();
            const execution = await child.run({
              functions: options.functions,
              input: childInput,
              executionName: name,
              dynamodb: options.dynamodb,
            });
            const common = {
              ExecutionArn: `arn:aws:states:${region}:000000000000:express:${stateMachineName}/${label}:${mapRunId}:${name}`,
              Input: JSON.stringify(childInput),
              InputDetails: { Included: true as const },
              Name: name,
              RedriveCount: 0 as const,
              RedriveStatus: 'NOT_REDRIVABLE' as const,
              RedriveStatusReason: 'Execution is EXPRESS and cannot be redriven',
              StartDate: startDate,
              StateMachineArn: `${stateMachineArn}/${label}`,
              StopDate: new Date().toISOString(),
            };
            const result: ChildResult =
              execution.status === 'SUCCEEDED'
                ? { ...common, Output: JSON.stringify(execution.output ?? null), OutputDetails: { Included: true }, Status: 'SUCCEEDED' }
                : { ...common, Error: execution.error ?? 'States.TaskFailed', Cause: execution.cause ?? '', Status: 'FAILED' };
            results.push(result);
            options.onChild?.(result);
            if (result.Status === 'FAILED') {
              failed++;
              if (exceeded()) failure = { Error: THRESHOLD_ERROR, Cause: THRESHOLD_CAUSE };
            }
          }
        };
        await Promise.all(Array.from({ length: inFlight }, worker));

        if (writer !== undefined) {
          const { Bucket: resultBucket, Prefix: resultPrefix = '' } = applyTemplate(writer.Parameters, input, {}) as {
            Bucket: string;
            Prefix?: string;
          };
          const folder = `${resultPrefix.replace(/\/+$/, '')}${resultPrefix === '' ? '' : '/'}${mapRunId}/`;
          const put = (key: string, body: string) =>
            options.s3.send(new PutObjectCommand({ Bucket: resultBucket, Key: key, Body: body, ContentType: 'application/json' }));
          const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
            FAILED: [],
            PENDING: [],
            SUCCEEDED: [],
          };
          for (const status of ['SUCCEEDED', 'FAILED'] as const) {
            const ofStatus = results.filter((result) => result.Status === status);
            if (ofStatus.length === 0) continue;
            const key = `${folder}${status}_0.json`;
            const body = JSON.stringify(ofStatus);
            await put(key, body);
            files[status].push({ Key: key, Size: Buffer.byteLength(body) });
          }
          const manifestKey = `${folder}manifest.json`;
          await put(manifestKey, JSON.stringify({ DestinationBucket: resultBucket, MapRunArn: mapRunArn, ResultFiles: files }));
          resultWriterDetails = { Bucket: resultBucket, Key: manifestKey };
        }
      } catch (error) {
        if (failure === undefined) failure = { Error: (error as Error).name, Cause: (error as Error).message };
      }

      const failedCount = results.filter((result) => result.Status === 'FAILED').length;
      const mapRun: MapRunReport = {
        mapRunArn,
        items: items.length,
        succeeded: results.length - failedCount,
        failed: failedCount,
        resultWriterDetails,
        ...(failure === undefined ? {} : { error: failure.Error }),
      };
      let start: string | undefined;
      let tailInput: Json;
      if (failure === undefined) {
        start = map.Next as string | undefined;
        tailInput = withResult(
          input,
          map.ResultPath,
          resultWriterDetails === undefined
            ? results.map((result) => JSON.parse(result.Output!) as Json)
            : { MapRunArn: mapRunArn, ResultWriterDetails: resultWriterDetails },
        );
      } else {
        const catcher = ((map.Catch as { ErrorEquals: string[]; Next: string; ResultPath?: string | null }[] | undefined) ?? []).find(
          (candidate) =>
            candidate.ErrorEquals.some((name) => name === failure!.Error || (name === 'States.ALL' && failure!.Error !== 'States.Runtime')),
        );
        if (catcher === undefined) return { status: 'FAILED', error: failure.Error, cause: failure.Cause, ...earlier, mapRun };
        start = catcher.Next;
        tailInput = withResult(input, catcher.ResultPath, failure);
      }
      if (start === undefined) return { status: 'SUCCEEDED', output: tailInput, ...earlier, mapRun };
      const rest = await tail(start, tailInput).run({
        functions: options.functions,
        input: options.input,
        executionName,
        dynamodb: options.dynamodb,
      });
      return { ...rest, published: [...earlier.published, ...rest.published], events: [...earlier.events, ...rest.events], mapRun };
    },
  };
}

export { createLocalBatchWorkflow, THRESHOLD_ERROR, THRESHOLD_CAUSE };
export type { BatchExecution, ChildResult, ListObjectsItem, LocalBatchWorkflow, MapRunReport, RunBatchOptions };
