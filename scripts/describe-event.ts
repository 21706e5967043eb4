import type { EventLog } from '../local/run-workflow';

const IMAGE_PREVIEW_CHARS = 24;

/** The value with any `image_data` cut to a short preview, so a line stays readable. */
function withoutImageBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutImageBytes);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === 'image_data' && typeof item === 'string' && item.length > IMAGE_PREVIEW_CHARS
        ? [key, `${item.slice(0, IMAGE_PREVIEW_CHARS)}… (${item.length} base64 chars)`]
        : [key, withoutImageBytes(item)],
    ),
  );
}

/** A Lambda error's `Cause` as `errorType: errorMessage`, without its stack trace; other causes unchanged. */
function shortCause(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || typeof (value as { Cause?: unknown }).Cause !== 'string') return value;
  const { Cause, ...rest } = value as { Cause: string };
  try {
    const { errorType, errorMessage } = JSON.parse(Cause) as { errorType?: string; errorMessage?: string };
    return errorType === undefined ? value : { ...rest, Cause: `${errorType}: ${errorMessage ?? ''}` };
  } catch {
    return value;
  }
}

const readable = (value: unknown) => JSON.stringify(shortCause(withoutImageBytes(value)));

/** One line per state event worth showing, or undefined for the others. */
function describeEvent(event: EventLog): string | undefined {
  switch (event.type) {
    case 'StateEntered':
      return `→ ${event.state.name}  input: ${readable(event.state.input)}`;
    case 'StateExited':
      return `← ${event.state.name}  output: ${readable(event.state.output)}`;
    case 'StateRetried':
      return `↻ ${event.state.name}  retry ${event.retry.attempt} (${event.retry.retrier.ErrorEquals.join(', ')})`;
    case 'StateFailed':
      return `✗ ${event.state.name}  ${event.Error}`;
    case 'StateCaught':
      return `⤷ ${event.state.name}  caught, going to ${event.catch.catcher.Next}`;
    default:
      return undefined;
  }
}

export { describeEvent };
