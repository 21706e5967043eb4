import { ChoiceState, Condition, DYNAMODB_CONDITIONAL_CHECK_FAILED, SucceedState, dynamodbPutItem, ALL_ERRORS } from '../asl';
import type { State } from '../asl';
import { TRIGGER_INPUT_FIELDS } from '../contract/step-payloads';
import { jsonata } from './jsonata';

const UPLOAD_RECORD_STATES = {
  check: 'Started by an upload?',
  record: 'Record upload',
  duplicate: 'Upload already classified',
} as const;

/** How long an upload's record keeps a repeated delivery of its event harmless; EventBridge retries for at most 24 h. */
const UPLOAD_RECORD_TTL_SECONDS = 7 * 24 * 3600;

interface UploadRecordProps {
  readonly tableName: string;
  readonly tableArn: string;
  /** The first classification step, after the record or when the input names no upload. */
  readonly next: string;
  /** Where any other failure of the write goes (the failure notification), with `{Error, Cause}` as input. */
  readonly onFailure: string;
}

/**
 * The per-image workflow's guard against EventBridge's at-least-once delivery: an input that names
 * its upload (`s3_sequencer`) is recorded with a conditional write, and a second delivery of the
 * same upload ends quietly. A manual start without it skips the record.
 */
function uploadRecordStates(props: UploadRecordProps): { readonly startAt: string; readonly states: readonly State[] } {
  const input = '$states.input';
  const pk = `{% 's3://' & ${input}.s3_bucket & '/' & ${input}.s3_key & '#' & ${input}.${TRIGGER_INPUT_FIELDS.sequencer} %}`;
  return {
    startAt: UPLOAD_RECORD_STATES.check,
    states: [
      new ChoiceState(UPLOAD_RECORD_STATES.check, {
        choices: [
          {
            condition: Condition.jsonata(jsonata(`$exists(${input}.${TRIGGER_INPUT_FIELDS.sequencer})`)),
            next: UPLOAD_RECORD_STATES.record,
          },
        ],
        default: props.next,
      }),
      dynamodbPutItem(UPLOAD_RECORD_STATES.record, {
        tableName: props.tableName,
        tableArn: props.tableArn,
        item: {
          pk: { S: pk },
          execution_id: { S: '{% $states.context.Execution.Id %}' },
          recorded_at: { S: '{% $states.context.Execution.StartTime %}' },
          expires_at: { N: `{% $string($floor($toMillis($states.context.Execution.StartTime) / 1000) + ${UPLOAD_RECORD_TTL_SECONDS}) %}` },
        },
        conditionExpression: 'attribute_not_exists(pk)',
        timeoutSeconds: 10,
        output: jsonata(input),
        catch: [
          { errorEquals: [DYNAMODB_CONDITIONAL_CHECK_FAILED], next: UPLOAD_RECORD_STATES.duplicate },
          { errorEquals: [ALL_ERRORS], next: props.onFailure },
        ],
        next: props.next,
      }),
      new SucceedState(UPLOAD_RECORD_STATES.duplicate, {
        comment: 'A repeated delivery of an upload already recorded: nothing to do, nobody to tell.',
      }),
    ],
  };
}

export { uploadRecordStates, UPLOAD_RECORD_STATES, UPLOAD_RECORD_TTL_SECONDS };
export type { UploadRecordProps };
