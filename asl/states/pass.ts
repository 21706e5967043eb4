import { checkInputOutput, languageProblems, nextEndProblems, renderBase, renderInput, renderNextEnd, renderOutput } from '../fields';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { nextOrEnd, stateIdentity } from '../identity';
import type { StateIdentity } from '../identity';
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

/** Name, type, language and exits: merged in from `stateIdentity`. */
interface PassState extends StateIdentity<'Pass'> {}

class PassState implements State {
  private readonly props: PassProps;

  constructor(name: string, props: PassProps) {
    Object.assign(this, stateIdentity('Pass', name, props, nextOrEnd(props)));
    checkInputOutput(props);
    this.props = props;
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
