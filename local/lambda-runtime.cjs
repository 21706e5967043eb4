'use strict';
// Child process standing in for one Lambda container: loads the handler once, then serves
// invocations sent over IPC. Errors come back in Lambda's own payload shape.
const { join } = require('node:path');

const [directory, handlerSetting] = process.argv.slice(2);
const separator = handlerSetting.lastIndexOf('.');

function errorPayload(error) {
  return {
    errorType: error instanceof Error ? error.name : typeof error,
    errorMessage: error instanceof Error ? error.message : String(error),
    trace: error instanceof Error && error.stack ? error.stack.split('\n') : [],
  };
}

let handler;
try {
  handler = require(join(directory, handlerSetting.slice(0, separator)))[handlerSetting.slice(separator + 1)];
} catch (error) {
  process.send({ initError: errorPayload(error) }, () => process.exit(1));
  return;
}

process.on('message', async ({ id, event, requestId, peakMemory }) => {
  // Lambda bills and limits the whole process: its peak resident memory, in MB.
  if (peakMemory) return process.send({ id, result: process.resourceUsage().maxRSS / 1024 });
  try {
    const result = await handler(event, { awsRequestId: requestId });
    process.send({ id, result: result === undefined ? null : result });
  } catch (error) {
    process.send({ id, error: errorPayload(error) });
  }
});
process.send({ ready: true });
