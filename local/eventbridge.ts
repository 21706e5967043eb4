/**
 * EventBridge on this machine: event-pattern matching and input transformation as the service
 * documents them (eb-event-patterns, eb-create-pattern-operators, eb-transform-target-input), for
 * the operators this project's rules use and their neighbours. An operator it does not know is an
 * error, never a silent mismatch.
 */

import type { Json } from './json';

type Matcher = Json;

class UnsupportedPattern extends Error {
  override readonly name = 'UnsupportedPattern';
}

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\' && (pattern[index + 1] === '*' || pattern[index + 1] === '\\')) source += `\\${pattern[++index]}`;
    else if (char === '*') source += '[\\s\\S]*';
    else source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** `{"prefix": "x"}` or `{"prefix": {"equals-ignore-case": "x"}}`, and the same for suffix. */
function affixMatches(kind: 'prefix' | 'suffix', operand: Json, value: string): boolean {
  const test = (text: string, affix: string) => (kind === 'prefix' ? text.startsWith(affix) : text.endsWith(affix));
  if (typeof operand === 'string') return test(value, operand);
  if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string')
    return test(value.toLowerCase(), operand['equals-ignore-case'].toLowerCase());
  throw new UnsupportedPattern(`Unsupported ${kind} operand: ${JSON.stringify(operand)}`);
}

const OPERATORS = new Set(['exists', 'prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but']);

/** One element of a pattern's array against one value of the event (a leaf). */
function matcherMatches(matcher: Matcher, value: Json | undefined): boolean {
  if (!isObject(matcher)) return value !== undefined && matcher === value;
  const entries = Object.entries(matcher);
  if (entries.length !== 1) throw new UnsupportedPattern(`A matcher has exactly one operator, got: ${JSON.stringify(matcher)}`);
  const [operator, operand] = entries[0]!;
  if (!OPERATORS.has(operator)) throw new UnsupportedPattern(`Operator not emulated here: ${operator}`);
  if (operator === 'exists') return (value !== undefined) === operand;
  if (value === undefined) return false;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return typeof value === 'string' && affixMatches(operator, operand, value);
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof operand === 'string' && value.toLowerCase() === operand.toLowerCase();
    case 'wildcard':
      if (typeof operand !== 'string') throw new UnsupportedPattern(`wildcard takes a string, got: ${JSON.stringify(operand)}`);
      return typeof value === 'string' && wildcardRegExp(operand).test(value);
    case 'anything-but': {
      if (Array.isArray(operand)) return !operand.includes(value);
      if (isObject(operand)) return !matcherMatches(operand, value);
      return value !== operand;
    }
    default:
      return false;
  }
}

/** Whether the event matches: every field of the pattern (AND), any element of its arrays (OR); arrays in the event match if any element does. */
function matchesEventPattern(pattern: Record<string, Json>, event: Record<string, Json>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    if (field === '$or') throw new UnsupportedPattern('$or is not emulated here');
    const actual = event[field];
    if (isObject(expected)) return isObject(actual) && matchesEventPattern(expected, actual);
    if (!Array.isArray(expected))
      throw new UnsupportedPattern(`The pattern's leaves are arrays, got at ${field}: ${JSON.stringify(expected)}`);
    const values: (Json | undefined)[] = Array.isArray(actual) ? actual : [actual];
    return expected.some((matcher) => values.some((value) => matcherMatches(matcher, value)));
  });
}

/** A dot-notation path (`$.detail.object.key`), as InputPathsMap takes it. */
function readPath(event: Json, path: string): Json | undefined {
  if (path === '$') return event;
  if (!path.startsWith('$.')) throw new UnsupportedPattern(`Unsupported input path: ${path}`);
  let value: Json | undefined = event;
  for (const part of path.slice(2).split('.')) value = isObject(value) ? value[part] : undefined;
  return value;
}

interface InputTransformer {
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

interface TransformContext {
  readonly ruleArn?: string;
  readonly ruleName?: string;
  readonly ingestionTime?: string;
}

/**
 * The target input: each `<name>` replaced by the value at its path. Outside quotes a placeholder
 * becomes the value as JSON (text quoted and escaped); inside quotes it becomes the text, escaped for
 * the JSON string it sits in. A path the event lacks creates no variable: inside quotes the
 * placeholder becomes nothing (`"<missing>"` gives `""`, as EventBridge does); outside quotes what
 * EventBridge writes is not documented, so it is an error here rather than a guess.
 */
function transformInput(transformer: InputTransformer, event: Record<string, Json>, context: TransformContext = {}): string {
  const predefined: Record<string, Json | undefined> = {
    'aws.events.rule-arn': context.ruleArn ?? null,
    'aws.events.rule-name': context.ruleName ?? null,
    'aws.events.event.ingestion-time': context.ingestionTime ?? event.time ?? null,
  };
  const lookup = (name: string): Json | undefined =>
    name in predefined
      ? predefined[name]
      : transformer.inputPaths[name] === undefined
        ? undefined
        : readPath(event, transformer.inputPaths[name]);
  let insideString = false;
  let output = '';
  const template = transformer.inputTemplate;
  for (let index = 0; index < template.length; index++) {
    const char = template[index]!;
    const placeholder = char === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(index)) : null;
    if (placeholder !== null && (placeholder[1]! in predefined || placeholder[1]! in transformer.inputPaths)) {
      const value = lookup(placeholder[1]!);
      if (value === undefined && !insideString)
        throw new UnsupportedPattern(
          `The event has nothing at ${transformer.inputPaths[placeholder[1]!]} for <${placeholder[1]!}>, which stands outside quotes: EventBridge's output for that is not documented (put it inside quotes to get "")`,
        );
      if (insideString)
        output += value === undefined ? '' : JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value)).slice(1, -1);
      else output += JSON.stringify(value);
      index += placeholder[0].length - 1;
      continue;
    }
    if (char === '"' && template[index - 1] !== '\\') insideString = !insideString;
    output += char;
  }
  return output;
}

interface ObjectCreatedEventProps {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly sequencer: string;
  readonly versionId?: string;
  readonly id?: string;
  readonly time?: string;
  readonly region?: string;
  readonly account?: string;
}

/**
 * S3's "Object Created" event as EventBridge delivers it (S3 User Guide, "EventBridge event message
 * structure"): the key is the object's key itself, not URL-encoded as in S3's own notifications.
 */
function objectCreatedEvent(props: ObjectCreatedEventProps): Record<string, Json> {
  const account = props.account ?? '123456789012';
  return {
    version: '0',
    id: props.id ?? '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account,
    time: props.time ?? '2026-11-25T00:00:00Z',
    region: props.region ?? 'us-east-1',
    resources: [`arn:aws:s3:::${props.bucket}`],
    detail: {
      version: '0',
      bucket: { name: props.bucket },
      object: {
        key: props.key,
        size: props.size,
        etag: props.etag,
        ...(props.versionId === undefined ? {} : { 'version-id': props.versionId }),
        sequencer: props.sequencer,
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: account,
      'source-ip-address': '203.0.113.15',
      reason: 'PutObject',
    },
  };
}

export { matchesEventPattern, transformInput, objectCreatedEvent, UnsupportedPattern };
export type { InputTransformer, TransformContext, ObjectCreatedEventProps };
