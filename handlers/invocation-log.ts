import { CORRELATION_FIELDS, MAX_CORRELATION_ID_LENGTH } from '../contract/correlation';
import { isObject } from './envelope';
import type { UncheckedObject } from './envelope';
import { embeddedMetrics } from './metrics';
import type { EmbeddedMetrics, Measure } from './metrics';

interface InvocationLogLine {
  readonly level: 'INFO' | 'ERROR';
  readonly timestamp: string;
  readonly function: string;
  readonly requestId?: string;
  /** The execution name the state machine passed: one id across the functions, the execution and the notification. */
  readonly correlationId?: string;
  /** The S3 event's id, when a trigger started the execution. */
  readonly sourceEventId?: string;
  readonly s3_bucket?: string;
  readonly s3_key?: string;
  /** `success`, or the name of the error the invocation failed with. */
  readonly outcome: string;
  readonly durationMs: number;
  readonly error?: string;
  /** Embedded metric format: CloudWatch reads the line's metrics from here and from the members it names. */
  readonly _aws?: EmbeddedMetrics['_aws'];
  readonly [metricMember: string]: unknown;
}

type LogWriter = (line: InvocationLogLine) => void;

interface LambdaContextLike {
  readonly awsRequestId?: string;
  readonly functionName?: string;
}

interface InvocationLogOptions {
  readonly write?: LogWriter;
  /** Metrics of the invocation, read from its input and written in the same line, on success and failure alike. */
  readonly measure?: Measure;
}

const writeJsonLine: LogWriter = (line) => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/** A `body` given as JSON text is parsed for the log only up to this size; a larger one is not read. */
const MAX_PEEKED_BODY_CHARS = 64 * 1024;

/** How many envelopes deep the log looks: the execution input (itself maybe an envelope) may travel as `body`. */
const MAX_PEEKED_DEPTH = 3;

/** `body` as an object: itself, or its JSON text within the bound. */
function bodyObject(body: unknown): UncheckedObject | undefined {
  if (isObject(body)) return body;
  if (typeof body !== 'string' || body.length > MAX_PEEKED_BODY_CHARS) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The innermost body for the log: through envelopes (body as object or JSON text), or the bare input. Never throws. */
function peekBody(event: unknown, depth = 0): UncheckedObject | undefined {
  if (!isObject(event)) return undefined;
  if (event.body === undefined || depth === MAX_PEEKED_DEPTH) return event;
  const body = bodyObject(event.body);
  return body === undefined ? undefined : peekBody(body, depth + 1);
}

const text = (value: unknown, maxLength = Number.MAX_SAFE_INTEGER) =>
  typeof value === 'string' && value !== '' ? value.slice(0, maxLength) : undefined;

/** The location and correlation ids for the log, without ever touching `image_data`. */
function peekIdentifiers(event: unknown, body: UncheckedObject | undefined) {
  const outer = isObject(event) ? event : {};
  const id = (field: string) => text(outer[field], MAX_CORRELATION_ID_LENGTH) ?? text(body?.[field], MAX_CORRELATION_ID_LENGTH);
  return {
    correlationId: id(CORRELATION_FIELDS.correlationId),
    sourceEventId: id(CORRELATION_FIELDS.sourceEventId),
    s3_bucket: text(body?.s3_bucket),
    s3_key: text(body?.s3_key),
  };
}

/** Drops the members whose value is undefined, so the line holds only what is known. */
function definedOnly<T extends object>(members: T): T {
  return Object.fromEntries(Object.entries(members).filter(([, value]) => value !== undefined)) as T;
}

/** A measurement that fails must neither fail the invocation nor hide its error. */
function measureSafely(measure: Measure | undefined, body: UncheckedObject | undefined) {
  try {
    return measure?.(body);
  } catch {
    return undefined;
  }
}

function errorOutcome(error: unknown): { outcome: string; error: string } {
  return error instanceof Error ? { outcome: error.name, error: error.message } : { outcome: typeof error, error: String(error) };
}

/**
 * Wraps a handler so every invocation writes one JSON line: its ids, key, outcome and duration,
 * and, when `measure` finds something, its metrics in the embedded metric format.
 */
function withInvocationLog<Result>(
  functionName: string,
  run: (event: unknown) => Promise<Result> | Result,
  options: LogWriter | InvocationLogOptions = {},
): (event: unknown, context?: LambdaContextLike) => Promise<Result> {
  const { write = writeJsonLine, measure } = typeof options === 'function' ? { write: options } : options;
  return async (event, context) => {
    const started = performance.now();
    const body = peekBody(event);
    const common = definedOnly({ function: functionName, requestId: context?.awsRequestId, ...peekIdentifiers(event, body) });
    const finish = () => {
      const now = Date.now();
      const values = measureSafely(measure, body);
      const metrics = values === undefined ? undefined : embeddedMetrics(values, context?.functionName ?? functionName, now);
      return { timestamp: new Date(now).toISOString(), durationMs: Math.round(performance.now() - started), ...metrics };
    };
    try {
      const result = await run(event);
      write({ level: 'INFO', ...common, outcome: 'success', ...finish() });
      return result;
    } catch (error) {
      write({ level: 'ERROR', ...common, ...errorOutcome(error), ...finish() });
      throw error;
    }
  };
}

export { withInvocationLog, MAX_PEEKED_BODY_CHARS };
export type { InvocationLogLine, InvocationLogOptions, LogWriter, LambdaContextLike };
