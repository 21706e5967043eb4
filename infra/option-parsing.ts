import { AWS_REGIONS } from './aws-regions';

/** What is wrong with an option's value, at a path inside it (`[]` for the value itself, `['dev', 'region']` inside an object). */
interface OptionProblem {
  readonly at: readonly string[];
  readonly message: string;
}

type Parsed<T> = { readonly value: T } | { readonly problems: readonly OptionProblem[] };
type Parse<T> = (raw: unknown) => Parsed<T>;

const problem = (message: string, at: readonly string[] = []): { problems: OptionProblem[] } => ({ problems: [{ at, message }] });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Environment variables arrive as text; context values as JSON. Both go through the same checks. */
function fromText(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const check =
  <T>(accepts: (value: unknown) => boolean, rule: string, read: (raw: unknown) => unknown = (raw) => raw): Parse<T> =>
  (raw) => {
    const value = read(raw);
    return accepts(value) ? { value: value as T } : problem(`must be ${rule}, got: ${JSON.stringify(raw)}`);
  };

const oneOf = <T extends string>(allowed: readonly T[]): Parse<T> =>
  check((value) => (allowed as readonly unknown[]).includes(value), `one of ${allowed.join(', ')}`);

const matching = (pattern: RegExp, rule: string): Parse<string> => check((value) => typeof value === 'string' && pattern.test(value), rule);

const awsRegion: Parse<string> = check((value) => (AWS_REGIONS as readonly unknown[]).includes(value), 'an AWS region such as us-east-1');

const isStringRecord = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every((item) => typeof item === 'string');

/** AWS tag rules: keys 1-128 and values 0-256 Unicode letters, digits, spaces and `_ . : / = + - @`; `aws:` is reserved. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;

/** Why AWS would reject a tag, or undefined. */
function tagProblem(key: string, value: string): string | undefined {
  const length = (text: string) => [...text].length;
  if (length(key) < 1 || length(key) > TAG_KEY_MAX) return `tag key ${JSON.stringify(key)} must be 1 to ${TAG_KEY_MAX} characters`;
  if (key.toLowerCase().startsWith('aws:')) return `tag key ${JSON.stringify(key)} must not start with "aws:" (reserved by AWS)`;
  if (!TAG_CHARACTERS.test(key)) return `tag key ${JSON.stringify(key)} may hold only letters, digits, spaces and _ . : / = + - @`;
  if (length(value) > TAG_VALUE_MAX) return `tag value of ${JSON.stringify(key)} must be at most ${TAG_VALUE_MAX} characters`;
  if (!TAG_CHARACTERS.test(value)) return `tag value of ${JSON.stringify(key)} may hold only letters, digits, spaces and _ . : / = + - @`;
  return undefined;
}

const parseTags: Parse<Readonly<Record<string, string>>> = (raw) => {
  const value = fromText(raw);
  if (!isStringRecord(value)) return problem(`must be an object of string values, got: ${JSON.stringify(raw)}`);
  const problems = Object.entries(value).flatMap(([key, tag]) => tagProblem(key, tag) ?? []);
  return problems.length === 0 ? { value } : problem(problems.join('; '));
};

/** Edit distance, to suggest the option a misspelled key meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The option a misspelled key likely meant (`did you mean "region"?`), or the list of options when none is close. */
function optionHint(key: string, options: readonly string[]): string {
  if (options.length === 0) return 'it takes none';
  const closest = options
    .map((option) => ({ option, distance: distance(key.toLowerCase(), option.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return closest !== undefined && closest.distance <= 3 ? `did you mean "${closest.option}"?` : `options: ${options.join(', ')}`;
}

const notAnOption = (key: string, options: readonly string[]): string => `is not an option (${optionHint(key, options)})`;

type FieldParsers<T> = { readonly [K in keyof T]-?: Parse<T[K]> };

/**
 * An object of known fields, each with its parser: every unknown key, missing required field and bad
 * value is a problem at its path; absent optional fields stay absent.
 */
function objectOf<T extends object>(fields: FieldParsers<T>, required: readonly (keyof T & string)[] = []): Parse<T> {
  const names = Object.keys(fields);
  return (raw) => {
    const value = fromText(raw);
    if (!isObject(value)) return problem(`must be an object, got: ${JSON.stringify(raw)}`);
    const problems: OptionProblem[] = [];
    const parsed: Record<string, unknown> = {};
    for (const key of Object.keys(value).filter((key) => !names.includes(key)))
      problems.push({ at: [key], message: notAnOption(key, names) });
    for (const name of required) if (value[name] === undefined) problems.push({ at: [name], message: 'is required' });
    for (const [name, parse] of Object.entries<Parse<unknown>>(fields)) {
      if (value[name] === undefined) continue;
      const field = parse(value[name]);
      if ('problems' in field) problems.push(...field.problems.map(({ at, message }) => ({ at: [name, ...at], message })));
      else parsed[name] = field.value;
    }
    return problems.length === 0 ? { value: parsed as T } : { problems };
  };
}

export { check, oneOf, matching, awsRegion, parseTags, objectOf, notAnOption, optionHint, fromText, isObject, problem };
export type { Parse, Parsed, OptionProblem, FieldParsers };
