import { describeActions } from './actions';
import type { ChangeKind } from './actions';
import { diffLines, unifiedHunks } from './line-diff';
import { isObject } from './plan';
import type { Change, Json, JsonObject, ResourceChange } from './plan';
import type { SensitiveStrings } from './secrets';
import { deepEqual } from './values';

const STATE_MACHINE_TYPE = 'aws_sfn_state_machine';
const DEFINITION = 'definition';
/** Shown for a nested state: its container's name, this, its own name. */
const NESTING = ' › ';

interface ChangedState {
  readonly name: string;
  /** The state's own fields that differ (its nested states are reported on their own). */
  readonly fields: readonly string[];
}

interface DefinitionDiff {
  readonly kind: 'diff';
  readonly addedStates: readonly string[];
  readonly removedStates: readonly string[];
  readonly changedStates: readonly ChangedState[];
  /** Fields beside `States` that differ: `StartAt`, `TimeoutSeconds`, `QueryLanguage`... */
  readonly changedFields: readonly string[];
  /** Unified-diff hunks of the pretty-printed definitions. */
  readonly hunks: readonly string[];
  readonly linesAdded: number;
  readonly linesRemoved: number;
}

type DefinitionOutcome =
  | DefinitionDiff
  /** The new definition uses values known only after apply. */
  | { readonly kind: 'unknown' }
  /** The old or the new definition is sensitive, or holds a value the plan marks sensitive elsewhere: neither is shown. */
  | { readonly kind: 'sensitive' }
  /** The text changed but not the JSON it holds (whitespace, key order). */
  | { readonly kind: 'reformatted' }
  /** One side is not JSON: a line diff of the raw text. */
  | { readonly kind: 'not-json'; readonly hunks: readonly string[]; readonly linesAdded: number; readonly linesRemoved: number };

interface StateMachineDefinitionChange {
  readonly address: string;
  readonly kind: ChangeKind;
  readonly outcome: DefinitionOutcome;
}

const sideIsSensitive = (value: Json | undefined, mask: Json | undefined): boolean =>
  (isObject(value) && mask === undefined) || mask === true || (isObject(mask) && mask[DEFINITION] === true);

function definitionText(side: Json | undefined): string | undefined {
  const text = isObject(side) ? side[DEFINITION] : undefined;
  return typeof text === 'string' ? text : undefined;
}

function parseJsonObject(text: string | undefined): JsonObject | undefined {
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as Json;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The state without its nested states, which are compared on their own. */
function ownFields(state: JsonObject): JsonObject {
  const strip = (container: Json | undefined): Json | undefined =>
    isObject(container) ? Object.fromEntries(Object.entries(container).filter(([key]) => key !== 'States')) : container;
  const own: JsonObject = { ...state };
  if (Array.isArray(state.Branches)) own.Branches = state.Branches.map((branch) => strip(branch) ?? null);
  for (const key of ['ItemProcessor', 'Iterator']) if (key in state) own[key] = strip(state[key]) ?? null;
  return own;
}

/** Every state by its qualified name, descending into Parallel branches and Map processors. */
function statesOf(definition: JsonObject, prefix = '', into = new Map<string, JsonObject>()): Map<string, JsonObject> {
  const states = isObject(definition.States) ? definition.States : {};
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const qualified = `${prefix}${name}`;
    into.set(qualified, ownFields(state));
    const nested = [...(Array.isArray(state.Branches) ? state.Branches : []), state.ItemProcessor, state.Iterator];
    for (const graph of nested) if (isObject(graph)) statesOf(graph, `${qualified}${NESTING}`, into);
  }
  return into;
}

function differingKeys(before: JsonObject, after: JsonObject, except: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !except.includes(key) && !deepEqual(before[key], after[key])).sort();
}

/** `value` with its objects' keys in the order `model` has them (its own keys after): key order alone makes no diff line. */
function alignKeys(value: Json, model: Json | undefined): Json {
  if (Array.isArray(value)) return value.map((item, index) => alignKeys(item, Array.isArray(model) ? model[index] : undefined));
  if (!isObject(value)) return value;
  const modelKeys = isObject(model) ? Object.keys(model).filter((key) => key in value) : [];
  const ownKeys = Object.keys(value).filter((key) => !modelKeys.includes(key));
  return Object.fromEntries(
    [...modelKeys, ...ownKeys].map((key) => [key, alignKeys(value[key]!, isObject(model) ? model[key] : undefined)]),
  );
}

function lineDiff(before: string[], after: string[]): { hunks: string[]; linesAdded: number; linesRemoved: number } {
  const edits = diffLines(before, after);
  return {
    hunks: unifiedHunks(edits),
    linesAdded: edits.filter((edit) => edit.kind === '+').length,
    linesRemoved: edits.filter((edit) => edit.kind === '-').length,
  };
}

const prettyLines = (definition: JsonObject | undefined): string[] =>
  definition === undefined || Object.keys(definition).length === 0 ? [] : JSON.stringify(definition, null, 2).split('\n');

function compareDefinitions(beforeText: string | undefined, afterText: string): DefinitionOutcome {
  const before = parseJsonObject(beforeText);
  const after = parseJsonObject(afterText);
  if (before === undefined || after === undefined)
    return { kind: 'not-json', ...lineDiff(beforeText === undefined ? [] : beforeText.split('\n'), afterText.split('\n')) };
  if (beforeText !== undefined && deepEqual(before, after)) return { kind: 'reformatted' };
  const beforeStates = statesOf(before);
  const afterStates = statesOf(after);
  return {
    kind: 'diff',
    addedStates: [...afterStates.keys()].filter((name) => !beforeStates.has(name)),
    removedStates: [...beforeStates.keys()].filter((name) => !afterStates.has(name)),
    changedStates: [...afterStates]
      .filter(([name]) => beforeStates.has(name))
      .map(([name, state]) => ({ name, fields: differingKeys(beforeStates.get(name)!, state) }))
      .filter((state) => state.fields.length > 0),
    changedFields: beforeText === undefined ? [] : differingKeys(before, after, ['States']),
    ...lineDiff(prettyLines(alignKeys(before, after) as JsonObject), prettyLines(after)),
  };
}

function definitionOutcome(change: Change, secrets: SensitiveStrings): DefinitionOutcome | undefined {
  const unknown = change.after_unknown === true || (isObject(change.after_unknown) && change.after_unknown[DEFINITION] === true);
  const before = definitionText(change.before);
  const after = definitionText(change.after);
  if (!unknown && (after === undefined || before === after)) return undefined;
  if (
    sideIsSensitive(change.before, change.before_sensitive) ||
    sideIsSensitive(change.after, change.after_sensitive) ||
    [before, after].some((text) => text !== undefined && secrets.holds(text))
  )
    return { kind: 'sensitive' };
  if (unknown || after === undefined) return { kind: 'unknown' };
  return compareDefinitions(before, after);
}

/** The state machines whose definition a plan creates or changes, each with what changed in it. */
function stateMachineDefinitionChanges(changes: readonly ResourceChange[], secrets: SensitiveStrings): StateMachineDefinitionChange[] {
  return changes.flatMap((resource) => {
    if (resource.type !== STATE_MACHINE_TYPE || resource.mode === 'data') return [];
    const { kind } = describeActions(resource.change.actions);
    if (kind !== 'create' && kind !== 'update' && kind !== 'replace') return [];
    const outcome = definitionOutcome(resource.change, secrets);
    return outcome === undefined ? [] : [{ address: resource.address, kind, outcome }];
  });
}

export { stateMachineDefinitionChanges, DEFINITION };
export type { StateMachineDefinitionChange };
