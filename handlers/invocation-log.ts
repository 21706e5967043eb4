import { isObject } from './envelope';

interface InvocationLogLine {
  readonly level: 'INFO' | 'ERROR';
  readonly timestamp: string;
  readonly function: string;
  readonly requestId?: string;
  readonly s3_bucket?: string;
  readonly s3_key?: string;
  /** `success`, or the name of the error the invocation failed with. */
  readonly outcome: string;
  readonly durationMs: number;
  readonly error?: string;
}

type LogWriter = (line: InvocationLogLine) => void;

interface LambdaContextLike {
  readonly awsRequestId?: string;
}

const writeJsonLine: LogWriter = (line) => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/** Reads the location for the log without ever throwing and without touching `image_data`. */
function peekLocation(event: unknown): { s3_bucket?: string; s3_key?: string } {
  const body = isObject(event) && isObject(event.body) ? event.body : event;
  if (!isObject(body)) return {};
  const pick = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { s3_bucket: pick(body.s3_bucket), s3_key: pick(body.s3_key) };
}

/** Wraps a handler so every invocation writes one JSON line with its key, outcome and duration. */
function withInvocationLog<Result>(
  functionName: string,
  run: (event: unknown) => Promise<Result> | Result,
  write: LogWriter = writeJsonLine,
): (event: unknown, context?: LambdaContextLike) => Promise<Result> {
  return async (event, context) => {
    const started = performance.now();
    const common = { function: functionName, requestId: context?.awsRequestId, ...peekLocation(event) };
    const finish = () => ({ timestamp: new Date().toISOString(), durationMs: Math.round(performance.now() - started) });
    try {
      const result = await run(event);
      write({ level: 'INFO', ...common, outcome: 'success', ...finish() });
      return result;
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      write({ level: 'ERROR', ...common, outcome: name, error: message, ...finish() });
      throw error;
    }
  };
}

export { withInvocationLog, writeJsonLine };
export type { InvocationLogLine, LogWriter, LambdaContextLike };
