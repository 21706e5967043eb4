import { createHash, randomUUID } from 'node:crypto';

/**
 * The functions Step Functions adds to JSONata (the developer guide's "JSONata functions provided by
 * Step Functions"), and `$eval`, which it withholds (`$parse` takes its place). A misuse throws; the
 * evaluator reports it as States.QueryEvaluationError.
 */

const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function requireInteger(functionName: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`${functionName}: ${argument} must be an integer`);
  return value;
}

/** `$partition([1,2,3,4,5], 2)` -> `[[1,2],[3,4],[5]]`. */
function partition(array: unknown, size: unknown): unknown[][] {
  if (!Array.isArray(array)) throw new Error('$partition: the first argument must be an array');
  const items: readonly unknown[] = array;
  const chunk = requireInteger('$partition', 'the chunk size', size);
  if (chunk < 1) throw new Error('$partition: the chunk size must be positive');
  return Array.from({ length: Math.ceil(items.length / chunk) }, (_, index) => items.slice(index * chunk, (index + 1) * chunk));
}

/** `$range(0, 10, 2)` -> `[0,2,4,6,8,10]`: both ends included. */
function range(start: unknown, end: unknown, step: unknown = 1): number[] {
  const [from, to, by] = [
    requireInteger('$range', 'start', start),
    requireInteger('$range', 'end', end),
    requireInteger('$range', 'step', step),
  ];
  if (by === 0) throw new Error('$range: step must not be 0');
  const values: number[] = [];
  for (let value = from; by > 0 ? value <= to : value >= to; value += by) values.push(value);
  return values;
}

/** `$hash('text', 'SHA-256')`: the digest in lowercase hex. */
function hash(data: unknown, algorithm: unknown): string {
  if (typeof data !== 'string') throw new Error('$hash: the data must be a string');
  const digest = typeof algorithm === 'string' ? HASH_ALGORITHMS[algorithm] : undefined;
  if (digest === undefined) throw new Error(`$hash: the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
  return createHash(digest).update(data).digest('hex');
}

/** A number in [0, 1); with a seed, the same number for the same seed (mulberry32 here: AWS's sequence is not documented). */
function random(seed?: unknown): number {
  if (seed === undefined) return Math.random();
  let state = requireInteger('$random', 'the seed', seed) >>> 0;
  state = (state + 0x6d2b79f5) >>> 0;
  let mixed = Math.imul(state ^ (state >>> 15), state | 1);
  mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
}

/** `$parse('{"a":1}')` -> `{"a":1}`. */
function parse(text: unknown): unknown {
  if (typeof text !== 'string') throw new Error('$parse: the argument must be a string of JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`$parse: ${(error as Error).message}`);
  }
}

const AWS_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  partition,
  range,
  hash,
  random,
  uuid: () => randomUUID(),
  parse,
  eval: () => {
    throw new Error('$eval is not available in Step Functions; use $parse');
  },
};

export { AWS_FUNCTIONS };
