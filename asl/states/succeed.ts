import { checkInputOutput, languageProblems, renderBase, renderOutput } from '../fields';
import type { StateBaseProps } from '../fields';
import { ENDS_GRAPH, StateIdentity } from '../identity';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { QueryLanguage } from '../state';
import type { State } from '../state-graph';

type SucceedProps = Omit<StateBaseProps, 'assign'> & {
  readonly inputPath?: string | null;
  readonly outputPath?: string | null;
  readonly output?: JsonValue;
};

class SucceedState extends StateIdentity<'Succeed', SucceedProps> implements State {
  constructor(name: string, props: SucceedProps = {}) {
    super('Succeed', name, props, ENDS_GRAPH);
    checkInputOutput(props);
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    return languageProblems(this.name, this.props, queryLanguage);
  }

  render(): JsonObject {
    return compact({ ...renderBase(this.type, this.props), InputPath: this.props.inputPath, ...renderOutput(this.props) });
  }
}

export { SucceedState };
