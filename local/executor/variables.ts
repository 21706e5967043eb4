import type { Json } from '../json';

/**
 * The workflow variables a run of states sees (the developer guide's "Passing data between states
 * with variables"): the top-level states share one scope; each Map iteration and Parallel branch
 * gets its own, which reads the enclosing scope's values as they were when the Map or Parallel
 * state was entered and cannot reassign them. A Distributed Map's child executions start from an
 * empty scope.
 */
class VariableScope {
  private readonly own: Record<string, Json> = {};
  private visible: Readonly<Record<string, Json>>;

  private constructor(private readonly outer: Readonly<Record<string, Json>>) {
    this.visible = outer;
  }

  static empty(): VariableScope {
    return new VariableScope({});
  }

  /** The scope of a Map iteration or Parallel branch run from this one. */
  inner(): VariableScope {
    return new VariableScope(this.visible);
  }

  /** Every variable's value now: what the expressions of a state entered now see. */
  values(): Readonly<Record<string, Json>> {
    return this.visible;
  }

  /** Sets a state's assignments, all evaluated before any takes effect. */
  assign(assignments: Readonly<Record<string, Json>>): void {
    const names = Object.keys(assignments);
    if (names.length === 0) return;
    const outerNames = names.filter((name) => name in this.outer);
    if (outerNames.length > 0) throw new Error(`Variables of an outer scope cannot be assigned here: ${outerNames.join(', ')}`);
    Object.assign(this.own, assignments);
    this.visible = { ...this.outer, ...this.own };
  }
}

export { VariableScope };
