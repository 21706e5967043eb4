import {
  ALL_ERRORS,
  SNS_TRANSIENT_RETRY,
  StateMachineDefinition,
  SucceedState,
  lambdaInvoke,
  snsPublish,
  worstCaseDurationSeconds,
} from '../asl';
import type { Catcher } from '../asl';
import { ENVELOPE_PATHS } from '../contract/envelope';
import type { FunctionName } from '../contract/functions';
import { failureStates } from './failure-report';
import { uploadRecordStates } from './upload-record';
import { CORRELATION_ID, imageStepTask } from './image-steps';
import { EXECUTION_TIMEOUT_MARGIN_SECONDS, EXPRESS_MAX_SECONDS, RETRY_BUDGETS, retryBudgetFitting, withAttempts } from './retry-budget';
import type { RetryBudget } from './retry-budget';

type WorkflowFunctionArns = Readonly<Record<FunctionName, string>>;

interface ImageClassificationWorkflowProps {
  /** ARNs of the functions; CDKTF tokens pass through untouched. */
  readonly functionArns: WorkflowFunctionArns;
  readonly topicArn: string;
  /** The region the state machine runs in, for the console link in notifications. */
  readonly region: string;
  /** EXPRESS executions stop at 300 s, so their retries are sized to finish within it. */
  readonly workflowType?: 'STANDARD' | 'EXPRESS';
  /** The table that makes a repeated delivery of an upload's event harmless (see upload-record.ts); no record step without it. */
  readonly uploadRecords?: { readonly tableName: string; readonly tableArn: string };
}

const WORKFLOW_STATES = {
  serialize: 'Serialize image data',
  classify: 'Classify image data',
  filter: 'Filter inference data',
  notifySuccess: 'Notify success',
  succeeded: 'Classification succeeded',
  describeFailure: 'Describe failure',
  notifyFailure: 'Notify failure',
  failed: 'Classification failed',
} as const;

/** Seconds an SNS publish may take before States.Timeout. */
const PUBLISH_TIMEOUT_SECONDS = 10;
/** Any failure goes to the failure report; its output is `{Error, Cause}`, the request stays in the context object. */
const CATCH_ALL: Catcher = { errorEquals: [ALL_ERRORS], next: WORKFLOW_STATES.describeFailure };

function consoleLink(region: string): string {
  return `States.Format('https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/{}', $$.Execution.Id)`;
}

function buildDefinition(
  props: ImageClassificationWorkflowProps,
  budget: RetryBudget,
  timeoutSeconds: number | undefined,
): StateMachineDefinition {
  const { functionArns, topicArn, region } = props;
  const task = (functionName: FunctionName, next: string) => ({
    ...imageStepTask(functionArns[functionName], functionName, budget, next),
    catch: [CATCH_ALL],
  });
  const publish = {
    topicArn,
    timeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
    serviceRetry: withAttempts(SNS_TRANSIENT_RETRY, budget.sns),
    resultPath: null,
  };
  const record =
    props.uploadRecords === undefined
      ? undefined
      : uploadRecordStates({ ...props.uploadRecords, next: WORKFLOW_STATES.serialize, onFailure: WORKFLOW_STATES.describeFailure });

  return new StateMachineDefinition({
    comment: 'Image classification: validate the S3 image, classify it on SageMaker, keep confident inferences, notify by SNS',
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    startAt: record?.startAt ?? WORKFLOW_STATES.serialize,
    states: [
      ...(record?.states ?? []),
      lambdaInvoke(WORKFLOW_STATES.serialize, task('serializeImageData', WORKFLOW_STATES.classify)),
      lambdaInvoke(WORKFLOW_STATES.classify, task('classifyImageData', WORKFLOW_STATES.filter)),
      lambdaInvoke(WORKFLOW_STATES.filter, task('filterInferenceData', WORKFLOW_STATES.notifySuccess)),
      snsPublish(WORKFLOW_STATES.notifySuccess, {
        ...publish,
        subject: 'Image classification succeeded',
        message: {
          status: 'succeeded',
          's3_bucket.$': ENVELOPE_PATHS.s3Bucket,
          's3_key.$': ENVELOPE_PATHS.s3Key,
          'inferences.$': ENVELOPE_PATHS.inferences,
          'execution.$': '$$.Execution.Id',
          ...CORRELATION_ID,
          'console.$': consoleLink(region),
        },
        catch: [CATCH_ALL],
        next: WORKFLOW_STATES.succeeded,
      }),
      new SucceedState(WORKFLOW_STATES.succeeded),
      ...failureStates({
        names: { start: WORKFLOW_STATES.describeFailure, notify: WORKFLOW_STATES.notifyFailure, failed: WORKFLOW_STATES.failed },
        publish,
        subject: 'Image classification failed',
        consoleLink: consoleLink(region),
        correlationId: CORRELATION_ID,
      }),
    ],
  });
}

/**
 * Serialize -> classify -> filter -> notify success; any failure -> a report for a person (error,
 * message, bucket and key, execution and console link) -> Fail. The execution timeout is derived
 * from the worst case, so a failure is always reported before the execution could time out.
 */
function imageClassificationWorkflow(props: ImageClassificationWorkflowProps): StateMachineDefinition {
  const limit = props.workflowType === 'EXPRESS' ? EXPRESS_MAX_SECONDS : undefined;
  const { budget, worstCaseSeconds } = retryBudgetFitting(
    limit,
    (candidate) => worstCaseDurationSeconds(buildDefinition(props, candidate, undefined).toJSON()),
    'the image-classification workflow',
  );
  return buildDefinition(props, budget, limit ?? worstCaseSeconds + EXECUTION_TIMEOUT_MARGIN_SECONDS);
}

export {
  imageClassificationWorkflow,
  consoleLink,
  PUBLISH_TIMEOUT_SECONDS,
  WORKFLOW_STATES,
  RETRY_BUDGETS,
  EXECUTION_TIMEOUT_MARGIN_SECONDS,
};
export type { ImageClassificationWorkflowProps, WorkflowFunctionArns };
