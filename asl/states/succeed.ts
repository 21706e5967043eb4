import { checkInputOutput, languageProblems, renderBase, renderOutput } from '../fields';
import type { StateBaseProps } from '../fields';
import { ENDS_GRAPH, stateIdentity } from '../identity';
import type { StateIdentity } from '../identity';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { QueryLanguage } from '../state';
import type { State } from '../state-graph';

type SucceedProps = Omit<StateBaseProps, 'assign'> & {
  readonly inputPath?: string | null;
  readonly outputPath?: string | null;
  readonly output?: JsonValue;
};

/** Name, type, language and exits: merged in from `stateIdentity`. */
interface SucceedState extends StateIdentity<'Succeed'> {}

class SucceedState implements State {
  private readonly props: SucceedProps;

  constructor(name: string, props: SucceedProps = {}) {
    Object.assign(this, stateIdentity('Succeed', name, props, ENDS_GRAPH));
    checkInputOutput(props);
    this.props = props;
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    return languageProblems(this.name, this.props, queryLanguage);
  }

  render(): JsonObject {
    return compact({ ...renderBase(this.type, this.props), InputPath: this.props.inputPath, ...renderOutput(this.props) });
  }
}

export { SucceedState };
