import { ALL_ERRORS, DYNAMODB_CONDITIONAL_CHECK_FAILED, SucceedState, dynamodbPutItem } from '../asl';
import type { Catcher, State } from '../asl';
import { TRIGGER_INPUT_FIELDS } from '../contract/step-payloads';
import { EXECUTION, jsonata } from './jsonata';

const UPLOAD_RECORD_STATES = {
  record: 'Record upload',
  handled: 'Upload already handled',
} as const;

/** What a record says happened to its upload. */
const UPLOAD_OUTCOMES = { inProgress: 'in progress', classified: 'classified', failed: 'failed' } as const;

/** How long an upload's record keeps a repeated delivery of its event harmless; EventBridge retries for at most 24 h. */
const UPLOAD_RECORD_TTL_SECONDS = 7 * 24 * 3600;
/** Seconds a record write may take before States.Timeout. */
const RECORD_TIMEOUT_SECONDS = 5;

interface UploadRecordProps {
  readonly tableName: string;
  readonly tableArn: string;
  /** The execution timeout: a record still "in progress" after it belongs to an execution that can no longer be running. */
  readonly executionTimeoutSeconds: number;
}

/** The record's key: the upload (bucket, key and S3's sequencer of the PUT) when a trigger started the execution, else the execution. */
const RECORD_KEY = `$exists($states.input.${TRIGGER_INPUT_FIELDS.sequencer}) ? 's3://' & $states.input.s3_bucket & '/' & $states.input.s3_key & '#' & $states.input.${TRIGGER_INPUT_FIELDS.sequencer} : 'execution:' & ${EXECUTION}.Id`;
const START_EPOCH_SECONDS = `$floor($toMillis(${EXECUTION}.StartTime) / 1000)`;

/** The variable holding the record's key, assigned by the first state whichever way it leaves. */
const UPLOAD_KEY_VARIABLE = 'upload';

/**
 * The per-image workflow's record of each upload: EventBridge delivers at least once and people
 * re-run executions, so the first state writes `in progress` unless the record says the upload is
 * already in progress or classified; a repeated delivery or a concurrent one ends quietly. A failed
 * upload (or one whose execution has timed out) can be classified again by re-running its execution.
 * The record's outcome is written after classification and after a failure; a write that fails is
 * logged in the execution's history and never stops the notification.
 */
function uploadRecord(props: UploadRecordProps) {
  const { tableName, tableArn } = props;
  const write = (key: string, outcome: string) => ({
    pk: { S: jsonata(key) },
    outcome: { S: outcome },
    execution_id: { S: jsonata(`${EXECUTION}.Id`) },
    started_at: { N: jsonata(`$string(${START_EPOCH_SECONDS})`) },
    expires_at: { N: jsonata(`$string(${START_EPOCH_SECONDS} + ${UPLOAD_RECORD_TTL_SECONDS})`) },
  });
  /** The first state: records the upload as in progress, then `next`; it also assigns `settings` whichever way it leaves. */
  const start = (next: string, onFailure: string, settings: Readonly<Record<string, string>> = {}): State[] => {
    const assignKey = { ...settings, [UPLOAD_KEY_VARIABLE]: jsonata(RECORD_KEY) };
    return [
      dynamodbPutItem(UPLOAD_RECORD_STATES.record, {
        tableName,
        tableArn,
        item: write(RECORD_KEY, UPLOAD_OUTCOMES.inProgress),
        conditionExpression: 'attribute_not_exists(pk) OR outcome = :failed OR started_at < :stale',
        expressionAttributeValues: {
          ':failed': { S: UPLOAD_OUTCOMES.failed },
          ':stale': { N: jsonata(`$string(${START_EPOCH_SECONDS} - ${props.executionTimeoutSeconds})`) },
        },
        timeoutSeconds: RECORD_TIMEOUT_SECONDS,
        assign: assignKey,
        output: jsonata('$states.input'),
        catch: [
          { errorEquals: [DYNAMODB_CONDITIONAL_CHECK_FAILED], next: UPLOAD_RECORD_STATES.handled },
          { errorEquals: [ALL_ERRORS], assign: assignKey, next: onFailure },
        ],
        next,
      }),
      new SucceedState(UPLOAD_RECORD_STATES.handled, {
        comment: 'The upload is already classified or in progress: nothing to do, nobody to tell.',
      }),
    ];
  };

  /** Records `outcome` (text or an expression) for this execution's upload, then `next` with the state's input, whether or not the write succeeded. */
  const finish = (name: string, outcome: string, next: string): State => {
    const passOn: Catcher = { errorEquals: [ALL_ERRORS], output: jsonata('$states.input'), next };
    return dynamodbPutItem(name, {
      tableName,
      tableArn,
      item: write(`$${UPLOAD_KEY_VARIABLE}`, outcome),
      conditionExpression: 'execution_id = :execution',
      expressionAttributeValues: { ':execution': { S: jsonata(`${EXECUTION}.Id`) } },
      timeoutSeconds: RECORD_TIMEOUT_SECONDS,
      output: jsonata('$states.input'),
      catch: [passOn],
      next,
    });
  };
  return { start, finish };
}

export { uploadRecord, UPLOAD_RECORD_STATES, UPLOAD_OUTCOMES, UPLOAD_RECORD_TTL_SECONDS };
export type { UploadRecordProps };
