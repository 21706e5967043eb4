import { checkInteger, checkJsonata, checkStateName } from '../arguments';
import { checkInputOutput, renderBase, renderInput, renderNextEnd, renderOutput } from '../fields';
import { flowProblems, flowTransitions } from '../flow';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { compact } from '../json';
import type { JsonObject } from '../json';
import { checkRetryCatch, renderRetryCatch } from '../retry-catch';
import type { RetryCatchProps } from '../retry-catch';
import type { NextOrEnd, PolicyStatement, QueryLanguage, State, Transition } from '../state';

type TaskProps = StateBaseProps &
  InputOutputProps &
  RetryCatchProps &
  NextOrEnd & {
    /** An ARN: a service integration (`arn:aws:states:::...`), an activity or a function. May be a CDKTF token. */
    readonly resource: string;
    readonly timeoutSeconds?: number;
    readonly heartbeatSeconds?: number;
    /** JSONata states: `{% ... %}` in place of a number. */
    readonly timeoutExpression?: string;
    readonly credentials?: JsonObject;
    /** What the state machine's role must allow for this task to run. */
    readonly permissions?: readonly PolicyStatement[];
  };

class TaskState implements State {
  readonly type = 'Task';
  readonly name: string;
  readonly queryLanguage: QueryLanguage | undefined;
  private readonly props: TaskProps;

  constructor(name: string, props: TaskProps) {
    this.name = checkStateName(name);
    this.queryLanguage = props.queryLanguage;
    checkInputOutput(props);
    checkRetryCatch(props);
    checkInteger('TimeoutSeconds', props.timeoutSeconds, 1, 99_999_999);
    checkInteger('HeartbeatSeconds', props.heartbeatSeconds, 1, (props.timeoutSeconds ?? 100_000_000) - 1);
    checkJsonata('TimeoutSeconds', props.timeoutExpression);
    this.props = props;
  }

  transitions(): readonly Transition[] {
    return flowTransitions(this.props);
  }

  isTerminal(): boolean {
    return this.props.end === true;
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    return flowProblems(this.name, this.props, queryLanguage);
  }

  permissions(): readonly PolicyStatement[] {
    return this.props.permissions ?? [];
  }

  render(): JsonObject {
    const props = this.props;
    return compact({
      ...renderBase(this.type, props),
      Resource: props.resource,
      ...renderInput(props),
      Credentials: props.credentials,
      TimeoutSeconds: props.timeoutSeconds ?? props.timeoutExpression,
      HeartbeatSeconds: props.heartbeatSeconds,
      ...renderOutput(props),
      ...renderRetryCatch(props),
      ...renderNextEnd(props),
    });
  }
}

export { TaskState };
export type { TaskProps };
