import { ALL_ERRORS, FailState, StateMachineDefinition, SucceedState, lambdaInvoke, snsPublish } from '../asl';
import type { Catcher, Retrier } from '../asl';
import { ENVELOPE_PATHS } from '../contract/envelope';
import { TRANSIENT_AWS_ERROR_NAMES } from '../contract/errors';
import { taskTimeoutSeconds } from '../contract/functions';
import type { FunctionName } from '../contract/functions';

type WorkflowFunctionArns = Readonly<Record<FunctionName, string>>;

interface ImageClassificationWorkflowProps {
  /** ARNs of the three functions; CDKTF tokens pass through untouched. */
  readonly functionArns: WorkflowFunctionArns;
  readonly topicArn: string;
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

const TRANSIENT_RETRY: Retrier = {
  errorEquals: TRANSIENT_AWS_ERROR_NAMES,
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
  const task = (functionName: FunctionName, next: string, retry: readonly Retrier[]) => ({
    functionArn: arns[functionName],
    timeoutSeconds: taskTimeoutSeconds(functionName),
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
          's3_bucket.$': ENVELOPE_PATHS.s3Bucket,
          's3_key.$': ENVELOPE_PATHS.s3Key,
          'inferences.$': ENVELOPE_PATHS.inferences,
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

export { imageClassificationWorkflow, WORKFLOW_STATES };
export type { ImageClassificationWorkflowProps, WorkflowFunctionArns };
