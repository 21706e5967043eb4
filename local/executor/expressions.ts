import jsonata from 'jsonata';
import type { Json } from '../json';
import { AWS_FUNCTIONS } from './aws-functions';
import type { Template } from './definition';
import { STATES_ERRORS, StatesError } from './errors';

/**
 * JSONata in a state's fields, as the developer guide's "Transforming data with JSONata" describes
 * it: a string that is wholly `{% ... %}` is an expression, any other value a literal, recursively
 * through objects and arrays. An expression sees `$states` and the workflow's variables. An
 * expression that throws, returns nothing (undefined, also inside an object or an array) or returns
 * a function fails the state with States.QueryEvaluationError, its cause naming the field as AWS
 * does (`Output/result`, `Arguments/items[0]`).
 */

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** `$states` as an expression sees it: `result` and `errorOutput` only in the fields where they exist. */
interface StatesVariable {
  readonly input: Json;
  readonly context: Json;
  readonly result?: Json;
  readonly errorOutput?: Json;
}

/** What an expression in a state sees, and what its error message names. */
interface ExpressionScope {
  readonly stateName: string;
  /** The id of the state's StateEntered event. */
  readonly enteredEventId: number;
  readonly states: StatesVariable;
  readonly variables: Readonly<Record<string, Json>>;
}

type JsonType = 'array' | 'boolean' | 'number' | 'string' | 'object' | 'null';

/** The JSONata expression of a field value, or undefined for a literal. */
function expressionOf(value: unknown): string | undefined {
  return typeof value === 'string' ? EXPRESSION.exec(value)?.[1]?.trim() : undefined;
}

const compiled = new Map<string, jsonata.Expression>();

function compile(expression: string): jsonata.Expression {
  let parsed = compiled.get(expression);
  if (parsed === undefined) {
    parsed = jsonata(expression);
    compiled.set(expression, parsed);
  }
  return parsed;
}

const errorText = (error: unknown) => {
  const { code, message } = error as { code?: string; message?: string };
  return code === undefined ? String(message ?? error) : `${code}: ${message}`;
};

/** The syntax error of an expression, or undefined when it parses. */
function syntaxProblem(expression: string): string | undefined {
  try {
    compile(expression);
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

const NOT_JSON = Symbol('not JSON');

/** JSONata's result as plain JSON (its sequences and null-prototype objects copied), or NOT_JSON for a function. */
function toJson(value: unknown): Json | typeof NOT_JSON {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NOT_JSON;
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const item of value) {
      if (item === undefined) continue;
      const converted = toJson(item);
      if (converted === NOT_JSON) return NOT_JSON;
      items.push(converted);
    }
    return items;
  }
  if (typeof value !== 'object' || '_jsonata_lambda' in value || '_jsonata_function' in value) return NOT_JSON;
  const entries: [string, Json][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const converted = toJson(item);
    if (converted === NOT_JSON) return NOT_JSON;
    entries.push([key, converted]);
  }
  return Object.fromEntries(entries);
}

const jsonType = (value: Json): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as 'boolean' | 'number' | 'string' | 'object');

function queryEvaluationError(scope: ExpressionScope, expression: string, field: string, problem: string): StatesError {
  return new StatesError(
    STATES_ERRORS.queryEvaluationError,
    `An error occurred while executing the state '${scope.stateName}' (entered at the event id #${scope.enteredEventId}). The JSONata expression '${expression}' specified for the field '${field}' ${problem}`,
  );
}

async function evaluateExpression(expression: string, scope: ExpressionScope, field: string): Promise<Json> {
  let result: unknown;
  try {
    result = await compile(expression).evaluate(undefined, { ...AWS_FUNCTIONS, ...scope.variables, states: scope.states });
  } catch (error) {
    throw queryEvaluationError(scope, expression, field, `threw an error during evaluation. ${errorText(error)}`);
  }
  if (result === undefined) throw queryEvaluationError(scope, expression, field, 'returned nothing (undefined).');
  const json = toJson(result);
  if (json === NOT_JSON) throw queryEvaluationError(scope, expression, field, 'returned an unsupported result type.');
  return json;
}

/** A field's value: its expressions evaluated, its literals as they are. `field` names it in errors (`Output`, `Assign/x`). */
async function evaluateTemplate(template: Template, scope: ExpressionScope, field: string): Promise<Json> {
  const expression = expressionOf(template);
  if (expression !== undefined) return evaluateExpression(expression, scope, field);
  if (Array.isArray(template)) return Promise.all(template.map((item, index) => evaluateTemplate(item, scope, `${field}[${index}]`)));
  if (template === null || typeof template !== 'object') return template;
  const entries = await Promise.all(
    Object.entries(template).map(async ([key, value]) => [key, await evaluateTemplate(value, scope, `${field}/${key}`)] as const),
  );
  return Object.fromEntries(entries);
}

/** A field that must hold one kind of value (Condition a boolean, Items an array): an expression returning another kind fails. */
async function evaluateTyped(template: Template, scope: ExpressionScope, field: string, expected: JsonType): Promise<Json> {
  const value = await evaluateTemplate(template, scope, field);
  const expression = expressionOf(template);
  if (expression !== undefined && jsonType(value) !== expected) {
    throw queryEvaluationError(
      scope,
      expression,
      field,
      `returned an unexpected result type. Expected '${expected}', but was '${jsonType(value)}' for value: ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export { evaluateTemplate, evaluateTyped, expressionOf, jsonType, syntaxProblem };
export type { ExpressionScope, JsonType, StatesVariable };
