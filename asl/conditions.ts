import { checkJsonata, checkJsonPath, isTimestamp } from './arguments';
import { NOT_A_PATH, pathSyntaxError } from './jsonpath';
import { InvalidStateArgument } from './errors';
import type { JsonObject } from './json';

const VALUE_OPERATORS = {
  StringEquals: 'string',
  StringLessThan: 'string',
  StringGreaterThan: 'string',
  StringLessThanEquals: 'string',
  StringGreaterThanEquals: 'string',
  StringMatches: 'string',
  NumericEquals: 'number',
  NumericLessThan: 'number',
  NumericGreaterThan: 'number',
  NumericLessThanEquals: 'number',
  NumericGreaterThanEquals: 'number',
  BooleanEquals: 'boolean',
  TimestampEquals: 'timestamp',
  TimestampLessThan: 'timestamp',
  TimestampGreaterThan: 'timestamp',
  TimestampLessThanEquals: 'timestamp',
  TimestampGreaterThanEquals: 'timestamp',
} as const;

const PATH_OPERATORS = [
  'StringEqualsPath',
  'StringLessThanPath',
  'StringGreaterThanPath',
  'StringLessThanEqualsPath',
  'StringGreaterThanEqualsPath',
  'NumericEqualsPath',
  'NumericLessThanPath',
  'NumericGreaterThanPath',
  'NumericLessThanEqualsPath',
  'NumericGreaterThanEqualsPath',
  'BooleanEqualsPath',
  'TimestampEqualsPath',
  'TimestampLessThanPath',
  'TimestampGreaterThanPath',
  'TimestampLessThanEqualsPath',
  'TimestampGreaterThanEqualsPath',
] as const;

const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

type ValueOperator = keyof typeof VALUE_OPERATORS;
type PathOperator = (typeof PATH_OPERATORS)[number];
type TypeTest = (typeof TYPE_TESTS)[number];
type ComparisonOperator = ValueOperator | PathOperator | TypeTest;

type OperandKinds = { string: string; number: number; boolean: boolean; timestamp: string };
/** The operand each operator takes: a string for strings, timestamps and paths, a number, or a boolean. */
type Operand<Op extends ComparisonOperator> = Op extends ValueOperator
  ? OperandKinds[(typeof VALUE_OPERATORS)[Op]]
  : Op extends PathOperator
    ? string
    : boolean;

function checkOperand(operator: ComparisonOperator, value: unknown): void {
  const expected: string = (PATH_OPERATORS as readonly string[]).includes(operator)
    ? 'path'
    : (TYPE_TESTS as readonly string[]).includes(operator)
      ? 'boolean'
      : VALUE_OPERATORS[operator as ValueOperator];
  const pathProblem = expected === 'path' && typeof value === 'string' ? pathSyntaxError(value, { context: true }) : undefined;
  if (pathProblem !== undefined && pathProblem !== NOT_A_PATH) {
    throw new InvalidStateArgument(`${operator}: ${pathProblem}, got: ${JSON.stringify(value)}`);
  }
  const valid =
    expected === 'path'
      ? typeof value === 'string' && pathProblem === undefined
      : expected === 'timestamp'
        ? typeof value === 'string' && isTimestamp(value)
        : expected === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === expected;
  if (!valid) {
    throw new InvalidStateArgument(
      `${operator}: expected a ${expected === 'path' ? "JSONPath starting with '$'" : expected} operand, got: ${JSON.stringify(value)}`,
    );
  }
}

/** A Choice rule's test, without its `Next`. Build with the static methods. */
class Condition {
  private constructor(readonly json: JsonObject) {}

  /** A JSONPath comparison, e.g. `Condition.compare('$.score', 'NumericGreaterThanEquals', 0.93)`. */
  static compare<Op extends ComparisonOperator>(variable: string, operator: Op, operand: Operand<Op>): Condition {
    checkJsonPath('Variable', variable, { context: true });
    checkOperand(operator, operand);
    return new Condition({ Variable: variable, [operator]: operand });
  }

  static and(...conditions: Condition[]): Condition {
    return new Condition({ And: Condition.operands('And', conditions) });
  }

  static or(...conditions: Condition[]): Condition {
    return new Condition({ Or: Condition.operands('Or', conditions) });
  }

  static not(condition: Condition): Condition {
    return new Condition({ Not: condition.json });
  }

  /** JSONata states: a `{% ... %}` expression that evaluates to a boolean. */
  static jsonata(expression: string): Condition {
    checkJsonata('Condition', expression);
    return new Condition({ Condition: expression });
  }

  get isJsonata(): boolean {
    return 'Condition' in this.json;
  }

  private static operands(operator: string, conditions: Condition[]): JsonObject[] {
    if (conditions.length === 0) throw new InvalidStateArgument(`${operator}: expected at least one condition`);
    if (conditions.some((condition) => condition.isJsonata)) {
      throw new InvalidStateArgument(`${operator}: JSONata conditions combine inside their own expression, not with ${operator}`);
    }
    return conditions.map((condition) => condition.json);
  }
}

export { Condition };
