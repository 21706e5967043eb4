import type { EventLog, LocalExecution } from './run-workflow';

/** Step Functions' quota on a state's input or output, in bytes of JSON. */
const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/** The larger of an event's state input and output, in bytes of JSON; 0 for events without a state payload. */
function eventPayloadBytes(event: EventLog): number {
  const state = (event as { state?: { input?: unknown; output?: unknown } }).state;
  const sizes = [state?.input, state?.output]
    .filter((payload) => payload !== undefined)
    .map((payload) => Buffer.byteLength(JSON.stringify(payload)));
  return Math.max(0, ...sizes);
}

/** The largest state input or output of an execution, in bytes of JSON: what the 256 KB quota counts. */
function largestPayloadBytes(execution: LocalExecution): number {
  return Math.max(0, ...execution.events.map(eventPayloadBytes));
}

export { STATE_PAYLOAD_LIMIT_BYTES, eventPayloadBytes, largestPayloadBytes };
