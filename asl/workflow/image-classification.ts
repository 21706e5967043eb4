import { lambdaInvoke } from '../integrations/lambda-invoke';
import { snsPublish } from '../integrations/sns-publish';
import { ALL_ERRORS } from '../retry-catch';
import type { Catcher, Retrier } from '../retry-catch';
import { StateMachineDefinition } from '../state-machine';
import { FailState } from '../states/fail';
import { SucceedState } from '../states/succeed';

interface WorkflowFunctionArns {
  readonly serializeImageData: string;
  readonly classifyImageData: string;
  readonly filterInferenceData: string;
}

interface ImageClassificationWorkflowProps {
  /** ARNs of the three functions; CDKTF tokens pass through untouched. */
  readonly functionArns: WorkflowFunctionArns;
  readonly topicArn: string;
  /** Seconds each task may run before States.Timeout; keep them above the functions' own timeouts. */
  readonly taskTimeouts?: Partial<Record<keyof WorkflowFunctionArns, number>>;
  /** Seconds the whole execution may run (EXPRESS allows at most 300). */
  readonly executionTimeoutSeconds?: number;
}

const WORKFLOW_STATES = {
  serialize: 'Serialize image data',
  classify: 'Classify image data',
  filter: 'Filter inference data',
  notifySuccess: 'Notify success',
  succeeded: 'Classification succeeded',
  notifyFailure: 'Notify failure',
  failed: 'Classification failed',
} as const;

const DEFAULT_TASK_TIMEOUTS: Record<keyof WorkflowFunctionArns, number> = {
  serializeImageData: 45,
  classifyImageData: 75,
  filterInferenceData: 25,
};

/** Errors from S3 and SageMaker (as the handlers let them through) that a later try can fix. */
const TRANSIENT_ERRORS = [
  'ThrottlingException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
  'InternalDependencyException',
  'ModelNotReadyException',
  'RequestTimeout',
  'TimeoutError',
] as const;

/** The handlers' own errors: a retry cannot change their outcome, so none of them is ever listed in a Retry. */
const NOT_RETRIED_ERRORS = [
  'InvalidInput',
  'InvalidConfiguration',
  'ImageNotFound',
  'InvalidImage',
  'ImageTooLarge',
  'InvalidEndpointResponse',
  'ThresholdConfidenceNotMet',
] as const;

const TRANSIENT_RETRY: Retrier = {
  errorEquals: TRANSIENT_ERRORS,
  intervalSeconds: 2,
  maxAttempts: 3,
  backoffRate: 2,
  maxDelaySeconds: 20,
  jitterStrategy: 'FULL',
};

/** Any failure goes to the failure notification. With no ResultPath the state's output is `{Error, Cause}` alone; the original input stays in the context object. */
const CATCH_ALL: Catcher = { errorEquals: [ALL_ERRORS], next: WORKFLOW_STATES.notifyFailure };

/** Serialize -> classify -> filter -> notify success; any failure -> notify failure -> Fail. */
function imageClassificationWorkflow(props: ImageClassificationWorkflowProps): StateMachineDefinition {
  const arns = props.functionArns;
  const timeouts = { ...DEFAULT_TASK_TIMEOUTS, ...props.taskTimeouts };
  const task = (functionName: keyof WorkflowFunctionArns, next: string, retry: readonly Retrier[]) => ({
    functionArn: arns[functionName],
    timeoutSeconds: timeouts[functionName],
    retry,
    catch: [CATCH_ALL],
    next,
  });

  return new StateMachineDefinition({
    comment: 'Image classification: serialize the S3 image, classify it on SageMaker, keep confident inferences, notify by SNS',
    timeoutSeconds: props.executionTimeoutSeconds ?? 300,
    startAt: WORKFLOW_STATES.serialize,
    states: [
      lambdaInvoke(WORKFLOW_STATES.serialize, task('serializeImageData', WORKFLOW_STATES.classify, [TRANSIENT_RETRY])),
      lambdaInvoke(WORKFLOW_STATES.classify, task('classifyImageData', WORKFLOW_STATES.filter, [TRANSIENT_RETRY])),
      lambdaInvoke(WORKFLOW_STATES.filter, task('filterInferenceData', WORKFLOW_STATES.notifySuccess, [])),
      snsPublish(WORKFLOW_STATES.notifySuccess, {
        topicArn: props.topicArn,
        subject: 'Image classification succeeded',
        message: {
          status: 'succeeded',
          's3_bucket.$': '$.body.s3_bucket',
          's3_key.$': '$.body.s3_key',
          'inferences.$': '$.body.inferences',
          'execution.$': '$$.Execution.Id',
        },
        resultPath: null,
        catch: [CATCH_ALL],
        next: WORKFLOW_STATES.succeeded,
      }),
      new SucceedState(WORKFLOW_STATES.succeeded),
      snsPublish(WORKFLOW_STATES.notifyFailure, {
        topicArn: props.topicArn,
        subject: 'Image classification failed',
        message: {
          status: 'failed',
          'error.$': '$.Error',
          'cause.$': '$.Cause',
          'input.$': '$$.Execution.Input',
          'execution.$': '$$.Execution.Id',
        },
        resultPath: null,
        next: WORKFLOW_STATES.failed,
      }),
      new FailState(WORKFLOW_STATES.failed, { errorPath: '$.Error', causePath: '$.Cause' }),
    ],
  });
}

export { imageClassificationWorkflow, WORKFLOW_STATES, TRANSIENT_ERRORS, NOT_RETRIED_ERRORS, DEFAULT_TASK_TIMEOUTS };
export type { ImageClassificationWorkflowProps, WorkflowFunctionArns };
