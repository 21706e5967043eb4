import { checkPayloadTemplate } from '../arguments';
import type { Condition } from '../conditions';
import { checkInputOutput, languageProblems, renderBase } from '../fields';
import type { StateBaseProps } from '../fields';
import { StateIdentity } from '../identity';
import type { Exits } from '../identity';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { QueryLanguage, Transition } from '../state';
import type { State } from '../state-graph';

interface ChoiceRule {
  readonly condition: Condition;
  readonly next: string;
  readonly comment?: string;
  /** JSONata states: the output on the way to `next`. */
  readonly output?: JsonValue;
  readonly assign?: JsonObject;
}

type ChoiceProps = StateBaseProps & {
  readonly choices: readonly ChoiceRule[];
  /** Where to go when no rule matches; required, so no input fails with States.NoChoiceMatched. */
  readonly default: string;
  readonly inputPath?: string | null;
  readonly outputPath?: string | null;
  readonly output?: JsonValue;
};

/** Each rule's target, then the default; a Choice never ends its graph. */
function choiceExits(props: ChoiceProps): Exits {
  const rules = props.choices.map((rule, index): Transition => ({
    target: rule.next,
    kind: 'choice',
    label: rule.comment ?? `rule ${index + 1}`,
  }));
  const fallback: Transition[] = props.default === undefined ? [] : [{ target: props.default, kind: 'default', label: 'default' }];
  return { transitions: [...rules, ...fallback], terminal: false };
}

class ChoiceState extends StateIdentity<'Choice', ChoiceProps> implements State {
  constructor(name: string, props: ChoiceProps) {
    super('Choice', name, props, choiceExits(props));
    checkInputOutput(props);
    props.choices.forEach((rule, index) => checkPayloadTemplate(`Choices[${index}].Assign`, rule.assign));
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const problems = [...languageProblems(this.name, this.props, queryLanguage)];
    if (this.props.choices.length === 0) problems.push(`Choice state '${this.name}' has no rules`);
    if (this.props.default === undefined) {
      problems.push(`Choice state '${this.name}' has no Default: an input that matches no rule would fail with States.NoChoiceMatched`);
    }
    this.props.choices.forEach((rule, index) => {
      if (rule.condition.isJsonata !== (queryLanguage === 'JSONata')) {
        problems.push(`Choice state '${this.name}' rule ${index + 1} is not a ${queryLanguage} condition`);
      }
    });
    return problems;
  }

  render(): JsonObject {
    const props = this.props;
    return compact({
      ...renderBase(this.type, props),
      InputPath: props.inputPath,
      Choices: props.choices.map((rule) =>
        compact({ ...rule.condition.json, Comment: rule.comment, Output: rule.output, Assign: rule.assign, Next: rule.next }),
      ),
      Default: props.default,
      OutputPath: props.outputPath,
      Output: props.output,
      Assign: props.assign,
    });
  }
}

export { ChoiceState };
