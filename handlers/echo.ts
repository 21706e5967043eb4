/** How much of a bad value an error message repeats: enough to recognise it, never the whole of a large one. */
const ECHO_LIMIT_CHARS = 200;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The value as JSON, cut to ECHO_LIMIT_CHARS; a value too deeply nested to serialize is named by its type. */
function echo(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'undefined';
  } catch {
    return `(${describeType(value)} nested too deeply to show)`;
  }
  return text.length <= ECHO_LIMIT_CHARS ? text : `${text.slice(0, ECHO_LIMIT_CHARS)}… (${text.length} characters)`;
}

export { describeType, echo };
