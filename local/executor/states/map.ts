import type { Json } from '../../json';
import { runConcurrently } from '../concurrency';
import { isDistributedMap } from '../definition';
import { StatesError, errorOutput } from '../errors';
import type { StateKind, StateRun } from '../state-run';
import { runDistributedMap } from './distributed-map';
import { mapConcurrency, mapItems, selectItem } from './map-items';

/**
 * An inline Map: each item through the ItemProcessor in this execution, in a variable scope of its
 * own, at most MaxConcurrency at once; the result is the outputs in item order. The first iteration
 * to fail fails the Map with its error; no iteration starts after it.
 */
async function runInlineMap(run: StateRun) {
  const { recorder } = run.frame.execution;
  const items = await mapItems(run);
  const outputs: Json[] = [];
  let failure: StatesError | undefined;
  await runConcurrently(items.length, await mapConcurrency(run), async (index) => {
    if (failure !== undefined) return;
    try {
      const input = await selectItem(run, items[index]!, index);
      recorder.add({ type: 'MapIterationStarted', parentState: run.stateData, index });
      outputs[index] = await run.runNested(run.state.ItemProcessor!, input, index);
      recorder.add({ type: 'MapIterationSucceeded', parentState: run.stateData, index });
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      failure ??= error;
      recorder.add({ type: 'MapIterationFailed', parentState: run.stateData, index, ...errorOutput(error) });
    }
  });
  if (failure !== undefined) throw failure;
  return run.settle({ result: outputs });
}

const runMap: StateKind = (run) => (isDistributedMap(run.state) ? runDistributedMap(run) : runInlineMap(run));

export { runMap };
