import { TRIGGER_INPUT_FIELDS } from '../contract/step-payloads';
import { describeType, echo } from './echo';
import { InvalidInput } from './errors';
import type { S3Location } from './errors';

/** A parsed JSON object whose fields are yet to be checked. */
type UncheckedObject = Readonly<Record<string, unknown>>;

/** What serializeImageData needs from a valid request. */
interface ImageRequest {
  readonly location: S3Location;
  /** The S3 trigger started the execution (its input has the upload's sequencer), so S3 may have URL-encoded the key. */
  readonly startedByTrigger: boolean;
  /** The ETag of the upload the execution is for (the trigger's `s3_etag`, or a batch listing's `Etag`). */
  readonly etag?: string;
  /** The version the execution is for, in a versioned bucket (the trigger's `s3_version_id`). */
  readonly versionId?: string;
}

/**
 * How many envelopes (`{"statusCode": 200, "body": ...}`) may wrap the request, one inside another:
 * the seed's is one, and an envelope passed on whole as another's body makes two. The bound leaves
 * room for more while refusing, by name, an input nested to any depth.
 */
const MAX_ENVELOPE_DEPTH = 8;
const MAX_KEY_BYTES = 1024;
/** S3's bucket naming rules: 3-63 lowercase letters, digits, dots and hyphens, no `..`, not an IP address. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

function isObject(value: unknown): value is UncheckedObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An envelope's body as an object: itself, or parsed from its JSON text. */
function parseBody(body: unknown): unknown {
  if (isObject(body)) return body;
  if (typeof body !== 'string') throw new InvalidInput(`Expected "body" to be a JSON object, got: ${describeType(body)}`);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new InvalidInput('Expected "body" to hold a JSON object, got a string that is not JSON', { cause: error });
  }
}

/** The request's fields: the bare request, or the body within at most MAX_ENVELOPE_DEPTH envelopes (body as object or JSON text). */
function unwrapRequest(request: unknown): UncheckedObject {
  let current = request;
  for (let depth = 0; ; depth++) {
    if (!isObject(current)) throw new InvalidInput(`Expected a JSON object as input, got: ${describeType(current)}`);
    if (current.body === undefined) return current;
    if (depth === MAX_ENVELOPE_DEPTH) {
      throw new InvalidInput(`Expected the request within at most ${MAX_ENVELOPE_DEPTH} envelopes ("body" within "body"), got more`);
    }
    current = parseBody(current.body);
  }
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

/** The image's bucket and key, checked as S3 would check them, every problem listed at once. */
function readLocation(fields: UncheckedObject): S3Location {
  const problems = [bucketProblem(fields.s3_bucket), keyProblem(fields.s3_key)].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new InvalidInput(`Invalid input: ${problems.join('; ')}`);
  return { bucket: fields.s3_bucket as string, key: fields.s3_key as string };
}

/** An ETag or version id: S3's are at most a few dozen characters; this bound only keeps messages and payloads small. */
const MAX_VERSION_FIELD_LENGTH = 1024;

/** The field's text; undefined when it is absent, null or empty, as an input transformer may write a field the event lacks. */
function optionalText(fields: UncheckedObject, field: string): string | undefined {
  const value = fields[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_VERSION_FIELD_LENGTH) {
    throw new InvalidInput(`"${field}" must be a string of at most ${MAX_VERSION_FIELD_LENGTH} characters when given, got: ${echo(value)}`);
  }
  return value;
}

/** Unwraps and checks the execution's input: where the image is, which upload of it, and whether the S3 trigger sent it. */
function readImageRequest(request: unknown): ImageRequest {
  const fields = unwrapRequest(request);
  const location = readLocation(fields);
  const etag = optionalText(fields, TRIGGER_INPUT_FIELDS.etag);
  const versionId = optionalText(fields, TRIGGER_INPUT_FIELDS.versionId);
  return {
    location,
    startedByTrigger: fields[TRIGGER_INPUT_FIELDS.sequencer] !== undefined,
    ...(etag === undefined ? {} : { etag }),
    ...(versionId === undefined ? {} : { versionId }),
  };
}

export { isObject, unwrapRequest, readImageRequest, MAX_ENVELOPE_DEPTH, MAX_KEY_BYTES };
export type { ImageRequest, UncheckedObject };
