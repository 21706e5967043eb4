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

/** An error of Lambda's Node.js runtime, named as it names them (Runtime.*). */
function runtimeError(type, message) {
  const error = new Error(message);
  error.name = `Runtime.${type}`;
  return error;
}

/** The handler module's exported function, or the init error Lambda's Node.js runtime reports for it. */
function loadHandler() {
  let module;
  try {
    module = require(join(directory, handlerSetting.slice(0, separator)));
  } catch (error) {
    // The runtime names a syntax error and a module not found (the handler's or one it requires); other errors keep theirs.
    if (error instanceof SyntaxError) throw runtimeError('UserCodeSyntaxError', String(error));
    if (error && error.code === 'MODULE_NOT_FOUND') throw runtimeError('ImportModuleError', String(error));
    throw error;
  }
  const exported = module[handlerSetting.slice(separator + 1)];
  if (exported === undefined || exported === null) throw runtimeError('HandlerNotFound', `${handlerSetting} is undefined or not exported`);
  if (typeof exported !== 'function') throw runtimeError('HandlerNotFound', `${handlerSetting} is not a function`);
  return exported;
}

let handler;
try {
  handler = loadHandler();
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
