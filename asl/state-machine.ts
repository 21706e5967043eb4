import { checkInteger } from './arguments';
import { renderNumber } from './deploy-time-number';
import type { NumberSetting } from './deploy-time-number';
import { InvalidDefinition } from './errors';
import { compact } from './json';
import type { JsonObject } from './json';
import type { PolicyCondition, PolicyStatement, QueryLanguage } from './state';
import { StateGraph } from './state-graph';
import type { StateGraphProps } from './state-graph';

interface StateMachineDefinitionProps extends StateGraphProps {
  readonly comment?: string;
  /** Default for every state that does not set its own; JSONPath when unset, as in AWS. */
  readonly queryLanguage?: QueryLanguage;
  readonly timeoutSeconds?: NumberSetting;
}

/** A whole Amazon States Language definition: validated as one, rendered deterministically. */
class StateMachineDefinition {
  readonly graph: StateGraph;
  private readonly props: StateMachineDefinitionProps;

  constructor(props: StateMachineDefinitionProps) {
    checkInteger('TimeoutSeconds', props.timeoutSeconds, 1, 99_999_999);
    this.graph = new StateGraph(props);
    this.props = props;
  }

  get queryLanguage(): QueryLanguage {
    return this.props.queryLanguage ?? 'JSONPath';
  }

  problems(): string[] {
    return this.graph.problems(this.queryLanguage);
  }

  /** Throws InvalidDefinition listing every problem. */
  validate(): void {
    const problems = this.problems();
    if (problems.length > 0) throw new InvalidDefinition(problems);
  }

  /** Throws InvalidDefinition listing every problem, or returns the definition as an object. */
  toJSON(): JsonObject {
    this.validate();
    const { StartAt, States } = this.graph.render(this.queryLanguage);
    return compact({
      Comment: this.props.comment,
      QueryLanguage: this.props.queryLanguage,
      TimeoutSeconds: renderNumber(this.props.timeoutSeconds),
      StartAt,
      States,
    });
  }

  /** The definition as ASL JSON text; the same builder calls give the same bytes. */
  render(): string {
    return JSON.stringify(this.toJSON(), null, 2);
  }

  /**
   * What the state machine's role must allow: one statement per distinct set of actions and conditions, resources
   * merged in the order first declared. Statements with different conditions stay apart, so none widens another.
   */
  permissions(): PolicyStatement[] {
    const merged = new Map<string, { actions: string[]; resources: Set<string>; conditions: readonly PolicyCondition[] | undefined }>();
    for (const statement of this.graph.permissions()) {
      const actions = [...new Set(statement.actions)].sort();
      const key = JSON.stringify([actions, statement.conditions ?? []]);
      const entry = merged.get(key) ?? { actions, resources: new Set<string>(), conditions: statement.conditions };
      statement.resources.forEach((resource) => entry.resources.add(resource));
      merged.set(key, entry);
    }
    return [...merged.values()].map(({ actions, resources, conditions }) => ({
      actions,
      resources: [...resources],
      ...(conditions === undefined || conditions.length === 0 ? {} : { conditions }),
    }));
  }
}

export { StateMachineDefinition };
