import { InvalidStateArgument } from './errors';
import { depthFirst } from './graph-walk';
import { effectiveLanguage } from './identity';
import type { JsonObject } from './json';
import type { PolicyStatement, QueryLanguage, StateType, Transition } from './state';

/** What the graph needs from every state; each state kind renders and checks its own fields. */
interface State {
  readonly name: string;
  readonly type: StateType;
  /** The language this state declares; undefined inherits the enclosing definition's. */
  readonly queryLanguage: QueryLanguage | undefined;
  transitions(): readonly Transition[];
  /** Ends its graph (End, Succeed or Fail). */
  isTerminal(): boolean;
  /** Problems only the whole definition can see: its effective query language is passed in. */
  problems(queryLanguage: QueryLanguage): readonly string[];
  /** Parallel branches or a Map's item processor; none when absent. */
  nestedGraphs?(): readonly StateGraph[];
  /** What the state machine's role must allow for this state; nothing when absent. */
  permissions?(): readonly PolicyStatement[];
  /**
   * The state as ASL. `queryLanguage` is its effective language (its own, else the enclosing graph's), which
   * decides fields such as Parameters vs Arguments; the graph passes it, and a direct call defaults to the
   * state's own language, else JSONPath.
   */
  render(queryLanguage?: QueryLanguage): JsonObject;
}

interface StateGraphProps {
  /** The first state to run; the first of `states` when unset. */
  readonly startAt?: string;
  readonly states: readonly State[];
}

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(names.filter((name) => seen.size === seen.add(name).size))];
}

/** States and where they start: the top of a state machine, a Parallel branch or a Map's item processor. */
class StateGraph {
  readonly startAt: string;
  readonly states: readonly State[];

  constructor({ startAt, states }: StateGraphProps) {
    const [first] = states;
    if (first === undefined) throw new InvalidStateArgument('A state graph needs at least one state');
    this.startAt = startAt ?? first.name;
    this.states = states;
  }

  /** This graph's states and those of every graph nested in them. */
  allStates(): State[] {
    return this.states.flatMap((state) => [state, ...(state.nestedGraphs?.() ?? []).flatMap((graph) => graph.allStates())]);
  }

  /** Every problem of this graph and its nested graphs; state names must be unique across all of them. */
  problems(queryLanguage: QueryLanguage): string[] {
    const repeated = duplicates(this.allStates().map((state) => state.name));
    return [...repeated.map((name) => `State name '${name}' is used more than once`), ...this.graphProblems(queryLanguage)];
  }

  permissions(): PolicyStatement[] {
    return this.allStates().flatMap((state) => state.permissions?.() ?? []);
  }

  /** `queryLanguage` is the enclosing one: the definition's, or the Map or Parallel state's around this graph. */
  render(queryLanguage: QueryLanguage = 'JSONPath'): { StartAt: string; States: JsonObject } {
    const states = this.states.map((state): [string, JsonObject] => [state.name, state.render(effectiveLanguage(state, queryLanguage))]);
    return { StartAt: this.startAt, States: Object.fromEntries(states) };
  }

  private graphProblems(queryLanguage: QueryLanguage): string[] {
    const byName = new Map(this.states.map((state) => [state.name, state]));
    const problems: string[] = [];
    if (!byName.has(this.startAt)) problems.push(`StartAt '${this.startAt}' is not a state of this graph`);
    for (const state of this.states) {
      const language = effectiveLanguage(state, queryLanguage);
      problems.push(...state.problems(language));
      for (const { target, kind } of state.transitions()) {
        if (!byName.has(target)) problems.push(`State '${state.name}' has ${kind} target '${target}', which is not a state of this graph`);
      }
      for (const graph of state.nestedGraphs?.() ?? []) problems.push(...graph.graphProblems(language));
    }
    const reachable = this.reachableFrom(this.startAt, byName);
    const unreachable = this.states.filter((state) => !reachable.has(state.name)).map((state) => `'${state.name}'`);
    if (byName.has(this.startAt) && unreachable.length > 0) problems.push(`Unreachable from '${this.startAt}': ${unreachable.join(', ')}`);
    if (!this.states.some((state) => state.isTerminal())) problems.push(`The graph starting at '${this.startAt}' has no terminal state`);
    else problems.push(...this.loopProblems(byName, reachable));
    return problems;
  }

  /** Reachable states from which no path leads to an end: a loop with no way out. */
  private loopProblems(byName: ReadonlyMap<string, State>, reachable: ReadonlySet<string>): string[] {
    // A state with no edges or an edge to a missing state has its own problem already; count it as a way out.
    const waysOut = this.states.filter(
      (state) => state.isTerminal() || state.transitions().length === 0 || state.transitions().some(({ target }) => !byName.has(target)),
    );
    const predecessors = new Map<string, string[]>();
    for (const state of this.states) {
      for (const { target } of state.transitions()) predecessors.set(target, [...(predecessors.get(target) ?? []), state.name]);
    }
    const canEnd = new Set(
      depthFirst(
        waysOut.map((state) => state.name),
        (name) => predecessors.get(name) ?? [],
      ),
    );
    const stuck = this.states.filter((state) => reachable.has(state.name) && !canEnd.has(state.name)).map((state) => `'${state.name}'`);
    return stuck.length === 0 ? [] : [`No way to an end (End, Succeed or Fail) from ${stuck.join(', ')}: a loop with no way out`];
  }

  private reachableFrom(start: string, byName: ReadonlyMap<string, State>): Set<string> {
    const targets = (name: string) =>
      (byName.get(name)?.transitions() ?? []).map(({ target }) => target).filter((target) => byName.has(target));
    return new Set(byName.has(start) ? depthFirst([start], targets) : []);
  }
}

export { StateGraph };
export type { StateGraphProps, State };
