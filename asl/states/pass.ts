import { checkStateName } from '../arguments';
import {
  checkInputOutput,
  languageProblems,
  nextEndProblems,
  nextTransitions,
  renderBase,
  renderInput,
  renderNextEnd,
  renderOutput,
} from '../fields';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { NextOrEnd, QueryLanguage, State, Transition } from '../state';

type PassProps = StateBaseProps &
  Omit<InputOutputProps, 'resultSelector' | 'arguments'> &
  NextOrEnd & {
    /** JSONPath states: a fixed result in place of the input. */
    readonly result?: JsonValue;
  };

class PassState implements State {
  readonly type = 'Pass';
  readonly name: string;
  readonly queryLanguage: QueryLanguage | undefined;
  private readonly props: PassProps;

  constructor(name: string, props: PassProps) {
    this.name = checkStateName(name);
    this.queryLanguage = props.queryLanguage;
    checkInputOutput(props);
    this.props = props;
  }

  transitions(): readonly Transition[] {
    return nextTransitions(this.props);
  }

  isTerminal(): boolean {
    return this.props.end === true;
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
export type { PassProps };
