import { RESERVED_WORDS } from './dynamodb-reserved-words';

/** A DynamoDB attribute value, as the API spells it (`{"S": "text"}`, `{"N": "42"}`, ...). */
type AttributeValue = Readonly<Record<string, unknown>>;
type Item = Readonly<Record<string, AttributeValue>>;

/** What DynamoDB answers 400 ValidationException to: the expression or its placeholders are wrong. */
class ConditionValidationError extends Error {
  override readonly name = 'ConditionValidationError';
}

/** A condition this local DynamoDB does not evaluate (DynamoDB would): refused rather than guessed. */
class UnsupportedConditionError extends Error {
  override readonly name = 'UnsupportedConditionError';

  constructor(what: string, expression: string) {
    super(`The local DynamoDB does not implement ${what}, in the condition: ${expression}`);
  }
}

const COMPARATORS = ['=', '<>', '<', '<=', '>', '>='] as const;
type Comparator = (typeof COMPARATORS)[number];
const FUNCTIONS = ['attribute_exists', 'attribute_not_exists'] as const;
type ConditionFunction = (typeof FUNCTIONS)[number];
/** DynamoDB's other functions and operators: known, valid, and not implemented here. */
const NOT_IMPLEMENTED_FUNCTIONS = new Set(['attribute_type', 'begins_with', 'contains', 'size']);
const NOT_IMPLEMENTED_KEYWORDS = new Set(['BETWEEN', 'IN']);

type Operand = { readonly kind: 'path'; readonly name: string } | { readonly kind: 'value'; readonly placeholder: string };
type Condition =
  | { readonly kind: 'or' | 'and'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'function'; readonly name: ConditionFunction; readonly path: Operand & { kind: 'path' } }
  | { readonly kind: 'compare'; readonly comparator: Comparator; readonly left: Operand; readonly right: Operand };

interface Token {
  readonly text: string;
  readonly kind: 'name' | 'placeholderName' | 'placeholderValue' | 'symbol' | 'end';
}

const TOKEN = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z][A-Za-z0-9_]*)|(<>|<=|>=|[=<>(),.[\]]))/y;

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (match === null) {
      const rest = expression.slice(at).trimStart();
      throw new ConditionValidationError(`Invalid ConditionExpression: Syntax error; token: "${rest[0]}", near: "${rest.slice(0, 8)}"`);
    }
    const [, name, value, word, symbol] = match;
    if (name !== undefined) tokens.push({ text: name, kind: 'placeholderName' });
    else if (value !== undefined) tokens.push({ text: value, kind: 'placeholderValue' });
    else if (word !== undefined) tokens.push({ text: word, kind: 'name' });
    else tokens.push({ text: symbol!, kind: 'symbol' });
  }
  tokens.push({ text: '<EOF>', kind: 'end' });
  return tokens;
}

const isKeyword = (token: Token, keyword: string) => token.kind === 'name' && token.text.toUpperCase() === keyword;

/**
 * A recursive-descent parser with DynamoDB's precedence, highest first: comparisons, functions,
 * parentheses, NOT, AND, OR (AND/OR left-associative; keywords in any case).
 */
function parse(expression: string): Condition {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position]!;
  const syntaxError = (): never => {
    const token = peek();
    const near = tokens
      .slice(Math.max(0, position - 1), position + 2)
      .filter((t) => t.kind !== 'end')
      .map((t) => t.text)
      .join(' ');
    throw new ConditionValidationError(`Invalid ConditionExpression: Syntax error; token: "${token.text}", near: "${near}"`);
  };
  const expectSymbol = (symbol: string) => (peek().text === symbol && peek().kind === 'symbol' ? position++ : syntaxError());

  function operand(): Operand {
    const token = peek();
    if (token.kind === 'placeholderValue') {
      position++;
      return { kind: 'value', placeholder: token.text };
    }
    if (token.kind === 'placeholderName' || (token.kind === 'name' && !['AND', 'OR', 'NOT'].includes(token.text.toUpperCase()))) {
      position++;
      const next = peek();
      if (next.kind === 'symbol' && (next.text === '.' || next.text === '['))
        throw new UnsupportedConditionError('nested document paths (`.` and `[n]`)', expression);
      return { kind: 'path', name: token.text };
    }
    return syntaxError();
  }

  function primary(): Condition {
    const token = peek();
    if (token.kind === 'symbol' && token.text === '(') {
      position++;
      const inner = or();
      expectSymbol(')');
      return inner;
    }
    const following = tokens[position + 1]!;
    if (token.kind === 'name' && following.kind === 'symbol' && following.text === '(') {
      if (NOT_IMPLEMENTED_FUNCTIONS.has(token.text)) throw new UnsupportedConditionError(`the function ${token.text}`, expression);
      if (!(FUNCTIONS as readonly string[]).includes(token.text))
        throw new ConditionValidationError(`Invalid ConditionExpression: Invalid function name; function: ${token.text}`);
      position += 2;
      const argument = operand();
      if (argument.kind !== 'path')
        throw new ConditionValidationError(
          `Invalid ConditionExpression: Operator or function requires a document path; operator or function: ${token.text}`,
        );
      expectSymbol(')');
      return { kind: 'function', name: token.text as ConditionFunction, path: argument };
    }
    const left = operand();
    const comparator = peek();
    if (NOT_IMPLEMENTED_KEYWORDS.has(comparator.text.toUpperCase()) && comparator.kind === 'name')
      throw new UnsupportedConditionError(`the ${comparator.text.toUpperCase()} operator`, expression);
    if (comparator.kind !== 'symbol' || !(COMPARATORS as readonly string[]).includes(comparator.text)) return syntaxError();
    position++;
    return { kind: 'compare', comparator: comparator.text as Comparator, left, right: operand() };
  }

  function not(): Condition {
    if (isKeyword(peek(), 'NOT')) {
      position++;
      return { kind: 'not', operand: not() };
    }
    return primary();
  }

  /** Operands joined by AND (or by OR), grouped from the left. */
  function joined(kind: 'and' | 'or', operand: () => Condition): Condition {
    let left = operand();
    while (isKeyword(peek(), kind.toUpperCase())) {
      position++;
      left = { kind, left, right: operand() };
    }
    return left;
  }

  function and(): Condition {
    return joined('and', not);
  }

  function or(): Condition {
    return joined('or', and);
  }

  const condition = or();
  if (peek().kind !== 'end') syntaxError();
  return condition;
}

/** The path names and value placeholders a condition uses, in order. */
function operandsOf(condition: Condition): Operand[] {
  switch (condition.kind) {
    case 'or':
    case 'and':
      return [...operandsOf(condition.left), ...operandsOf(condition.right)];
    case 'not':
      return operandsOf(condition.operand);
    case 'function':
      return [condition.path];
    case 'compare':
      return [condition.left, condition.right];
  }
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A DynamoDB number as sign, significant digits and the position of the decimal point before them. */
function decimal(text: string): { sign: number; digits: string; point: number } {
  const match = NUMBER.exec(text.trim());
  if (match === null || (match[2] === '' && (match[3] ?? '') === ''))
    throw new ConditionValidationError(`The parameter cannot be converted to a numeric value: ${text}`);
  const whole = match[2]!;
  const all = whole + (match[3] ?? '');
  let point = whole.length + Number(match[4] ?? 0);
  const leading = all.length - all.replace(/^0+/, '').length;
  point -= leading;
  const digits = all.slice(leading).replace(/0+$/, '');
  return { sign: digits === '' ? 0 : match[1] === '-' ? -1 : 1, digits, point };
}

/** Compares two DynamoDB numbers exactly (38 significant digits would not survive a double). */
function compareNumbers(a: string, b: string): number {
  const x = decimal(a);
  const y = decimal(b);
  if (x.sign !== y.sign) return Math.sign(x.sign - y.sign);
  if (x.sign === 0) return 0;
  const magnitude = x.point !== y.point ? x.point - y.point : compareDigits(x.digits, y.digits);
  return x.sign * Math.sign(magnitude);
}

function compareDigits(a: string, b: string): number {
  const length = Math.max(a.length, b.length);
  const left = a.padEnd(length, '0');
  const right = b.padEnd(length, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The one type of a well-formed attribute value, or undefined. */
function typeOf(value: AttributeValue): string | undefined {
  const types = Object.keys(value);
  return types.length === 1 ? types[0] : undefined;
}

interface EvaluationContext {
  readonly item: Item | undefined;
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, AttributeValue>>;
  readonly expression: string;
}

function resolve(operand: Operand, context: EvaluationContext): AttributeValue | undefined {
  if (operand.kind === 'value') return context.values[operand.placeholder];
  const name = operand.name.startsWith('#') ? context.names[operand.name]! : operand.name;
  return context.item?.[name];
}

/**
 * DynamoDB's comparison: a missing operand, or operands of different types, make `<>` true and every
 * other comparator false; S compares by UTF-8 bytes, N by value. Other types are refused.
 */
function compare(comparator: Comparator, left: AttributeValue | undefined, right: AttributeValue | undefined, expression: string): boolean {
  const leftType = left === undefined ? undefined : typeOf(left);
  const rightType = right === undefined ? undefined : typeOf(right);
  if (leftType === undefined || rightType === undefined || leftType !== rightType) return comparator === '<>';
  let order: number;
  if (leftType === 'S') order = Buffer.compare(Buffer.from(String(left!.S)), Buffer.from(String(right!.S)));
  else if (leftType === 'N') order = compareNumbers(String(left!.N), String(right!.N));
  else throw new UnsupportedConditionError(`comparisons of ${leftType} values (S and N only)`, expression);
  switch (comparator) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function evaluate(condition: Condition, context: EvaluationContext): boolean {
  switch (condition.kind) {
    case 'or':
      return evaluate(condition.left, context) || evaluate(condition.right, context);
    case 'and':
      return evaluate(condition.left, context) && evaluate(condition.right, context);
    case 'not':
      return !evaluate(condition.operand, context);
    case 'function': {
      const exists = resolve(condition.path, context) !== undefined;
      return condition.name === 'attribute_exists' ? exists : !exists;
    }
    case 'compare':
      return compare(condition.comparator, resolve(condition.left, context), resolve(condition.right, context), context.expression);
  }
}

interface ConditionRequest {
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
  readonly ExpressionAttributeValues?: Readonly<Record<string, AttributeValue>>;
}

/** The request's placeholders checked as DynamoDB checks them, every name and value used and defined. */
function checkPlaceholders(condition: Condition, request: ConditionRequest): void {
  const names = request.ExpressionAttributeNames;
  const values = request.ExpressionAttributeValues;
  if (names !== undefined && Object.keys(names).length === 0)
    throw new ConditionValidationError('ExpressionAttributeNames must not be empty');
  if (values !== undefined && Object.keys(values).length === 0)
    throw new ConditionValidationError('ExpressionAttributeValues must not be empty');
  const operands = operandsOf(condition);
  for (const operand of operands) {
    if (operand.kind === 'path' && operand.name.startsWith('#') && names?.[operand.name] === undefined)
      throw new ConditionValidationError(
        `Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: ${operand.name}`,
      );
    if (operand.kind === 'path' && !operand.name.startsWith('#') && RESERVED_WORDS.has(operand.name.toUpperCase()))
      throw new ConditionValidationError(
        `Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: ${operand.name}`,
      );
    if (operand.kind === 'value' && values?.[operand.placeholder] === undefined)
      throw new ConditionValidationError(
        `Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: ${operand.placeholder}`,
      );
  }
  const used = new Set(operands.map((operand) => (operand.kind === 'path' ? operand.name : operand.placeholder)));
  const unusedNames = Object.keys(names ?? {}).filter((name) => !used.has(name));
  if (unusedNames.length > 0)
    throw new ConditionValidationError(
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
    );
  const unusedValues = Object.keys(values ?? {}).filter((value) => !used.has(value));
  if (unusedValues.length > 0)
    throw new ConditionValidationError(
      `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
    );
  for (const [placeholder, value] of Object.entries(values ?? {})) {
    const type = typeOf(value);
    if (type === undefined)
      throw new ConditionValidationError(
        `ExpressionAttributeValues contains invalid value: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes for key ${placeholder}`,
      );
    if (type !== 'S' && type !== 'N')
      throw new UnsupportedConditionError(`${type} values (S and N only) such as ${placeholder}`, request.ConditionExpression!);
    if (type === 'N') decimal(String(value.N));
  }
}

/**
 * Whether `item` (undefined when there is none) satisfies the request's ConditionExpression, as
 * DynamoDB decides it for PutItem: true when there is no condition. Throws ConditionValidationError
 * for what DynamoDB refuses with a ValidationException, UnsupportedConditionError for what it would
 * evaluate and this does not.
 */
function conditionHolds(item: Item | undefined, request: ConditionRequest): boolean {
  const expression = request.ConditionExpression;
  if (expression === undefined) {
    if (request.ExpressionAttributeNames !== undefined)
      throw new ConditionValidationError('ExpressionAttributeNames can only be specified when using expressions');
    if (request.ExpressionAttributeValues !== undefined)
      throw new ConditionValidationError('ExpressionAttributeValues can only be specified when using expressions');
    return true;
  }
  if (expression.trim() === '') throw new ConditionValidationError('Invalid ConditionExpression: The expression can not be empty;');
  const condition = parse(expression);
  checkPlaceholders(condition, request);
  return evaluate(condition, {
    item,
    names: request.ExpressionAttributeNames ?? {},
    values: request.ExpressionAttributeValues ?? {},
    expression,
  });
}

export { conditionHolds, compareNumbers, ConditionValidationError, UnsupportedConditionError };
export type { AttributeValue, ConditionRequest, Item };
