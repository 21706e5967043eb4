import {
  ALL_ERRORS,
  ChoiceState,
  Condition,
  MapState,
  SNS_TRANSIENT_RETRY,
  StateGraph,
  StateMachineDefinition,
  deployTimeNumber,
  FailState,
  PassState,
  SucceedState,
  lambdaInvoke,
  s3ListObjectsReader,
  s3ObjectReader,
  s3ResultWriter,
  snsPublish,
} from '../asl';
import type { Catcher } from '../asl';
import type { MapResource } from '../asl/distributed/options';
import { IMAGE_KEY_SUFFIXES } from '../contract/image-keys';
import { taskTimeoutSeconds } from '../contract/functions';
import type { FunctionName } from '../contract/functions';
import { failWithInputError, failureReportStates } from './failure-report';
import { PUBLISH_TIMEOUT_SECONDS } from './image-classification';
import { IMAGE_SUPERSEDED, PASSED_IMAGE_FIELDS, catchAllFrom, imageStepTask } from './image-steps';
import type { ImageStepName } from './image-steps';
import { EXECUTION, jsonata, textLiteral } from './jsonata';
import { NOTIFIES, NOTIFY_ON_VARIABLE } from './notification-policy';
import { RESULT_VARIABLES, writeResultState } from './result-object';
import type { OutcomeSettings } from './result-object';
import { TRANSIENT_RETRY } from './retries';
import { EXPRESS_MAX_SECONDS, retryBudgetFitting } from './retry-budget';
import type { RetryBudget } from './retry-budget';

type BatchFunctionArns = Readonly<Record<FunctionName, string>>;

interface BatchClassificationWorkflowProps extends OutcomeSettings {
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
  /** Where ResultWriter and the summary write; outside the trigger's reach (see infra/image-trigger.ts). */
  readonly batchResultsPrefix: string;
  /** Numbers or CDKTF number tokens (a Terraform variable), rendered as JSON numbers. */
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number;
  readonly executionTimeoutSeconds?: number;
}

const BATCH_STATES = {
  checkInput: 'Check batch input',
  map: 'Classify each image',
  mapListed: 'Classify each listed image',
  summarize: 'Summarize batch results',
  checkSummary: 'Check batch summary',
  failurePolicy: 'Batch failure policy',
  notifySummary: 'Notify batch summary',
  checkStopped: 'Stopped early?',
  finished: 'Batch finished',
  stopped: 'Batch stopped',
  notificationFailed: 'Summary notification failed',
  notifyFailure: 'Notify batch failure',
  notifyBriefly: 'Notify batch failure briefly',
  failed: 'Batch failed',
} as const;

/** The error a batch input of neither form (`{s3_bucket, s3_prefix}` or `{s3_bucket, manifest_key}`, all text) fails with. */
const INVALID_INPUT = {
  Error: 'InvalidInput',
  Cause:
    'A batch needs the input {"s3_bucket": "<bucket>", "s3_prefix": "<key prefix>"} ("s3_prefix": "" lists the whole bucket), or {"s3_bucket": "<bucket>", "manifest_key": "<key of a failed-images.json a batch wrote>"}, all text.',
} as const;

/** The child workflow's state names in each Map: state names are unique across the whole state machine. */
const CHILD_STATES = {
  listed: {
    check: 'Image key?',
    skip: 'Not an image',
    serialize: 'Serialize image data',
    classify: 'Classify image data',
    filter: 'Filter inference data',
    writeResult: 'Write result',
    classified: 'Image classified',
    writeFailure: 'Write failure result',
    failed: 'Image failed',
  },
  manifest: {
    check: 'Listed image key?',
    skip: 'Listed key not an image',
    serialize: 'Serialize listed image',
    classify: 'Classify listed image',
    filter: 'Filter listed inference data',
    writeResult: 'Write listed image result',
    classified: 'Listed image classified',
    writeFailure: 'Write listed image failure result',
    failed: 'Listed image failed',
  },
} as const;
type ChildStateNames = (typeof CHILD_STATES)[keyof typeof CHILD_STATES];

/** The variable holding the results prefix, set from a JSON string so that no variable's value is ever part of an expression. */
const RESULTS_PREFIX = '$resultsPrefix';
/** Where this execution's results go: under the results prefix, in a folder named after the execution. */
const RESULTS_FOLDER = `${RESULTS_PREFIX} & $states.context.Execution.Name & '/'`;

/** The child's input fields that carry the deploy-time settings its result objects need (see result-object.ts). */
const CHILD_SETTINGS = { [RESULT_VARIABLES.resultsPrefix]: 'image_results_prefix', [RESULT_VARIABLES.endpoint]: 'endpoint' } as const;

/** Whether the key lies under the batch's or the images' results prefix (the pipeline's own results: never classified, never counted). */
const UNDER_RESULTS = `(
  $key := $states.input.s3_key;
  $under := function($prefix) { $type($prefix) = 'string' and $length($prefix) > 0 and $substring($key, 0, $length($prefix)) = $prefix };
  $under($states.input.results_prefix) or $under($states.input.${CHILD_SETTINGS[RESULT_VARIABLES.resultsPrefix]})
)`;

/** A key the batch classifies: an image by its suffix (as the trigger matches it), not under the results prefix. */
const IMAGE_KEY = `$type($states.input.s3_key) = 'string'
  and $contains($lowercase($states.input.s3_key), /(${IMAGE_KEY_SUFFIXES.map((suffix) => `\\${suffix}`).join('|')})$/)
  and $not(${UNDER_RESULTS})`;

/** A skipped key's output: `skipped: true` for a key that is no image (counted), `"results"` for the batch's own results (ignored). */
const SKIPPED = `{'skipped': $type($states.input.s3_key) = 'string' and ${UNDER_RESULTS} ? 'results' : true, 's3_key': $states.input.s3_key}`;

/** What the summary email reads from the summary function's result. */
const SUMMARY_FIELDS = [
  'total',
  'succeeded',
  'failed',
  'pending',
  'skipped',
  'classified_by_label',
  'other_labels',
  'failures_by_error',
  'other_errors',
  'results',
] as const;

const INCOMPLETE_SUMMARY = {
  Error: 'InvalidSummary',
  Cause: `The summary function's result lacks one of ${SUMMARY_FIELDS.join(', ')}; the results are still in the results prefix.`,
} as const;

/** The error a Distributed Map fails with when more children fail than its ToleratedFailurePercentage allows. */
const TOLERATED_FAILURE_EXCEEDED = 'States.ExceedToleratedFailureThreshold';

/** The Map's settings the emulator in local/ and the tests read back. */
const BATCH_MAP_LABEL = 'images';

/** A Choice rule that sends the state's input on to the failure report as the error `failure`. */
function failWith(condition: string, failure: { readonly Error: string; readonly Cause: string }, comment: string) {
  return { condition: Condition.jsonata(jsonata(condition)), output: failure, next: BATCH_STATES.failurePolicy, comment };
}

/** What a child's result object names of the request when a step fails before serialize validated it: the Map item's text fields. */
const CHILD_REQUEST = { fields: ['s3_bucket', 's3_key'], known: 'image', sources: [''] } as const;

/**
 * The per-image steps as a child workflow: a key that is no image (by suffix, as the trigger matches
 * it) or lies under the results prefix is skipped; else serialize, classify, filter, whose output is
 * the image's result, so that the result files hold keys and scores, not images. Each image's
 * result object is written as the per-image workflow writes it; a failure then fails the child
 * execution with the function's error, which the Map Run records in FAILED_n.json. Its retries follow `budget`.
 */
function childWorkflow(props: BatchClassificationWorkflowProps, budget: RetryBudget, names: ChildStateNames): StateGraph {
  const arns = props.functionArns;
  // The child execution's name is each function's correlation id.
  // A superseded image fails the child without a result object: its newer upload's execution writes the image's result.
  const superseded = { errorEquals: [IMAGE_SUPERSEDED], next: names.failed };
  const step = (functionName: ImageStepName, next: string) => ({
    ...imageStepTask(arns, functionName, budget, next),
    catch: [...(functionName === 'serializeImageData' ? [superseded] : []), catchAllFrom(functionName, names.writeFailure)],
  });
  const result = { ...props.results, passedFields: '$states.input', request: CHILD_REQUEST, retryAttempts: budget.integrations };
  const settings = Object.fromEntries(
    Object.entries(CHILD_SETTINGS).map(([variable, field]) => [variable, jsonata(`$states.input.${field}`)]),
  );
  return new StateGraph({
    startAt: names.check,
    states: [
      new ChoiceState(names.check, {
        choices: [{ condition: Condition.jsonata(jsonata(IMAGE_KEY)), next: names.serialize, comment: 'an image' }],
        default: names.skip,
        assign: settings,
      }),
      new PassState(names.skip, { output: jsonata(SKIPPED), end: true }),
      lambdaInvoke(names.serialize, step('serializeImageData', names.classify)),
      lambdaInvoke(names.classify, step('classifyImageData', names.filter)),
      lambdaInvoke(names.filter, { ...step('filterInferenceData', names.writeResult), output: jsonata(`{${PASSED_IMAGE_FIELDS}}`) }),
      writeResultState(names.writeResult, result, names.classified),
      new SucceedState(names.classified),
      writeResultState(names.writeFailure, result, names.failed),
      failWithInputError(names.failed),
    ],
  });
}

/**
 * The child workflow with the most retries that still ends within an EXPRESS execution's 300 s, so
 * a child fails with its function's error, never with the execution's States.Timeout.
 */
function sizedChildWorkflow(props: BatchClassificationWorkflowProps, names: ChildStateNames): StateGraph {
  const { budget } = retryBudgetFitting(
    EXPRESS_MAX_SECONDS,
    (candidate) => ({ QueryLanguage: 'JSONata', ...childWorkflow(props, candidate, names).render() }),
    'a batch child execution',
  );
  return childWorkflow(props, budget, names);
}

/**
 * The objects under the execution's `s3_prefix`. The prefix is read at run time, so the reader
 * cannot condition `s3:ListBucket` itself: the role may list only under the configured prefix.
 */
function listingReader(props: BatchClassificationWorkflowProps) {
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

/** The images a failed-images manifest lists (a JSON array of `{Key, Etag}`, as a summary writes it under the results prefix). */
function manifestReader(props: BatchClassificationWorkflowProps) {
  return s3ObjectReader({
    bucket: jsonata('$states.input.s3_bucket'),
    bucketArn: props.bucketArn,
    key: jsonata('$states.input.manifest_key'),
    inputType: 'JSON',
    objectArn: `${props.bucketArn}/${props.batchResultsPrefix}*`,
  });
}

/** Writes each Map Run's results under the results prefix, in a folder named after the execution. */
function resultWriter(props: BatchClassificationWorkflowProps) {
  return s3ResultWriter({
    bucket: props.bucketName,
    bucketArn: props.bucketArn,
    prefix: jsonata(RESULTS_FOLDER),
    objectArn: `${props.bucketArn}/${props.batchResultsPrefix}*`,
  });
}

/**
 * One execution per prefix, or per manifest of images: a Distributed Map lists them, runs the
 * per-image steps as EXPRESS child executions without a notification each, writes every child's
 * result to S3, and one summary is published at the end (a batch stopped by its tolerated failure
 * percentage is summarized too, with how many images were never attempted). Any other input, and
 * any failure, ends in one failure report (see failure-report.ts) and the Fail state.
 */
function batchClassificationWorkflow(props: BatchClassificationWorkflowProps): StateMachineDefinition {
  const catchAll: Catcher[] = [{ errorEquals: [ALL_ERRORS], next: BATCH_STATES.failurePolicy }];
  const stopped: Catcher = {
    errorEquals: [TOLERATED_FAILURE_EXCEEDED],
    output: jsonata(
      `{'ResultWriterDetails': {'Bucket': ${textLiteral(props.bucketName)}, 'Prefix': ${RESULTS_FOLDER}}, 'stopped': $states.errorOutput}`,
    ),
    next: BATCH_STATES.summarize,
  };
  const map = (name: string, itemReader: MapResource, children: ChildStateNames) =>
    new MapState(name, {
      comment: 'Classifies each listed object in a child execution',
      itemProcessor: sizedChildWorkflow(props, children),
      distributed: {
        executionType: 'EXPRESS',
        stateMachineArn: props.stateMachineArn,
        label: BATCH_MAP_LABEL,
        itemReader,
        resultWriter: resultWriter(props),
        toleratedFailurePercentage: deployTimeNumber(props.toleratedFailurePercentage),
      },
      maxConcurrency: deployTimeNumber(props.maxConcurrency),
      itemSelector: {
        s3_bucket: jsonata('$states.input.s3_bucket'),
        s3_key: jsonata('$states.context.Map.Item.Value.Key'),
        s3_etag: jsonata('$states.context.Map.Item.Value.Etag'),
        results_prefix: jsonata(RESULTS_PREFIX),
        [CHILD_SETTINGS[RESULT_VARIABLES.resultsPrefix]]: props.results.resultsPrefix,
        [CHILD_SETTINGS[RESULT_VARIABLES.endpoint]]: props.endpointName,
      },
      catch: [stopped, ...catchAll],
      next: BATCH_STATES.summarize,
    });
  const summaryFields = SUMMARY_FIELDS.map((field) => `${textLiteral(field)}: $states.input.${field}`).join(', ');
  const request = `'s3_bucket': ${EXECUTION}.Input.s3_bucket, 's3_prefix': ${EXECUTION}.Input.s3_prefix, 'manifest_key': ${EXECUTION}.Input.manifest_key`;
  const isText = (field: string) => `$type($states.input.${field}) = 'string'`;
  const publish = { topicArn: props.topicArn, timeoutSeconds: PUBLISH_TIMEOUT_SECONDS, serviceRetry: SNS_TRANSIENT_RETRY };
  return new StateMachineDefinition({
    comment:
      'Image classification batch: every image under a prefix, or in a manifest, through the per-image steps, then one summary by SNS',
    queryLanguage: 'JSONata',
    timeoutSeconds: props.executionTimeoutSeconds ?? 24 * 3600,
    startAt: BATCH_STATES.checkInput,
    states: [
      new ChoiceState(BATCH_STATES.checkInput, {
        choices: [
          {
            condition: Condition.jsonata(jsonata(`${isText('s3_bucket')} and ${isText('s3_prefix')}`)),
            next: BATCH_STATES.map,
            comment: 'a prefix',
          },
          {
            condition: Condition.jsonata(jsonata(`${isText('s3_bucket')} and ${isText('manifest_key')}`)),
            next: BATCH_STATES.mapListed,
            comment: 'a manifest',
          },
          failWith('true', INVALID_INPUT, 'neither'),
        ],
        default: BATCH_STATES.failurePolicy,
        // A variable's value enters the definition only as a JSON string, never inside an expression.
        assign: { resultsPrefix: props.batchResultsPrefix, [NOTIFY_ON_VARIABLE]: props.notifyOn },
      }),
      map(BATCH_STATES.map, listingReader(props), CHILD_STATES.listed),
      map(BATCH_STATES.mapListed, manifestReader(props), CHILD_STATES.manifest),
      lambdaInvoke(BATCH_STATES.summarize, {
        functionArn: props.functionArns.summarizeBatchResults,
        payload: jsonata('{"MapRunArn": $states.input.MapRunArn, "ResultWriterDetails": $states.input.ResultWriterDetails}'),
        timeoutSeconds: taskTimeoutSeconds('summarizeBatchResults'),
        retry: [TRANSIENT_RETRY],
        output: jsonata("$merge([$states.result.Payload, {'stopped': $states.input.stopped}])"),
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
          { condition: Condition.jsonata(jsonata(`$not(${NOTIFIES.summary})`)), next: BATCH_STATES.checkStopped, comment: 'notify nobody' },
        ],
        default: BATCH_STATES.notifySummary,
      }),
      snsPublish(BATCH_STATES.notifySummary, {
        ...publish,
        subject: jsonata(`$exists($states.input.stopped) ? 'Image classification batch stopped' : 'Image classification batch finished'`),
        message: jsonata(
          `{'status': $exists($states.input.stopped) ? 'stopped' : 'finished', ${request}, ${summaryFields}, 'failed_manifest': $states.input.failed_manifest, 'error': $states.input.stopped.Error, 'execution': ${EXECUTION}.Id}`,
        ),
        output: jsonata('$states.input'),
        catch: [
          {
            errorEquals: [ALL_ERRORS],
            output: jsonata(
              `{'Error': 'NotificationFailed', 'Cause': $string({'message': 'The batch ran; its summary could not be published.', 'error': $states.errorOutput.Error, 'summary': $states.input})}`,
            ),
            next: BATCH_STATES.notificationFailed,
          },
        ],
        next: BATCH_STATES.checkStopped,
      }),
      new ChoiceState(BATCH_STATES.checkStopped, {
        choices: [
          { condition: Condition.jsonata(jsonata('$exists($states.input.stopped)')), next: BATCH_STATES.stopped, comment: 'stopped' },
        ],
        default: BATCH_STATES.finished,
      }),
      new SucceedState(BATCH_STATES.finished),
      new FailState(BATCH_STATES.stopped, {
        error: jsonata('$states.input.stopped.Error'),
        cause: jsonata('$string($states.input.stopped.Cause)'),
      }),
      failWithInputError(BATCH_STATES.notificationFailed),
      new ChoiceState(BATCH_STATES.failurePolicy, {
        choices: [{ condition: Condition.jsonata(jsonata(NOTIFIES.failure)), next: BATCH_STATES.notifyFailure, comment: 'notify' }],
        default: BATCH_STATES.failed,
      }),
      ...failureReportStates({
        names: { notify: BATCH_STATES.notifyFailure, briefly: BATCH_STATES.notifyBriefly, failed: BATCH_STATES.failed },
        ...publish,
        publishTimeoutSeconds: PUBLISH_TIMEOUT_SECONDS,
        subject: 'Image classification batch failed',
        region: props.region,
        request: { fields: ['s3_bucket', 's3_prefix'], sources: [''] },
      }),
    ],
  });
}

export { batchClassificationWorkflow, BATCH_STATES, BATCH_MAP_LABEL, INVALID_INPUT, INCOMPLETE_SUMMARY };
export type { BatchClassificationWorkflowProps, BatchFunctionArns };
