import { MAX_CORRELATION_ID_LENGTH } from '../contract/correlation';
import type { Correlation } from '../contract/step-payloads';
import { isObject, unwrapRequest } from './request';
import type { UncheckedObject } from './request';
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

interface InvocationLogOptions<Event> {
  readonly write?: LogWriter;
  /** Metrics of the invocation, read from its event (and its error, when it failed) and written in the same line. */
  readonly measure?: Measure<Event>;
}

const writeJsonLine: LogWriter = (line) => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const text = (value: unknown, maxLength = Number.MAX_SAFE_INTEGER) =>
  typeof value === 'string' && value !== '' ? value.slice(0, maxLength) : undefined;

/** The fields naming the invocation's image: classify's and filter's `image`, or serialize's unwrapped request. Never throws. */
function peekImageFields(event: UncheckedObject): UncheckedObject | undefined {
  if (isObject(event.image)) return event.image;
  if (event.request === undefined) return undefined;
  try {
    return unwrapRequest(event.request);
  } catch {
    return undefined;
  }
}

/** The correlation ids (from the event's top level) and the image's location, for the log; never `image_data`. */
function peekIdentifiers(event: unknown) {
  const outer = isObject(event) ? event : {};
  const { correlation_id, source_event_id } = outer as Partial<Correlation>;
  const image = peekImageFields(outer);
  return {
    correlationId: text(correlation_id, MAX_CORRELATION_ID_LENGTH),
    sourceEventId: text(source_event_id, MAX_CORRELATION_ID_LENGTH),
    s3_bucket: text(image?.s3_bucket),
    s3_key: text(image?.s3_key),
  };
}

/** Drops the members whose value is undefined, so the line holds only what is known. */
function definedOnly<T extends object>(members: T): T {
  return Object.fromEntries(Object.entries(members).filter(([, value]) => value !== undefined)) as T;
}

/** A measurement that fails must neither fail the invocation nor hide its error. */
function measureSafely<Event>(measure: Measure<Event> | undefined, event: Event, error: unknown) {
  try {
    return measure?.(event, error);
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
function withInvocationLog<Event, Result>(
  functionName: string,
  run: (event: Event) => Promise<Result> | Result,
  options: LogWriter | InvocationLogOptions<Event> = {},
): (event: Event, context?: LambdaContextLike) => Promise<Result> {
  const { write = writeJsonLine, measure } = typeof options === 'function' ? { write: options } : options;
  return async (event, context) => {
    const started = performance.now();
    const common = definedOnly({ function: functionName, requestId: context?.awsRequestId, ...peekIdentifiers(event) });
    const finish = (error?: unknown) => {
      const now = Date.now();
      const values = measureSafely(measure, event, error);
      const metrics = values === undefined ? undefined : embeddedMetrics(values, context?.functionName ?? functionName, now);
      return { timestamp: new Date(now).toISOString(), durationMs: Math.round(performance.now() - started), ...metrics };
    };
    try {
      const result = await run(event);
      write({ level: 'INFO', ...common, outcome: 'success', ...finish() });
      return result;
    } catch (error) {
      write({ level: 'ERROR', ...common, ...errorOutcome(error), ...finish(error) });
      throw error;
    }
  };
}

export { withInvocationLog };
export type { InvocationLogLine };
