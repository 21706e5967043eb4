/**
 * One id from event to email. The state machine puts the execution name at the top level of every
 * function's event (contract/step-payloads.ts `Correlation`), and, for executions the S3 trigger
 * started, the S3 event's id; every function logs both, and the notification carries the execution.
 */
const CORRELATION_FIELDS = {
  /** The Step Functions execution name (`$$.Execution.Name`). */
  correlationId: 'correlation_id',
  /** The id of the S3 event (EventBridge `id`) that started the execution, when a trigger started it. */
  sourceEventId: 'source_event_id',
} as const;

/** Longest value logged for either field; execution names are at most 80 characters, event ids 36. */
const MAX_CORRELATION_ID_LENGTH = 128;

export { CORRELATION_FIELDS, MAX_CORRELATION_ID_LENGTH };
