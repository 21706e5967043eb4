/** Step Functions' quota on a state's input or output, in bytes of JSON. */
const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/** What the quota counts: the payload as JSON text, in UTF-8 bytes. */
function jsonBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify(payload));
}

/** An event of an execution's log, as far as payloads go: state events carry the state's input and output. */
interface PayloadEvent {
  readonly type: string;
  readonly state?: { readonly input?: unknown; readonly output?: unknown };
}

/** The larger of an event's state input and output, in bytes of JSON; 0 for events without a state payload. */
function eventPayloadBytes(event: PayloadEvent): number {
  const { input, output } = event.state ?? {};
  return Math.max(input === undefined ? 0 : jsonBytes(input), output === undefined ? 0 : jsonBytes(output));
}

/** The largest state input or output of an execution, in bytes of JSON: what the 256 KB quota counts. */
function largestPayloadBytes(execution: { readonly events: readonly PayloadEvent[] }): number {
  return execution.events.reduce((largest, event) => Math.max(largest, eventPayloadBytes(event)), 0);
}

export { STATE_PAYLOAD_LIMIT_BYTES, eventPayloadBytes, jsonBytes, largestPayloadBytes };
