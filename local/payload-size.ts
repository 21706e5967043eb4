import type { LocalExecution } from './run-workflow';

/** The largest state input or output of an execution, in bytes of JSON: what the 256 KB quota counts. */
function largestPayloadBytes(execution: LocalExecution): number {
  let largest = 0;
  for (const event of execution.events) {
    const state = (event as { state?: { input?: unknown; output?: unknown } }).state;
    for (const payload of [state?.input, state?.output]) {
      if (payload !== undefined) largest = Math.max(largest, Buffer.byteLength(JSON.stringify(payload)));
    }
  }
  return largest;
}

export { largestPayloadBytes };
