import {
  ALL_ERRORS,
  ChoiceState,
  Condition,
  SNS_TRANSIENT_RETRY,
  StateMachineDefinition,
  SucceedState,
  lambdaInvoke,
  snsPublish,
} from '../asl';
import type { Catcher } from '../asl';
import type { FunctionName } from '../contract/functions';
import { failWithInputError, failureReportStates } from './failure-report';
import {
  IMAGE_SUPERSEDED,
  IMAGE_VARIABLES,
  PASSED_IMAGE_FIELDS,
  TOP_CLASS_TEXT,
  VERDICT_FIELDS,
  catchAllFrom,
  imageStepTask,
} from './image-steps';
import type { ImageStepName } from './image-steps';
import { EXECUTION, consoleLink, jsonata } from './jsonata';
import { NOTIFIES, NOTIFY_ON_VARIABLE } from './notification-policy';
import { CAUGHT_ERROR, RESULT_VARIABLES, writeResultState } from './result-object';
import type { OutcomeSettings } from './result-object';
import { UPLOAD_OUTCOMES, UPLOAD_RECORD_STATES, uploadRecord } from './upload-record';
import { EXECUTION_TIMEOUT_MARGIN_SECONDS, EXPRESS_MAX_SECONDS, RETRY_BUDGETS, retryBudgetFitting, withAttempts } from './retry-budget';
import type { RetryBudget } from './retry-budget';

type WorkflowFunctionArns = Readonly<Record<FunctionName, string>>;

interface ImageClassificationWorkflowProps extends OutcomeSettings {
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
  recordOutcome: 'Record outcome',
  writeResult: 'Write result',
  policy: 'Notification policy',
  notifySuccess: 'Notify success',
  classified: 'Classified',
  notificationFailed: 'Notification failed',
  notifyFailure: 'Notify failure',
  notifyBriefly: 'Notify failure briefly',
  failed: 'Classification failed',
} as const;

/** Seconds an SNS publish may take before States.Timeout. */
const PUBLISH_TIMEOUT_SECONDS = 10;

/** serialize's word that a newer upload replaced this one: its own event classifies it. */
const CATCH_SUPERSEDED: Catcher = { errorEquals: [IMAGE_SUPERSEDED], next: WORKFLOW_STATES.superseded };

/** The workflow's output: the seed's envelope (contract/step-payloads.ts `SeedEnvelope`). */
const SEED_ENVELOPE = `{'statusCode': 200, 'body': {'image_data': '', ${PASSED_IMAGE_FIELDS}}}`;
/** What a failure's report and result name of the request: the validated image, else the input's text fields. */
const REPORTED_REQUEST = { fields: ['s3_bucket', 's3_key'], known: 'image', sources: ['body', ''] } as const;

/** Where a passed image's fields are in the seed's envelope. */
const PASSED_FIELDS = '$states.input.body';

/** What a person who reads the execution finds when the success email could not be sent: the result, and why. */
const NOTIFICATION_FAILED_CAUSE = `$string({'message': 'The image was classified; the notification could not be published.', 'error': $states.errorOutput.Error, 'result': $states.input})`;

function buildDefinition(
  props: ImageClassificationWorkflowProps,
  budget: RetryBudget,
  timeoutSeconds: number | undefined,
): StateMachineDefinition {
  const { functionArns, topicArn, region } = props;
  const step = (functionName: ImageStepName, next: string, catchers: readonly Catcher[] = []) => ({
    ...imageStepTask(functionArns, functionName, budget, next),
    catch: [...catchers, catchAllFrom(functionName, WORKFLOW_STATES.recordOutcome)],
  });
  const serviceRetry = withAttempts(SNS_TRANSIENT_RETRY, budget.integrations);
  const record = uploadRecord({ ...props.uploadRecords, executionTimeoutSeconds: timeoutSeconds ?? EXPRESS_MAX_SECONDS });
  // Deploy-time text enters the definition as JSON strings, never inside an expression.
  const settings = {
    [RESULT_VARIABLES.resultsPrefix]: props.results.resultsPrefix,
    [RESULT_VARIABLES.endpoint]: props.endpointName,
    [NOTIFY_ON_VARIABLE]: props.notifyOn,
  };
  const success = `{'classification': ${TOP_CLASS_TEXT}, 'status': 'succeeded', ${VERDICT_FIELDS}, 'inferences': ${IMAGE_VARIABLES.inferences}, 'execution': ${EXECUTION}.Id, 'correlation_id': ${EXECUTION}.Name, 'console': ${consoleLink(region)}}`;

  return new StateMachineDefinition({
    comment: 'Image classification: validate the S3 image, classify it on SageMaker, keep confident inferences, notify by SNS',
    queryLanguage: 'JSONata',
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    startAt: UPLOAD_RECORD_STATES.record,
    states: [
      ...record.start(WORKFLOW_STATES.serialize, WORKFLOW_STATES.recordOutcome, settings),
      lambdaInvoke(WORKFLOW_STATES.serialize, step('serializeImageData', WORKFLOW_STATES.classify, [CATCH_SUPERSEDED])),
      new SucceedState(WORKFLOW_STATES.superseded, {
        comment: 'A newer upload replaced the image before it was read; that upload has its own event and execution.',
      }),
      lambdaInvoke(WORKFLOW_STATES.classify, step('classifyImageData', WORKFLOW_STATES.filter)),
      lambdaInvoke(WORKFLOW_STATES.filter, {
        ...step('filterInferenceData', WORKFLOW_STATES.recordOutcome),
        output: jsonata(SEED_ENVELOPE),
      }),
      record.finish(
        WORKFLOW_STATES.recordOutcome,
        jsonata(`${CAUGHT_ERROR} ? '${UPLOAD_OUTCOMES.failed}' : '${UPLOAD_OUTCOMES.classified}'`),
        WORKFLOW_STATES.writeResult,
      ),
      writeResultState(
        WORKFLOW_STATES.writeResult,
        { ...props.results, passedFields: PASSED_FIELDS, request: REPORTED_REQUEST, retryAttempts: budget.integrations },
        WORKFLOW_STATES.policy,
      ),
      new ChoiceState(WORKFLOW_STATES.policy, {
        choices: [
          {
            condition: Condition.jsonata(jsonata(`${CAUGHT_ERROR} and ${NOTIFIES.failure}`)),
            next: WORKFLOW_STATES.notifyFailure,
            comment: 'failed: notify',
          },
          { condition: Condition.jsonata(jsonata(CAUGHT_ERROR)), next: WORKFLOW_STATES.failed, comment: 'failed: notify nobody' },
          { condition: Condition.jsonata(jsonata(NOTIFIES.success)), next: WORKFLOW_STATES.notifySuccess, comment: 'classified: notify' },
        ],
        default: WORKFLOW_STATES.classified,
      }),
      new SucceedState(WORKFLOW_STATES.classified, { comment: 'Classified; the notification policy emails nobody about it.' }),
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
      failWithInputError(WORKFLOW_STATES.notificationFailed),
      ...failureReportStates({
        names: { notify: WORKFLOW_STATES.notifyFailure, briefly: WORKFLOW_STATES.notifyBriefly, failed: WORKFLOW_STATES.failed },
        topicArn,
        publishTimeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
        serviceRetry,
        subject: 'Image classification failed',
        region,
        request: REPORTED_REQUEST,
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
