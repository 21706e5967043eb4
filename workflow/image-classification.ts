import { ALL_ERRORS, FailState, SNS_TRANSIENT_RETRY, StateMachineDefinition, SucceedState, lambdaInvoke, snsPublish } from '../asl';
import type { Catcher } from '../asl';
import type { FunctionName } from '../contract/functions';
import { failureReportStates } from './failure-report';
import { IMAGE_VARIABLES, TOP_CLASS_TEXT, VERDICT_FIELDS, imageStepTask } from './image-steps';
import { EXECUTION, consoleLink, jsonata } from './jsonata';
import { UPLOAD_OUTCOMES, UPLOAD_RECORD_STATES, uploadRecord } from './upload-record';
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
  /** The table of upload records (see upload-record.ts). */
  readonly uploadRecords: { readonly tableName: string; readonly tableArn: string };
}

const WORKFLOW_STATES = {
  serialize: 'Serialize image data',
  classify: 'Classify image data',
  filter: 'Filter inference data',
  superseded: 'Upload superseded',
  notifySuccess: 'Notify success',
  notificationFailed: 'Notification failed',
  notifyFailure: 'Notify failure',
  notifyBriefly: 'Notify failure briefly',
  failed: 'Classification failed',
} as const;

/** Seconds an SNS publish may take before States.Timeout. */
const PUBLISH_TIMEOUT_SECONDS = 10;

/** A failure before serialize has validated the image: the report reads the request. */
const CATCH_ALL: Catcher = { errorEquals: [ALL_ERRORS], next: UPLOAD_RECORD_STATES.failed };
/** serialize's word that a newer upload replaced this one: its own event classifies it. */
const CATCH_SUPERSEDED: Catcher = { errorEquals: ['ImageSuperseded'], next: WORKFLOW_STATES.superseded };
/** A failure after it: the report names the validated image. */
const CATCH_ALL_WITH_IMAGE: Catcher = {
  ...CATCH_ALL,
  output: jsonata(`$merge([$states.errorOutput, {'image': ${IMAGE_VARIABLES.image}}])`),
};

/** The workflow's output: the seed's envelope (contract/step-payloads.ts `SeedEnvelope`). */
const SEED_ENVELOPE = `{'statusCode': 200, 'body': {'image_data': '', ${VERDICT_FIELDS}, 's3_etag': ${IMAGE_VARIABLES.image}.s3_etag, 's3_version_id': ${IMAGE_VARIABLES.image}.s3_version_id, 'inferences': ${IMAGE_VARIABLES.inferences}}}`;

/** What a person who reads the execution finds when the success email could not be sent: the result, and why. */
const NOTIFICATION_FAILED_CAUSE = `$string({'message': 'The image was classified; the notification could not be published.', 'error': $states.errorOutput.Error, 'result': $states.input})`;

function buildDefinition(
  props: ImageClassificationWorkflowProps,
  budget: RetryBudget,
  timeoutSeconds: number | undefined,
): StateMachineDefinition {
  const { functionArns, topicArn, region } = props;
  const step = (functionName: Parameters<typeof imageStepTask>[1], next: string, catchers: readonly Catcher[]) => ({
    ...imageStepTask(functionArns, functionName, budget, next),
    catch: catchers,
  });
  const serviceRetry = withAttempts(SNS_TRANSIENT_RETRY, budget.sns);
  const record = uploadRecord({ ...props.uploadRecords, executionTimeoutSeconds: timeoutSeconds ?? EXPRESS_MAX_SECONDS });
  const success = `{'classification': ${TOP_CLASS_TEXT}, 'status': 'succeeded', ${VERDICT_FIELDS}, 'inferences': ${IMAGE_VARIABLES.inferences}, 'execution': ${EXECUTION}.Id, 'correlation_id': ${EXECUTION}.Name, 'console': ${consoleLink(region)}}`;

  return new StateMachineDefinition({
    comment: 'Image classification: validate the S3 image, classify it on SageMaker, keep confident inferences, notify by SNS',
    queryLanguage: 'JSONata',
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    startAt: UPLOAD_RECORD_STATES.record,
    states: [
      ...record.start(WORKFLOW_STATES.serialize, UPLOAD_RECORD_STATES.failed),
      lambdaInvoke(WORKFLOW_STATES.serialize, step('serializeImageData', WORKFLOW_STATES.classify, [CATCH_SUPERSEDED, CATCH_ALL])),
      new SucceedState(WORKFLOW_STATES.superseded, {
        comment: 'A newer upload replaced the image before it was read; that upload has its own event and execution.',
      }),
      lambdaInvoke(WORKFLOW_STATES.classify, step('classifyImageData', WORKFLOW_STATES.filter, [CATCH_ALL_WITH_IMAGE])),
      lambdaInvoke(WORKFLOW_STATES.filter, {
        ...step('filterInferenceData', UPLOAD_RECORD_STATES.classified, [CATCH_ALL_WITH_IMAGE]),
        output: jsonata(SEED_ENVELOPE),
      }),
      record.finish(UPLOAD_RECORD_STATES.classified, UPLOAD_OUTCOMES.classified, WORKFLOW_STATES.notifySuccess),
      snsPublish(WORKFLOW_STATES.notifySuccess, {
        topicArn,
        subject: 'Image classification succeeded',
        timeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
        serviceRetry,
        message: jsonata(success),
        output: jsonata('$states.input'),
        // A failure to notify is not a failure to classify: the person is never told the image failed.
        catch: [
          {
            errorEquals: [ALL_ERRORS],
            output: jsonata(`{'Error': 'NotificationFailed', 'Cause': ${NOTIFICATION_FAILED_CAUSE}}`),
            next: WORKFLOW_STATES.notificationFailed,
          },
        ],
        end: true,
      }),
      new FailState(WORKFLOW_STATES.notificationFailed, { error: jsonata('$states.input.Error'), cause: jsonata('$states.input.Cause') }),
      record.finish(UPLOAD_RECORD_STATES.failed, UPLOAD_OUTCOMES.failed, WORKFLOW_STATES.notifyFailure),
      ...failureReportStates({
        names: { notify: WORKFLOW_STATES.notifyFailure, briefly: WORKFLOW_STATES.notifyBriefly, failed: WORKFLOW_STATES.failed },
        topicArn,
        publishTimeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
        serviceRetry,
        subject: 'Image classification failed',
        region,
        request: { fields: ['s3_bucket', 's3_key'], known: 'image', sources: ['body', ''] },
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
    (candidate) => buildDefinition(props, candidate, undefined).toJSON(),
    'the image-classification workflow',
  );
  return buildDefinition(props, budget, limit ?? worstCaseSeconds + EXECUTION_TIMEOUT_MARGIN_SECONDS);
}

export { imageClassificationWorkflow, PUBLISH_TIMEOUT_SECONDS, WORKFLOW_STATES, RETRY_BUDGETS, EXECUTION_TIMEOUT_MARGIN_SECONDS };
export type { ImageClassificationWorkflowProps, WorkflowFunctionArns };
