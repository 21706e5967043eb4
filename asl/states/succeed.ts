import { checkStateName } from '../arguments';
import { checkInputOutput, languageProblems, renderBase, renderOutput } from '../fields';
import type { StateBaseProps } from '../fields';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { QueryLanguage, State } from '../state';

type SucceedProps = Omit<StateBaseProps, 'assign'> & {
  readonly inputPath?: string | null;
  readonly outputPath?: string | null;
  readonly output?: JsonValue;
};

class SucceedState implements State {
  readonly type = 'Succeed';
  readonly name: string;
  readonly queryLanguage: QueryLanguage | undefined;
  private readonly props: SucceedProps;

  constructor(name: string, props: SucceedProps = {}) {
    this.name = checkStateName(name);
    this.queryLanguage = props.queryLanguage;
    checkInputOutput(props);
    this.props = props;
  }

  transitions() {
    return [];
  }

  isTerminal(): boolean {
    return true;
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    return languageProblems(this.name, this.props, queryLanguage);
  }

  render(): JsonObject {
    return compact({ ...renderBase(this.type, this.props), InputPath: this.props.inputPath, ...renderOutput(this.props) });
  }
}

export { SucceedState };
export type { SucceedProps };
