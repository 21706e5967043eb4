/**
 * Syntax checks for the JSONPath side of ASL: paths, reference paths and intrinsic function calls.
 * Each check returns why the text is wrong, or undefined when it is well-formed; callers add the field.
 */

const INTRINSIC_FUNCTIONS = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
] as const;

interface PathOptions {
  /** `$$...` (the context object) is allowed: InputPath, Variable, `.$` values; not ResultPath or OutputPath. */
  readonly context?: boolean;
  /** Only `.name`, `['name']` and `[index]` steps, no wildcards or filters (ResultPath, ItemsPath). */
  readonly reference?: boolean;
  /** `$name...` (a variable) is allowed; true unless set (ResultPath writes into the state's data, never a variable). */
  readonly variables?: boolean;
}

const NOT_A_PATH = "expected a JSONPath starting with '$'";
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*/;
/** A dot step's name: up to the next step, or the end of an intrinsic argument. */
const DOT_NAME = /^[^.[\]\s,()'"]+/;
const INDEX = /^\s*-?\d+\s*$/;
const SLICE = /^\s*-?\d*\s*:\s*-?\d*\s*(:\s*-?\d*\s*)?$/;
const INDEX_LIST = /^\s*-?\d+\s*(,\s*-?\d+\s*)+$/;

class SyntaxProblem extends Error {}

/** A cursor over the text; each `read...` consumes what it recognises or throws SyntaxProblem. */
class Scanner {
  position = 0;

  constructor(readonly text: string) {}

  get rest(): string {
    return this.text.slice(this.position);
  }

  get atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(length = 1): string {
    return this.text.slice(this.position, this.position + length);
  }

  take(pattern: RegExp): string | undefined {
    const match = pattern.exec(this.rest);
    if (match === null) return undefined;
    this.position += match[0].length;
    return match[0];
  }

  skipSpaces(): void {
    this.take(/^\s+/);
  }

  expect(text: string, why: string): void {
    if (!this.rest.startsWith(text)) throw new SyntaxProblem(why);
    this.position += text.length;
  }

  /** Past a quoted string with backslash escapes, its opening quote under the cursor. */
  skipQuoted(): void {
    const quote = this.peek();
    for (this.position += 1; !this.atEnd; this.position += 1) {
      const char = this.peek();
      if (char === '\\') this.position += 1;
      else if (char === quote) {
        this.position += 1;
        return;
      }
    }
    throw new SyntaxProblem(`unterminated string ${quote}...`);
  }

  /** Up to the parenthesis that closes the one just read, skipping quoted strings. */
  readBalanced(): void {
    for (let depth = 1; !this.atEnd;) {
      const char = this.peek();
      if (char === "'" || char === '"') {
        this.skipQuoted();
        continue;
      }
      this.position += 1;
      if (char === '(') depth += 1;
      if (char === ')' && --depth === 0) return;
    }
    throw new SyntaxProblem('unbalanced parentheses');
  }
}

function readBracket(scanner: Scanner, options: PathOptions): void {
  scanner.expect('[', "expected '['");
  scanner.skipSpaces();
  const first = scanner.peek();
  if (first === "'" || first === '"') {
    let names = 0;
    for (;;) {
      scanner.skipSpaces();
      if (scanner.peek() !== "'" && scanner.peek() !== '"') throw new SyntaxProblem('expected a quoted name in brackets');
      scanner.skipQuoted();
      names += 1;
      scanner.skipSpaces();
      if (scanner.peek() !== ',') break;
      scanner.position += 1;
    }
    if (options.reference && names > 1) throw new SyntaxProblem('a reference path cannot select several names');
  } else if (first === '?' || first === '(') {
    if (options.reference) throw new SyntaxProblem('a reference path cannot have filters or expressions');
    if (first === '?') scanner.expect('?(', "expected '(' after '?' in a filter");
    else scanner.position += 1;
    scanner.readBalanced();
  } else {
    const end = scanner.rest.indexOf(']');
    if (end < 0) throw new SyntaxProblem("unclosed '['");
    const inside = scanner.rest.slice(0, end);
    const simpleIndex = INDEX.test(inside) && !inside.includes('-');
    const valid = options.reference
      ? simpleIndex
      : inside.trim() === '*' || INDEX.test(inside) || SLICE.test(inside) || INDEX_LIST.test(inside);
    if (!valid)
      throw new SyntaxProblem(
        options.reference ? `a reference path takes a name or an index in brackets, not [${inside}]` : `unexpected [${inside}]`,
      );
    scanner.position += end;
  }
  scanner.skipSpaces();
  scanner.expect(']', "unclosed '['");
}

/** Reads a path from the cursor up to the end of its steps (the end of the text, or a `,` or `)` after it). */
function readPath(scanner: Scanner, options: PathOptions): void {
  if (scanner.peek() !== '$') throw new SyntaxProblem(NOT_A_PATH);
  if (scanner.peek(2) === '$$') {
    if (!options.context) throw new SyntaxProblem(NOT_A_PATH);
    scanner.position += 2;
  } else {
    scanner.position += 1;
    if (scanner.take(VARIABLE) !== undefined && options.variables === false)
      throw new SyntaxProblem('expected a path into the state data, not a variable');
  }
  for (;;) {
    const next = scanner.peek();
    if (next === '.') {
      scanner.position += 1;
      if (scanner.peek() === '.') {
        if (options.reference) throw new SyntaxProblem("a reference path cannot use '..'");
        scanner.position += 1;
      }
      if (scanner.peek() === '*') {
        if (options.reference) throw new SyntaxProblem("a reference path cannot use '*'");
        scanner.position += 1;
      } else if (scanner.peek() === '[') {
        continue;
      } else if (scanner.take(DOT_NAME) === undefined) {
        throw new SyntaxProblem(`expected a name after '.' at position ${scanner.position}`);
      }
    } else if (next === '[') {
      readBracket(scanner, options);
    } else {
      return;
    }
  }
}

function readArgument(scanner: Scanner): void {
  scanner.skipSpaces();
  const next = scanner.peek();
  if (next === "'") scanner.skipQuoted();
  else if (next === '$') readPath(scanner, { context: true });
  else if (scanner.rest.startsWith('States.')) readCall(scanner);
  else if (scanner.take(/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|null|true|false)(?![\w.])/) === undefined) {
    throw new SyntaxProblem(`unexpected argument at position ${scanner.position}: ${scanner.rest.slice(0, 12)}`);
  }
  scanner.skipSpaces();
}

function readCall(scanner: Scanner): void {
  const name = scanner.take(/^States\.[A-Za-z0-9]+/);
  if (name === undefined) throw new SyntaxProblem('expected an intrinsic function such as States.Format(...)');
  if (!(INTRINSIC_FUNCTIONS as readonly string[]).includes(name)) throw new SyntaxProblem(`unknown intrinsic function ${name}`);
  scanner.expect('(', `expected '(' after ${name}`);
  scanner.skipSpaces();
  if (scanner.peek() === ')') {
    scanner.position += 1;
    return;
  }
  for (;;) {
    if (scanner.atEnd) throw new SyntaxProblem(`unbalanced parentheses: ${name}( is not closed`);
    readArgument(scanner);
    if (scanner.atEnd) throw new SyntaxProblem(`unbalanced parentheses: ${name}( is not closed`);
    const separator = scanner.peek();
    scanner.position += 1;
    if (separator === ')') return;
    if (separator !== ',') throw new SyntaxProblem(`expected ',' or ')' in ${name}(...), got '${separator}'`);
  }
}

function whole(text: string, read: (scanner: Scanner) => void): string | undefined {
  const scanner = new Scanner(text);
  try {
    read(scanner);
    if (!scanner.atEnd) throw new SyntaxProblem(`unexpected '${scanner.rest}' at position ${scanner.position}`);
    return undefined;
  } catch (problem) {
    if (problem instanceof SyntaxProblem) return problem.message;
    throw problem;
  }
}

/** Why `path` is not a JSONPath of the kind `options` asks for, or undefined. */
function pathSyntaxError(path: string, options: PathOptions = {}): string | undefined {
  return whole(path, (scanner) => readPath(scanner, options));
}

/** Why `expression` is not one call of a known intrinsic function with well-formed arguments, or undefined. */
function intrinsicSyntaxError(expression: string): string | undefined {
  return whole(expression, readCall);
}

export { pathSyntaxError, intrinsicSyntaxError, INTRINSIC_FUNCTIONS, NOT_A_PATH };
export type { PathOptions };
