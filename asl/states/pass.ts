import { checkInputOutput, languageProblems, nextEndProblems, renderBase, renderInput, renderNextEnd, renderOutput } from '../fields';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { nextOrEnd, StateIdentity } from '../identity';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { NextOrEnd, QueryLanguage } from '../state';
import type { State } from '../state-graph';

type PassProps = StateBaseProps &
  Omit<InputOutputProps, 'resultSelector' | 'arguments'> &
  NextOrEnd & {
    /** JSONPath states: a fixed result in place of the input. */
    readonly result?: JsonValue;
  };

class PassState extends StateIdentity<'Pass', PassProps> implements State {
  constructor(name: string, props: PassProps) {
    super('Pass', name, props, nextOrEnd(props));
    checkInputOutput(props);
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const resultInJsonata = queryLanguage === 'JSONata' && this.props.result !== undefined;
    return [
      ...nextEndProblems(this.name, this.props),
      ...languageProblems(this.name, this.props, queryLanguage),
      ...(resultInJsonata ? [`State '${this.name}' uses Result, which JSONata states cannot have (use Output)`] : []),
    ];
  }

  render(): JsonObject {
    const props = this.props;
    return compact({
      ...renderBase(this.type, props),
      ...renderInput(props),
      Result: props.result,
      ...renderOutput(props),
      ...renderNextEnd(props),
    });
  }
}

export { PassState };
