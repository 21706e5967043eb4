import { DeployTimeNumber } from './deploy-time-number';
import type { NumberSetting } from './deploy-time-number';
import { InvalidStateArgument } from './errors';
import type { JsonValue } from './json';
import { intrinsicSyntaxError, pathSyntaxError } from './jsonpath';
import type { PathOptions } from './jsonpath';

const MAX_STATE_NAME_LENGTH = 80;
const RFC3339_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 timestamp of a date and time that exist: no 30 February, month 13 or hour 25. */
function isTimestamp(value: string): boolean {
  const match = RFC3339_TIMESTAMP.exec(value);
  if (match === null) return false;
  const parts = [1, 2, 3, 4, 5, 6, 9, 10].map((group) => Number(match[group] ?? 0));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = parts;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dateExists = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  return dateExists && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}

function checkStateName(name: string): string {
  if (name.length === 0 || name.length > MAX_STATE_NAME_LENGTH) {
    throw new InvalidStateArgument(`Expected a state name of 1 to ${MAX_STATE_NAME_LENGTH} characters, got: ${JSON.stringify(name)}`);
  }
  return name;
}

/** ResultPath: a reference path into the state's data (no `$$`, no variable, no wildcard or filter). */
const RESULT_PATH: PathOptions = { reference: true, variables: false };

function checkJsonPath(field: string, path: string | null | undefined, options: PathOptions = {}): void {
  if (path === undefined || path === null) return;
  const problem = pathSyntaxError(path, options);
  if (problem !== undefined) throw new InvalidStateArgument(`${field}: ${problem}, got: ${JSON.stringify(path)}`);
}

const NOT_PATH_OR_INTRINSIC = "expected a JSONPath or intrinsic function for a key ending in '.$'";

/** Why a `.$` value is neither a path (the context object allowed) nor an intrinsic function call, or undefined. */
function dynamicValueError(value: JsonValue): string | undefined {
  if (typeof value !== 'string') return NOT_PATH_OR_INTRINSIC;
  if (value.startsWith('States.')) return intrinsicSyntaxError(value);
  return value.startsWith('$') ? pathSyntaxError(value, { context: true }) : NOT_PATH_OR_INTRINSIC;
}

/** ErrorPath and CausePath: a path (the context object allowed) or an intrinsic function such as States.Format. */
function checkPathOrIntrinsic(field: string, value: string | undefined): void {
  if (value === undefined) return;
  const problem = value.startsWith('States.') ? intrinsicSyntaxError(value) : pathSyntaxError(value, { context: true });
  if (problem !== undefined) {
    const reason = value.startsWith('$') || value.startsWith('States.') ? problem : 'expected a JSONPath or intrinsic function';
    throw new InvalidStateArgument(`${field}: ${reason}, got: ${JSON.stringify(value)}`);
  }
}

const ARN = /^arn:[^:]+:[^:]+:/;
/** How CDKTF renders an unresolved value inside a string, e.g. `${TfToken[TOKEN.123]}`. */
const CDKTF_TOKEN = /\$\{TfToken\[[^\]]+\]\}/;

/** A Task resource: an ARN, or a string holding a CDKTF token that resolves to one at deploy time. */
function checkResource(resource: string): void {
  if (!ARN.test(resource) && !CDKTF_TOKEN.test(resource)) {
    throw new InvalidStateArgument(
      `Resource: expected an ARN (arn:partition:service:...) or a CDKTF token, got: ${JSON.stringify(resource)}`,
    );
  }
}

/** A plain number must be an integer in range; a deploy-time number is checked when it is deployed. */
function checkInteger(field: string, value: NumberSetting | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined || value instanceof DeployTimeNumber) return;
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
    (template as readonly JsonValue[]).forEach((item, index) => checkPayloadTemplate(`${field}[${index}]`, item));
    return;
  }
  for (const [key, value] of Object.entries(template as Record<string, JsonValue>)) {
    if (key.endsWith('.$')) {
      const problem = dynamicValueError(value);
      if (problem !== undefined) throw new InvalidStateArgument(`${field}.${key}: ${problem}, got: ${JSON.stringify(value)}`);
    } else {
      checkPayloadTemplate(`${field}.${key}`, value);
    }
  }
}

export {
  RESULT_PATH,
  checkPathOrIntrinsic,
  checkResource,
  checkStateName,
  checkJsonPath,
  checkInteger,
  checkJsonata,
  checkPayloadTemplate,
  isTimestamp,
};
