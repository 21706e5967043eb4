import { randomUUID } from 'node:crypto';
import type { Json } from '../../json';
import { runConcurrently } from '../concurrency';
import { STATES_ERRORS, StatesError } from '../errors';
import { childExecutionArn, mapRunArn, stateMachineArn } from '../identity';
import { requireS3 } from '../integrations/s3-put-object';
import { readItems } from '../item-reader';
import { writeResults } from '../result-writer';
import type { ChildResult, LocalExecution } from '../run-types';
import type { StateOutcome, StateRun } from '../state-run';
import { mapConcurrency, mapItems, selectItem } from './map-items';

const THRESHOLD_CAUSE = 'The specified tolerated failure threshold was exceeded';

interface Tolerance {
  readonly percentage: number | undefined;
  readonly count: number | undefined;
}

async function toleranceOf(run: StateRun): Promise<Tolerance> {
  const { ToleratedFailurePercentage, ToleratedFailureCount } = run.state;
  const number = async (template: Json | undefined, field: string) =>
    template === undefined ? undefined : ((await run.evaluateTyped(template, field, 'number')) as number);
  return {
    percentage: await number(ToleratedFailurePercentage, 'ToleratedFailurePercentage'),
    count: await number(ToleratedFailureCount, 'ToleratedFailureCount'),
  };
}

/** Whether `failed` of `total` items breaks the tolerance; with neither field set, one failure does. */
function exceeds(failed: number, total: number, { percentage, count }: Tolerance): boolean {
  if (percentage === undefined && count === undefined) return failed > 0;
  return (percentage !== undefined && failed * 100 > percentage * total) || (count !== undefined && failed > count);
}

/** A child as the result files list it: EXPRESS children that failed can be redriven only by redriving the Map Run. */
function childResult(
  child: LocalExecution,
  identity: Pick<ChildResult, 'ExecutionArn' | 'Name' | 'StartDate' | 'StateMachineArn'>,
  input: Json,
): ChildResult {
  const common = { ...identity, Input: JSON.stringify(input), InputDetails: { Included: true as const }, RedriveCount: 0 as const };
  const stopDate = new Date().toISOString();
  if (child.status === 'SUCCEEDED') {
    return {
      ...common,
      Output: JSON.stringify(child.output ?? null),
      OutputDetails: { Included: true },
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      Status: 'SUCCEEDED',
      StopDate: stopDate,
    };
  }
  return {
    ...common,
    ...(child.error === undefined ? {} : { Error: child.error }),
    ...(child.cause === undefined ? {} : { Cause: child.cause }),
    RedriveStatus: 'REDRIVABLE_BY_MAP_RUN',
    Status: 'FAILED',
    StopDate: stopDate,
  };
}

/**
 * A Distributed Map in this process, as the developer guide describes it: items from the
 * ItemReader (or Items, or the input); each item, through ItemSelector, is the input of a child
 * execution of the ItemProcessor with its own context and no access to this execution's variables;
 * at most MaxConcurrency children at once; past ToleratedFailurePercentage/Count the Map Run fails
 * with States.ExceedToleratedFailureThreshold (no child starts after that; those running finish,
 * where AWS would stop them). ResultWriter writes the children's records to S3 and the Map's result
 * is `{MapRunArn, ResultWriterDetails}`; without it, the children's outputs in item order (a failed
 * child's record in its place). Then the Map's Output, Assign, Retry and Catch as for any state.
 */
async function runDistributedMap(run: StateRun): Promise<StateOutcome> {
  const { state, frame, stateData } = run;
  const { environment, recorder, machine } = frame.execution;
  const { ProcessorConfig, ...processor } = state.ItemProcessor!;
  const label = state.Label ?? run.name;
  const runId = randomUUID();
  const arn = mapRunArn(machine, label, runId);
  const childMachine = { ...machine, name: `${machine.name}/${label}` };
  const reader = state.ItemReader;
  const readerArgs = reader?.Arguments === undefined ? null : await run.evaluate(reader.Arguments, 'ItemReader/Arguments');
  const maxItems =
    reader?.ReaderConfig?.MaxItems === undefined
      ? 0
      : await run.evaluateTyped(reader.ReaderConfig.MaxItems, 'ItemReader/ReaderConfig/MaxItems', 'number');
  const writer = state.ResultWriter;
  const writerArgs = writer?.Arguments === undefined ? null : await run.evaluate(writer.Arguments, 'ResultWriter/Arguments');
  const tolerance = await toleranceOf(run);
  const concurrency = await mapConcurrency(run);

  recorder.add({ type: 'MapRunStarted', state: stateData, mapRunArn: arn });
  const children: ChildResult[] = [];
  const outputs: Json[] = [];
  let items: Json[] | undefined;
  let failed = 0;
  let failure: StatesError | undefined;
  const fail = (error: unknown) => {
    if (!(error instanceof StatesError)) throw error;
    failure ??= error;
  };
  const runChild = async (index: number) => {
    const input = await selectItem(run, items![index]!, index);
    const name = randomUUID();
    const executionArn = childExecutionArn(machine, label, runId, name, ProcessorConfig?.ExecutionType ?? 'STANDARD');
    const startDate = new Date().toISOString();
    const child = await environment.startChild({
      states: processor,
      input,
      machine: childMachine,
      executionName: name,
      executionArn,
      onPublished: (message) => frame.execution.publish(message),
    });
    const identity = { ExecutionArn: executionArn, Name: name, StartDate: startDate, StateMachineArn: stateMachineArn(childMachine) };
    const record = childResult(child, identity, input);
    children.push(record);
    outputs[index] = child.status === 'SUCCEEDED' ? child.output! : (record as unknown as Json);
    environment.onChild?.(record, child);
    if (record.Status === 'FAILED' && exceeds(++failed, items!.length, tolerance))
      failure ??= new StatesError(STATES_ERRORS.exceedToleratedFailureThreshold, THRESHOLD_CAUSE);
  };

  try {
    items =
      reader === undefined
        ? await mapItems(run)
        : await readItems(requireS3(environment, `Distributed Map '${run.name}'`), reader, readerArgs, maxItems as number);
    await runConcurrently(items.length, concurrency, async (index) => {
      if (failure === undefined) await runChild(index).catch(fail);
    });
  } catch (error) {
    fail(error);
  }
  let resultWriterDetails: { Bucket: string; Key: string } | undefined;
  if (writer !== undefined && items !== undefined) {
    resultWriterDetails = await writeResults(
      requireS3(environment, `ResultWriter of '${run.name}'`),
      writerArgs as { Bucket: string; Prefix?: string },
      arn,
      children,
    ).catch((error: unknown) => void fail(error));
  }
  frame.execution.mapRuns.push({
    stateName: run.name,
    mapRunArn: arn,
    items: items?.length ?? 0,
    succeeded: children.length - failed,
    failed,
    children,
    resultWriterDetails,
    ...(failure === undefined ? {} : { error: failure.name, cause: failure.cause }),
  });
  if (failure !== undefined) {
    recorder.add({ type: 'MapRunFailed', state: stateData, mapRunArn: arn, Error: failure.name, Cause: failure.cause });
    throw failure;
  }
  recorder.add({ type: 'MapRunSucceeded', state: stateData, mapRunArn: arn });
  return run.settle({ result: resultWriterDetails === undefined ? outputs : { MapRunArn: arn, ResultWriterDetails: resultWriterDetails } });
}

export { runDistributedMap };
