import type { Envelope, ImageRecord } from '../contract/envelope';
import { InvalidInput } from './errors';
import type { S3Location } from './errors';

/** A parsed JSON object whose fields are yet to be checked. */
type UncheckedObject = Readonly<Record<string, unknown>>;

/** Where an image is and which version of it was validated. */
interface ImageReference extends S3Location {
  readonly etag?: string;
  readonly versionId?: string;
}

/** How much of a bad value an error message repeats: enough to recognise it, never the whole of a large one. */
const ECHO_LIMIT_CHARS = 200;
const MAX_KEY_BYTES = 1024;
/** S3's bucket naming rules: 3-63 lowercase letters, digits, dots and hyphens, no `..`, not an IP address. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

function isObject(value: unknown): value is UncheckedObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The value as JSON, cut to ECHO_LIMIT_CHARS. */
function echo(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length <= ECHO_LIMIT_CHARS ? text : `${text.slice(0, ECHO_LIMIT_CHARS)}… (${text.length} characters)`;
}

/** Accepts the envelope (`{statusCode, body}`, body as object or JSON string) or the bare body. */
function unwrapBody(event: unknown): UncheckedObject {
  if (!isObject(event)) {
    throw new InvalidInput(`Expected a JSON object as input, got: ${describeType(event)}`);
  }
  const body = event.body;
  if (body === undefined) return event;
  // The state machine passes the request whole as `body`, so a request that was itself an envelope nests once more.
  if (isObject(body)) return body.body === undefined ? body : unwrapBody(body);
  if (typeof body === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new InvalidInput('Expected "body" to hold a JSON object, got a string that is not JSON', { cause: error });
    }
    return unwrapBody(parsed);
  }
  throw new InvalidInput(`Expected "body" to be a JSON object, got: ${describeType(body)}`);
}

function bucketProblem(bucket: unknown): string | undefined {
  const valid = typeof bucket === 'string' && BUCKET_NAME.test(bucket) && !/\.\.|\.-|-\./.test(bucket) && !IP_ADDRESS.test(bucket);
  return valid
    ? undefined
    : `"s3_bucket" must be an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens), got: ${echo(bucket)}`;
}

function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string' || key === '') return `"s3_key" must be a non-empty string, got: ${echo(key)}`;
  const bytes = Buffer.byteLength(key);
  return bytes <= MAX_KEY_BYTES ? undefined : `"s3_key" must be at most ${MAX_KEY_BYTES} bytes, got ${bytes} bytes: ${echo(key)}`;
}

function optionalString(body: UncheckedObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidInput(`"${field}" must be a string when given, got: ${echo(value)}`);
  return value;
}

/** The image's bucket and key, checked as S3 would check them. */
function readLocation(body: UncheckedObject): S3Location {
  const problems = [bucketProblem(body.s3_bucket), keyProblem(body.s3_key)].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new InvalidInput(`Invalid input: ${problems.join('; ')}`);
  return { bucket: body.s3_bucket as string, key: body.s3_key as string };
}

/** The location and, when the serializer recorded them, the validated version's ETag and version id. */
function readImageReference(body: UncheckedObject): ImageReference {
  const location = readLocation(body);
  const etag = optionalString(body, 's3_etag');
  const versionId = optionalString(body, 's3_version_id');
  return { ...location, ...(etag === undefined ? {} : { etag }), ...(versionId === undefined ? {} : { versionId }) };
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** The scores as numbers, or undefined when `value` is not a non-empty list of probabilities. */
function parseScores(value: unknown): number[] | undefined {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(candidate) || candidate.length === 0 || !candidate.every(isProbability)) return undefined;
  return candidate;
}

/** The highest score; a loop, since spreading thousands of scores into Math.max overflows the stack. */
function highestScore(scores: readonly number[]): number {
  let highest = -Infinity;
  for (const score of scores) if (score > highest) highest = score;
  return highest;
}

function readInferences(body: UncheckedObject, maxScores: number): number[] {
  const scores = parseScores(body.inferences);
  if (scores === undefined) {
    throw new InvalidInput(
      `"inferences" must be a non-empty array of numbers in [0, 1] (or its JSON string), got: ${echo(body.inferences)}`,
    );
  }
  if (scores.length > maxScores) throw new InvalidInput(`"inferences" holds ${scores.length} scores, more than the ${maxScores} allowed`);
  return scores;
}

/** The envelope every function returns; `image_data` stays empty, the image travels by reference. */
function toEnvelope(reference: ImageReference, inferences: ImageRecord['inferences']): Envelope {
  return {
    statusCode: 200,
    body: {
      image_data: '',
      s3_bucket: reference.bucket,
      s3_key: reference.key,
      ...(reference.etag === undefined ? {} : { s3_etag: reference.etag }),
      ...(reference.versionId === undefined ? {} : { s3_version_id: reference.versionId }),
      inferences,
    },
  };
}

export {
  highestScore,
  isObject,
  echo,
  unwrapBody,
  readLocation,
  readImageReference,
  readInferences,
  parseScores,
  toEnvelope,
  MAX_KEY_BYTES,
};
export type { Envelope, ImageRecord, ImageReference, UncheckedObject };
