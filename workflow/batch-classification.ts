import {
  ALL_ERRORS,
  ChoiceState,
  Condition,
  MapState,
  SNS_TRANSIENT_RETRY,
  StateGraph,
  StateMachineDefinition,
  deployTimeNumber,
  lambdaInvoke,
  s3ListObjectsReader,
  s3ResultWriter,
  snsPublish,
  worstCaseDurationSeconds,
} from '../asl';
import type { Catcher } from '../asl';
import { taskTimeoutSeconds } from '../contract/functions';
import type { FunctionName } from '../contract/functions';
import { failureReportStates } from './failure-report';
import { PUBLISH_TIMEOUT_SECONDS } from './image-classification';
import { IMAGE_VARIABLES, VERDICT_FIELDS, imageStepTask } from './image-steps';
import type { ImageStepName } from './image-steps';
import { EXECUTION, jsonata, textLiteral } from './jsonata';
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
  map: 'Classify each image',
  serialize: 'Serialize image data',
  classify: 'Classify image data',
  filter: 'Filter inference data',
  summarize: 'Summarize batch results',
  checkSummary: 'Check batch summary',
  notifySummary: 'Notify batch summary',
  notifyFailure: 'Notify batch failure',
  notifyBriefly: 'Notify batch failure briefly',
  failed: 'Batch failed',
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

/** The Map's settings the emulator in local/ and the tests read back. */
const BATCH_MAP_LABEL = 'images';

/** A Choice rule that sends the state's input on to the failure report as the error `failure`. */
function failWith(condition: string, failure: { readonly Error: string; readonly Cause: string }, comment: string) {
  return { condition: Condition.jsonata(jsonata(condition)), output: failure, next: BATCH_STATES.notifyFailure, comment };
}

/**
 * The per-image steps as a child workflow: serialize, classify, filter, whose output is the
 * verdict, so that the result files hold keys and scores, not images. No Catch: a failure fails the
 * child execution with the function's error name, which the Map Run records in FAILED_n.json. Its
 * retries follow `budget`.
 */
function childWorkflow(arns: BatchFunctionArns, budget: RetryBudget): StateGraph {
  // The child execution's name is each function's correlation id.
  const step = (functionName: ImageStepName, next: string) => imageStepTask(arns, functionName, budget, next);
  const { next: _, ...filter } = step('filterInferenceData', '');
  return new StateGraph({
    startAt: BATCH_STATES.serialize,
    states: [
      lambdaInvoke(BATCH_STATES.serialize, step('serializeImageData', BATCH_STATES.classify)),
      lambdaInvoke(BATCH_STATES.classify, step('classifyImageData', BATCH_STATES.filter)),
      lambdaInvoke(BATCH_STATES.filter, {
        ...filter,
        output: jsonata(`{${VERDICT_FIELDS}, 'inferences': ${IMAGE_VARIABLES.inferences}}`),
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
    (candidate) => worstCaseDurationSeconds({ QueryLanguage: 'JSONata', ...childWorkflow(arns, candidate).render() }),
    'a batch child execution',
  );
  return childWorkflow(arns, budget);
}

/**
 * The objects under the execution's `s3_prefix`. The prefix is read at run time, so the reader
 * cannot condition `s3:ListBucket` itself: the role may list only under the configured prefix.
 */
function itemReader(props: BatchClassificationWorkflowProps) {
  const reader = s3ListObjectsReader({
    bucket: jsonata('$states.input.s3_bucket'),
    bucketArn: props.bucketArn,
    prefix: jsonata('$states.input.s3_prefix'),
  });
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
  const catchAll: Catcher[] = [{ errorEquals: [ALL_ERRORS], next: BATCH_STATES.notifyFailure }];
  const map = new MapState(BATCH_STATES.map, {
    comment: 'Lists the prefix and classifies each object in a child execution',
    itemProcessor: sizedChildWorkflow(props.functionArns),
    distributed: {
      executionType: 'EXPRESS',
      stateMachineArn: props.stateMachineArn,
      label: BATCH_MAP_LABEL,
      itemReader: itemReader(props),
      resultWriter: s3ResultWriter({ bucket: props.bucketName, bucketArn: props.bucketArn, prefix: props.resultsPrefix }),
      toleratedFailurePercentage: deployTimeNumber(props.toleratedFailurePercentage),
    },
    maxConcurrency: deployTimeNumber(props.maxConcurrency),
    itemSelector: {
      s3_bucket: jsonata('$states.input.s3_bucket'),
      s3_key: jsonata('$states.context.Map.Item.Value.Key'),
      s3_etag: jsonata('$states.context.Map.Item.Value.Etag'),
    },
    catch: catchAll,
    next: BATCH_STATES.summarize,
  });
  const summaryFields = SUMMARY_FIELDS.map((field) => `${textLiteral(field)}: $states.input.${field}`).join(', ');
  const request = `'s3_bucket': ${EXECUTION}.Input.s3_bucket, 's3_prefix': ${EXECUTION}.Input.s3_prefix`;
  return new StateMachineDefinition({
    comment: 'Image classification batch: every object under a prefix through the per-image steps, then one summary by SNS',
    queryLanguage: 'JSONata',
    timeoutSeconds: props.executionTimeoutSeconds ?? 24 * 3600,
    startAt: BATCH_STATES.checkInput,
    states: [
      // The Map reads both fields in its reader and item selector, where a missing one would fail the listing.
      new ChoiceState(BATCH_STATES.checkInput, {
        choices: [
          failWith(
            "$not($type($states.input.s3_bucket) = 'string' and $type($states.input.s3_prefix) = 'string')",
            INVALID_INPUT,
            'bucket or prefix not text',
          ),
        ],
        default: BATCH_STATES.map,
      }),
      map,
      lambdaInvoke(BATCH_STATES.summarize, {
        functionArn: props.functionArns.summarizeBatchResults,
        payload: jsonata('{"MapRunArn": $states.input.MapRunArn, "ResultWriterDetails": $states.input.ResultWriterDetails}'),
        timeoutSeconds: taskTimeoutSeconds('summarizeBatchResults'),
        retry: [TRANSIENT_RETRY],
        catch: catchAll,
        next: BATCH_STATES.checkSummary,
      }),
      new ChoiceState(BATCH_STATES.checkSummary, {
        choices: [
          failWith(
            SUMMARY_FIELDS.map((field) => `$not($exists($states.input.${field}))`).join(' or '),
            INCOMPLETE_SUMMARY,
            'a field missing',
          ),
        ],
        default: BATCH_STATES.notifySummary,
      }),
      snsPublish(BATCH_STATES.notifySummary, {
        topicArn: props.topicArn,
        subject: 'Image classification batch finished',
        timeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
        serviceRetry: SNS_TRANSIENT_RETRY,
        message: jsonata(`{'status': 'finished', ${request}, ${summaryFields}, 'execution': ${EXECUTION}.Id}`),
        catch: catchAll,
        end: true,
      }),
      ...failureReportStates({
        names: { notify: BATCH_STATES.notifyFailure, briefly: BATCH_STATES.notifyBriefly, failed: BATCH_STATES.failed },
        topicArn: props.topicArn,
        publishTimeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
        serviceRetry: SNS_TRANSIENT_RETRY,
        subject: 'Image classification batch failed',
        region: props.region,
        request: { fields: ['s3_bucket', 's3_prefix'], sources: [''] },
      }),
    ],
  });
}

export { batchClassificationWorkflow, BATCH_STATES, BATCH_MAP_LABEL, INVALID_INPUT, INCOMPLETE_SUMMARY };
export type { BatchClassificationWorkflowProps, BatchFunctionArns };
