import type { Json } from '../../json';
import { STATES_ERRORS } from '../errors';
import type { StateRun } from '../state-run';

/** A Map's items: its Items field, else its input, which must then be an array. */
async function mapItems(run: StateRun): Promise<Json[]> {
  if (run.state.Items !== undefined) return (await run.evaluateTyped(run.state.Items, 'Items', 'array')) as Json[];
  if (!Array.isArray(run.input))
    throw run.stateError(STATES_ERRORS.queryEvaluationError, `Map state input must be an array but was: ${JSON.stringify(run.input)}`);
  return run.input;
}

/** Iterations or children in flight at most: MaxConcurrency (0 or unset: no limit) within the run's cap. */
async function mapConcurrency(run: StateRun): Promise<number> {
  const { MaxConcurrency } = run.state;
  const declared = MaxConcurrency === undefined ? 0 : ((await run.evaluateTyped(MaxConcurrency, 'MaxConcurrency', 'number')) as number);
  const cap = run.frame.execution.environment.concurrencyCap;
  return declared === 0 ? cap : Math.min(declared, cap);
}

/** One item's input: ItemSelector evaluated with `$states.context.Map.Item` (the Map's input in `$states.input`), else the item. */
async function selectItem(run: StateRun, item: Json, index: number): Promise<Json> {
  const { ItemSelector } = run.state;
  return ItemSelector === undefined ? item : run.evaluate(ItemSelector, 'ItemSelector', { mapItem: { Index: index, Value: item } });
}

export { mapConcurrency, mapItems, selectItem };
