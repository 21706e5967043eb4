import type { Envelope, ImageRecord } from '../contract/envelope';
import { InvalidInput } from './errors';
import type { S3Location } from './errors';

/** A parsed JSON object whose fields are yet to be checked. */
type UncheckedObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is UncheckedObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Accepts the envelope (`{statusCode, body}`, body as object or JSON string) or the bare body. */
function unwrapBody(event: unknown): UncheckedObject {
  if (!isObject(event)) {
    throw new InvalidInput(`Expected a JSON object as input, got: ${describeType(event)}`);
  }
  const body = event.body;
  if (body === undefined) return event;
  if (isObject(body)) return body;
  if (typeof body === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new InvalidInput('Expected "body" to hold a JSON object, got a string that is not JSON', {
        cause: error,
      });
    }
    return unwrapBody(parsed);
  }
  throw new InvalidInput(`Expected "body" to be a JSON object, got: ${describeType(body)}`);
}

function readLocation(body: UncheckedObject): S3Location {
  const problems = (['s3_bucket', 's3_key'] as const)
    .filter((field) => typeof body[field] !== 'string' || body[field] === '')
    .map((field) => `"${field}" must be a non-empty string, got: ${JSON.stringify(body[field]) ?? 'undefined'}`);
  if (problems.length > 0) throw new InvalidInput(`Invalid input: ${problems.join('; ')}`);
  return { bucket: body.s3_bucket as string, key: body.s3_key as string };
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function readImageData(body: UncheckedObject): Buffer {
  const imageData = body.image_data;
  if (typeof imageData !== 'string' || imageData === '') {
    throw new InvalidInput(`"image_data" must be a non-empty base64 string, got: ${describeType(imageData)}`);
  }
  if (!STRICT_BASE64.test(imageData)) {
    throw new InvalidInput('"image_data" is not valid base64');
  }
  return Buffer.from(imageData, 'base64');
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** Returns the scores as numbers, or undefined when `value` is not a non-empty list of probabilities. */
function parseScores(value: unknown): number[] | undefined {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(candidate) || candidate.length === 0 || !candidate.every(isProbability)) {
    return undefined;
  }
  return candidate;
}

function readInferences(body: UncheckedObject): number[] {
  const scores = parseScores(body.inferences);
  if (scores === undefined) {
    throw new InvalidInput(
      `"inferences" must be a non-empty array of numbers in [0, 1] (or its JSON string), got: ${String(
        JSON.stringify(body.inferences),
      ).slice(0, 200)}`,
    );
  }
  return scores;
}

function toEnvelope(record: ImageRecord): Envelope {
  return {
    statusCode: 200,
    body: {
      image_data: record.image_data,
      s3_bucket: record.s3_bucket,
      s3_key: record.s3_key,
      inferences: record.inferences,
    },
  };
}

export {
  isObject,
  unwrapBody,
  readLocation,
  readImageData,
  readInferences,
  parseScores,
  toEnvelope,
};
export type { Envelope, ImageRecord, UncheckedObject };
