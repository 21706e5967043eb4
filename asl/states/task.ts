import { checkInteger, checkJsonata, checkPayloadTemplate, checkResource } from '../arguments';
import { checkInputOutput, renderBase, renderInput, renderNextEnd, renderOutput, requestLanguageProblems } from '../fields';
import { flowProblems } from '../flow';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { nextOrEnd, StateIdentity } from '../identity';
import { compact } from '../json';
import type { JsonObject } from '../json';
import { renderNumber } from '../deploy-time-number';
import type { NumberSetting } from '../deploy-time-number';
import { checkRetryCatch, renderRetryCatch } from '../retry-catch';
import type { RetryCatchProps } from '../retry-catch';
import type { ByLanguage, NextOrEnd, PolicyStatement, QueryLanguage } from '../state';
import type { State } from '../state-graph';

/** What an integration helper renders for either language, so one helper call serves both. */
interface TaskIntegration {
  /**
   * The service request: `Parameters` in JSONPath states, `Arguments` in JSONata ones; undefined for a language
   * it cannot be written in (a value read with a JSONPath has no JSONata form, and the reverse).
   */
  readonly request: Partial<ByLanguage<JsonObject>>;
  /** The result passed on (`OutputPath` / `Output`) unless the caller sets its own. */
  readonly selection?: ByLanguage<string>;
}

type TaskProps = StateBaseProps &
  InputOutputProps &
  RetryCatchProps &
  NextOrEnd & {
    /** An ARN: a service integration (`arn:aws:states:::...`), an activity or a function. May be a CDKTF token. */
    readonly resource: string;
    readonly timeoutSeconds?: NumberSetting;
    readonly heartbeatSeconds?: NumberSetting;
    /** JSONata states: `{% ... %}` in place of a number. */
    readonly timeoutExpression?: string;
    readonly credentials?: JsonObject;
    /** What the state machine's role must allow for this task to run. */
    readonly permissions?: readonly PolicyStatement[];
    /** Set by integration helpers in place of `parameters`/`arguments`. */
    readonly integration?: TaskIntegration;
  };

/** The props as they render in `language`: the integration's request and selection filled in. */
function inLanguage(props: TaskProps, language: QueryLanguage): TaskProps {
  const { integration } = props;
  if (integration === undefined) return props;
  const selection = integration.selection?.[language];
  return language === 'JSONata'
    ? { ...props, arguments: integration.request.JSONata, output: props.output ?? selection }
    : { ...props, parameters: integration.request.JSONPath, outputPath: props.outputPath ?? selection };
}

class TaskState extends StateIdentity<'Task', TaskProps> implements State {
  constructor(name: string, props: TaskProps) {
    super('Task', name, props, nextOrEnd(props));
    checkResource(props.resource);
    checkInputOutput(props);
    checkPayloadTemplate('Parameters', props.integration?.request.JSONPath);
    checkRetryCatch(props);
    checkInteger('TimeoutSeconds', props.timeoutSeconds, 1, 99_999_999);
    // Below TimeoutSeconds when that is known now; a deploy-time timeout leaves only the field's own limit.
    const timeout = typeof props.timeoutSeconds === 'number' ? props.timeoutSeconds : 100_000_000;
    checkInteger('HeartbeatSeconds', props.heartbeatSeconds, 1, timeout - 1);
    checkJsonata('TimeoutSeconds', props.timeoutExpression);
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const problems = flowProblems(this.name, inLanguage(this.props, queryLanguage), queryLanguage);
    problems.push(...requestLanguageProblems(this.name, 'request', this.props.integration?.request, queryLanguage));
    if (queryLanguage === 'JSONPath' && this.props.timeoutExpression !== undefined) {
      problems.push(`State '${this.name}' uses a JSONata TimeoutSeconds expression, which JSONPath states cannot have`);
    }
    return problems;
  }

  permissions(): readonly PolicyStatement[] {
    return this.props.permissions ?? [];
  }

  render(queryLanguage: QueryLanguage = this.queryLanguage ?? 'JSONPath'): JsonObject {
    const props = inLanguage(this.props, queryLanguage);
    return compact({
      ...renderBase(this.type, props),
      Resource: props.resource,
      ...renderInput(props),
      Credentials: props.credentials,
      TimeoutSeconds: renderNumber(props.timeoutSeconds) ?? props.timeoutExpression,
      HeartbeatSeconds: renderNumber(props.heartbeatSeconds),
      ...renderOutput(props),
      ...renderRetryCatch(props),
      ...renderNextEnd(props),
    });
  }
}

export { TaskState };
export type { TaskIntegration, TaskProps };
