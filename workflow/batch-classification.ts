import {
  ALL_ERRORS,
  ChoiceState,
  Condition,
  MapState,
  PassState,
  SNS_TRANSIENT_RETRY,
  StateGraph,
  StateMachineDefinition,
  SucceedState,
  lambdaInvoke,
  s3ListObjectsReader,
  s3ResultWriter,
  snsPublish,
  worstCaseDurationSeconds,
} from '../asl';
import type { Catcher, JsonObject, QueryLanguage, State } from '../asl';
import { ENVELOPE_PATHS } from '../contract/envelope';
import { taskTimeoutSeconds } from '../contract/functions';
import type { FunctionName } from '../contract/functions';
import { failureStates, unlessString } from './failure-report';
import type { ReportedRequest } from './failure-report';
import { PUBLISH_TIMEOUT_SECONDS, consoleLink } from './image-classification';
import { CORRELATION_ID, imageStepTask } from './image-steps';
import { TRANSIENT_RETRY } from './retries';
import { EXPRESS_MAX_SECONDS, retryBudgetFitting } from './retry-budget';
import type { RetryBudget } from './retry-budget';

type BatchFunctionArns = Readonly<Record<FunctionName, string>>;

interface BatchClassificationWorkflowProps {
  readonly functionArns: BatchFunctionArns;
  readonly topicArn: string;
  /** The region the state machine runs in, for the console link in the failure notification. */
  readonly region: string;
  /** This state machine's own ARN, built from its name (Distributed Map starts its children on it). */
  readonly stateMachineArn: string;
  /** The bucket the batch lists (its ARN) and where the results go (its name). */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The key prefix a batch may list under; `s3:ListBucket` is conditioned on it. */
  readonly listablePrefix: string;
  /** Where ResultWriter writes; outside the trigger's reach (see infra/image-trigger.ts). */
  readonly resultsPrefix: string;
  /** Numbers or CDKTF number tokens (a Terraform variable), rendered as JSON numbers. */
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number;
  readonly executionTimeoutSeconds?: number;
}

const BATCH_STATES = {
  checkInput: 'Check batch input',
  invalidInput: 'Invalid batch input',
  map: 'Classify each image',
  serialize: 'Serialize image data',
  classify: 'Classify image data',
  filter: 'Filter inference data',
  verdict: 'Keep the verdict',
  summarize: 'Summarize batch results',
  checkSummary: 'Check batch summary',
  incompleteSummary: 'Batch summary incomplete',
  notifySummary: 'Notify batch summary',
  finished: 'Batch finished',
  describeFailure: 'Describe batch failure',
  notifyFailure: 'Notify batch failure',
  failed: 'Batch failed',
  locateInRequest: 'Locate batch in request',
  notifyUnnamed: 'Notify batch failure, batch not named',
} as const;

/** The error a batch input that is not `{"s3_bucket": "<text>", "s3_prefix": "<text>"}` fails with. */
const INVALID_INPUT = {
  Error: 'InvalidInput',
  Cause:
    'A batch needs the input {"s3_bucket": "<bucket>", "s3_prefix": "<key prefix>"}, both text; "s3_prefix": "" lists the whole bucket.',
} as const;

/** What the summary email reads from the summary function's result. */
const SUMMARY_FIELDS = ['total', 'succeeded', 'failed', 'pending', 'failures_by_error', 'other_errors', 'results'] as const;

const INCOMPLETE_SUMMARY = {
  Error: 'InvalidSummary',
  Cause: `The summary function's result lacks one of ${SUMMARY_FIELDS.join(', ')}; the results are still in the results prefix.`,
} as const;

/** The failure report names the batch's bucket and prefix from the execution's input. */
const BATCH_REQUEST: ReportedRequest = {
  fields: ['s3_bucket', 's3_prefix'],
  sources: [{ path: '$$.Execution.Input', check: BATCH_STATES.locateInRequest, notify: BATCH_STATES.notifyFailure }],
  unknown: BATCH_STATES.notifyUnnamed,
};

/** The Map's settings the emulator in local/ and the tests read back. */
const BATCH_MAP_LABEL = 'images';

/**
 * The per-image steps as a child workflow: serialize, classify, filter, then only the verdict, so
 * that the result files hold keys and scores, not images. No Catch: a failure fails the child
 * execution with the function's error name, which the Map Run records in FAILED_n.json. Its retries
 * follow `budget`.
 */
function childWorkflow(arns: BatchFunctionArns, budget: RetryBudget): StateGraph {
  // The same payloads as the per-image workflow: the child execution's name is each function's correlation id.
  const task = (functionName: FunctionName, next: string) => imageStepTask(arns[functionName], functionName, budget, next);
  return new StateGraph({
    startAt: BATCH_STATES.serialize,
    states: [
      lambdaInvoke(BATCH_STATES.serialize, task('serializeImageData', BATCH_STATES.classify)),
      lambdaInvoke(BATCH_STATES.classify, task('classifyImageData', BATCH_STATES.filter)),
      lambdaInvoke(BATCH_STATES.filter, task('filterInferenceData', BATCH_STATES.verdict)),
      new PassState(BATCH_STATES.verdict, {
        parameters: { 's3_bucket.$': ENVELOPE_PATHS.s3Bucket, 's3_key.$': ENVELOPE_PATHS.s3Key, 'inferences.$': ENVELOPE_PATHS.inferences },
        end: true,
      }),
    ],
  });
}

/**
 * The child workflow with the most retries that still ends within an EXPRESS execution's 300 s, so
 * a child fails with its function's error, never with the execution's States.Timeout.
 */
function sizedChildWorkflow(arns: BatchFunctionArns): StateGraph {
  const { budget } = retryBudgetFitting(
    EXPRESS_MAX_SECONDS,
    (candidate) => worstCaseDurationSeconds(childWorkflow(arns, candidate).render()),
    'a batch child execution',
  );
  return childWorkflow(arns, budget);
}

/**
 * MapState checks MaxConcurrency and ToleratedFailurePercentage as plain integers; these come from
 * Terraform variables as number tokens, so they are added to its rendering instead.
 * TODO: drop when asl/ accepts number tokens for them.
 */
function withNumbers(map: MapState, numbers: JsonObject): State {
  return {
    name: map.name,
    type: map.type,
    queryLanguage: map.queryLanguage,
    transitions: () => map.transitions(),
    isTerminal: () => map.isTerminal(),
    problems: (language) => map.problems(language),
    nestedGraphs: () => map.nestedGraphs(),
    permissions: () => map.permissions(),
    render: (language?: QueryLanguage) => {
      const { ItemProcessor, ...rest } = map.render(language);
      return { ...rest, ItemProcessor: ItemProcessor!, ...numbers };
    },
  };
}

/**
 * The objects under the execution's `s3_prefix`. The prefix is read at run time, so the reader
 * cannot condition `s3:ListBucket` itself: the role may list only under the configured prefix.
 */
function itemReader(props: BatchClassificationWorkflowProps) {
  const reader = s3ListObjectsReader({ bucket: { path: '$.s3_bucket' }, bucketArn: props.bucketArn, prefix: { path: '$.s3_prefix' } });
  return {
    ...reader,
    permissions: [
      {
        actions: ['s3:ListBucket'],
        resources: [props.bucketArn],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${props.listablePrefix}*`] }],
      },
    ],
  };
}

/**
 * One execution per prefix: a Distributed Map lists it (S3 listObjectsV2), runs the per-image steps
 * as EXPRESS child executions without a notification each, writes every child's result to S3, and
 * one summary is published at the end. Input: `{"s3_bucket": "...", "s3_prefix": "..."}`, both
 * text (`""` lists the whole bucket); any other input, and any failure, ends in one failure report
 * (see failure-report.ts) and the Fail state.
 */
function batchClassificationWorkflow(props: BatchClassificationWorkflowProps): StateMachineDefinition {
  // Output {Error, Cause}, as in the per-image workflow: the report reads the bucket and prefix from the execution's input.
  const catchAll: Catcher[] = [{ errorEquals: [ALL_ERRORS], next: BATCH_STATES.describeFailure }];
  const publish = {
    topicArn: props.topicArn,
    timeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
    serviceRetry: SNS_TRANSIENT_RETRY,
    resultPath: null,
  };
  const map = new MapState(BATCH_STATES.map, {
    comment: 'Lists the prefix and classifies each object in a child execution',
    itemProcessor: sizedChildWorkflow(props.functionArns),
    distributed: {
      executionType: 'EXPRESS',
      stateMachineArn: props.stateMachineArn,
      label: BATCH_MAP_LABEL,
      itemReader: itemReader(props),
      resultWriter: s3ResultWriter({ bucket: props.bucketName, bucketArn: props.bucketArn, prefix: props.resultsPrefix }),
    },
    itemSelector: { 's3_bucket.$': '$.s3_bucket', 's3_key.$': '$$.Map.Item.Value.Key', 's3_etag.$': '$$.Map.Item.Value.Etag' },
    // Keeps the input beside the Map's output ({MapRunArn, ResultWriterDetails}).
    resultPath: '$.map_run',
    catch: catchAll,
    next: BATCH_STATES.summarize,
  });
  return new StateMachineDefinition({
    comment: 'Image classification batch: every object under a prefix through the per-image steps, then one summary by SNS',
    timeoutSeconds: props.executionTimeoutSeconds ?? 24 * 3600,
    startAt: BATCH_STATES.checkInput,
    states: [
      // The Map reads both fields in its reader and item selector, where a missing one is States.Runtime, which no Catch sees.
      new ChoiceState(BATCH_STATES.checkInput, {
        choices: [...unlessString('$.s3_bucket', BATCH_STATES.invalidInput), ...unlessString('$.s3_prefix', BATCH_STATES.invalidInput)],
        default: BATCH_STATES.map,
      }),
      new PassState(BATCH_STATES.invalidInput, { result: INVALID_INPUT, next: BATCH_STATES.describeFailure }),
      withNumbers(map, { MaxConcurrency: props.maxConcurrency, ToleratedFailurePercentage: props.toleratedFailurePercentage }),
      lambdaInvoke(BATCH_STATES.summarize, {
        functionArn: props.functionArns.summarizeBatchResults,
        payload: { 'MapRunArn.$': '$.map_run.MapRunArn', 'ResultWriterDetails.$': '$.map_run.ResultWriterDetails' },
        selectPayload: false,
        resultSelector: { 'counts.$': '$.Payload' },
        resultPath: '$.summary',
        timeoutSeconds: taskTimeoutSeconds('summarizeBatchResults'),
        retry: [TRANSIENT_RETRY],
        catch: catchAll,
        next: BATCH_STATES.checkSummary,
      }),
      // The email reads each field; a missing one would be States.Runtime there, which no Catch sees.
      new ChoiceState(BATCH_STATES.checkSummary, {
        choices: SUMMARY_FIELDS.map((field) => ({
          condition: Condition.not(Condition.compare(`$.summary.counts.${field}`, 'IsPresent', true)),
          next: BATCH_STATES.incompleteSummary,
          comment: `${field} missing`,
        })),
        default: BATCH_STATES.notifySummary,
      }),
      new PassState(BATCH_STATES.incompleteSummary, { result: INCOMPLETE_SUMMARY, next: BATCH_STATES.describeFailure }),
      snsPublish(BATCH_STATES.notifySummary, {
        ...publish,
        subject: 'Image classification batch finished',
        message: {
          status: 'finished',
          's3_bucket.$': '$.s3_bucket',
          's3_prefix.$': '$.s3_prefix',
          ...Object.fromEntries(SUMMARY_FIELDS.map((field) => [`${field}.$`, `$.summary.counts.${field}`])),
          'execution.$': '$$.Execution.Id',
        },
        catch: catchAll,
        next: BATCH_STATES.finished,
      }),
      new SucceedState(BATCH_STATES.finished),
      ...failureStates({
        names: { start: BATCH_STATES.describeFailure, notify: BATCH_STATES.notifyFailure, failed: BATCH_STATES.failed },
        publish,
        subject: 'Image classification batch failed',
        consoleLink: consoleLink(props.region),
        correlationId: CORRELATION_ID,
        request: BATCH_REQUEST,
      }),
    ],
  });
}

export { batchClassificationWorkflow, BATCH_STATES, INVALID_INPUT, INCOMPLETE_SUMMARY };
export type { BatchClassificationWorkflowProps, BatchFunctionArns };
