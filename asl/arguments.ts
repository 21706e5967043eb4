import { InvalidStateArgument } from './errors';
import type { JsonValue } from './json';

const MAX_STATE_NAME_LENGTH = 80;
const RFC3339_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function checkStateName(name: string): string {
  if (name.length === 0 || name.length > MAX_STATE_NAME_LENGTH) {
    throw new InvalidStateArgument(`Expected a state name of 1 to ${MAX_STATE_NAME_LENGTH} characters, got: ${JSON.stringify(name)}`);
  }
  return name;
}

function checkJsonPath(field: string, path: string | null | undefined, options: { context?: boolean } = {}): void {
  if (path === undefined || path === null) return;
  const valid = path.startsWith('$') && (options.context || !path.startsWith('$$'));
  if (!valid) throw new InvalidStateArgument(`${field}: expected a JSONPath starting with '$', got: ${JSON.stringify(path)}`);
}

function checkInteger(field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidStateArgument(`${field}: expected an integer from ${min} to ${max}, got: ${value}`);
  }
}

function checkJsonata(field: string, expression: string | undefined): void {
  if (expression === undefined) return;
  if (!/^\{%[\s\S]*%\}$/.test(expression)) {
    throw new InvalidStateArgument(`${field}: expected a JSONata expression in {% ... %}, got: ${JSON.stringify(expression)}`);
  }
}

/** In a JSONPath payload template, a key ending in `.$` takes a path or an intrinsic function. */
function checkPayloadTemplate(field: string, template: JsonValue | undefined): void {
  if (template === undefined || template === null || typeof template !== 'object') return;
  if (Array.isArray(template)) {
    template.forEach((item, index) => checkPayloadTemplate(`${field}[${index}]`, item));
    return;
  }
  for (const [key, value] of Object.entries(template as Record<string, JsonValue>)) {
    if (key.endsWith('.$')) {
      if (typeof value !== 'string' || !(value.startsWith('$') || value.startsWith('States.'))) {
        throw new InvalidStateArgument(
          `${field}.${key}: expected a JSONPath or intrinsic function for a key ending in '.$', got: ${JSON.stringify(value)}`,
        );
      }
    } else {
      checkPayloadTemplate(`${field}.${key}`, value);
    }
  }
}

export { checkStateName, checkJsonPath, checkInteger, checkJsonata, checkPayloadTemplate, MAX_STATE_NAME_LENGTH, RFC3339_TIMESTAMP };
