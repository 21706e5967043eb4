import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { MAX_CLASS_LABELS, MAX_CLASS_LABELS_BYTES, MAX_LABEL_LENGTH } from '../contract/endpoint-response';
import { echo } from './echo';
import { InvalidConfiguration, s3Url } from './errors';
import type { S3Location } from './errors';
import { httpStatus } from './s3-image';

/** How many bad entries a message names before it only counts the rest. */
const LISTED_ENTRIES = 5;

const NOT_FOUND = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound']);

/**
 * GetObject on the labels object, a missing or unreadable object being InvalidConfiguration; anything
 * else (throttling, 5xx, other 403s such as RequestTimeTooSkewed) is rethrown unchanged so it can be retried.
 */
async function getLabelsObject(s3: S3Client, location: S3Location): Promise<GetObjectCommandOutput> {
  try {
    return await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const status = httpStatus(error);
    if (NOT_FOUND.has(error.name) || status === 404) {
      throw new InvalidConfiguration(`class_labels object not found: ${s3Url(location)}`, { cause: error });
    }
    if (error.name === 'AccessDenied' || (error.name === 'Forbidden' && status === 403)) {
      throw new InvalidConfiguration(
        `S3 denied reading the class_labels object ${s3Url(location)}: the function's role needs s3:GetObject on it ` +
          '(and kms:Decrypt when a KMS key encrypts it); without s3:ListBucket S3 also answers 403 for a missing key',
        { cause: error },
      );
    }
    throw error;
  }
}

function tooLarge(location: S3Location, byteLength: number): InvalidConfiguration {
  return new InvalidConfiguration(
    `class_labels object of ${byteLength} bytes is over the ${MAX_CLASS_LABELS_BYTES}-byte limit: ${s3Url(location)}`,
  );
}

async function readLabelsBytes(s3: S3Client, location: S3Location): Promise<Uint8Array> {
  const object = await getLabelsObject(s3, location);
  if (object.ContentLength !== undefined && object.ContentLength > MAX_CLASS_LABELS_BYTES) {
    (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw tooLarge(location, object.ContentLength);
  }
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  if (bytes.length > MAX_CLASS_LABELS_BYTES) throw tooLarge(location, bytes.length);
  return bytes;
}

/** A name may repeat: ImageNet's 1,000 classes name two `crane`s (the bird and the machine) and two `maillot`s. */
function entryProblem(entry: unknown, index: number): string | undefined {
  if (typeof entry !== 'string') return `[${index}] is ${echo(entry)}, not a string`;
  if (entry === '') return `[${index}] is empty`;
  if (entry.length > MAX_LABEL_LENGTH) return `[${index}] is ${entry.length} characters long, more than ${MAX_LABEL_LENGTH}`;
  return undefined;
}

/** Every problem of a parsed labels list: its size, then its bad entries, the first LISTED_ENTRIES of them by name. */
function listProblems(entries: readonly unknown[]): string[] {
  if (entries.length === 0) return ['holds no names'];
  const bad = entries.map((entry, index) => entryProblem(entry, index)).filter((problem) => problem !== undefined);
  return [
    ...(entries.length > MAX_CLASS_LABELS ? [`holds ${entries.length} names, more than the ${MAX_CLASS_LABELS} allowed`] : []),
    ...bad.slice(0, LISTED_ENTRIES),
    ...(bad.length > LISTED_ENTRIES ? [`and ${bad.length - LISTED_ENTRIES} more bad entries`] : []),
  ];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The names in a `class_labels` object (a JSON array of non-empty strings), or InvalidConfiguration listing every problem. */
function parseClassLabels(bytes: Uint8Array, location: S3Location): readonly string[] {
  const invalid = (detail: string, options?: ErrorOptions) =>
    new InvalidConfiguration(`Invalid class_labels object ${s3Url(location)}: ${detail}`, options);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch (error) {
    throw invalid('not UTF-8 text', { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(`not JSON: ${echo(text)}`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw invalid(`expected a JSON array of names, got: ${echo(parsed)}`);
  const problems = listProblems(parsed);
  if (problems.length > 0) throw invalid(problems.join('; '));
  return parsed as string[];
}

async function readClassLabels(s3: S3Client, location: S3Location): Promise<readonly string[]> {
  return parseClassLabels(await readLabelsBytes(s3, location), location);
}

/**
 * The class labels, read from S3 on the first call and kept for the container's life; calls made while
 * the read is under way share it. A failed read is not kept, so the next invocation tries again.
 * Create it once per container (beside the clients) and call it in the handler, not at init, so a
 * bad object fails an invocation with InvalidConfiguration rather than the container's start.
 */
function classLabelsReader(s3: S3Client, location: S3Location): () => Promise<readonly string[]> {
  let labels: Promise<readonly string[]> | undefined;
  return () => {
    labels ??= readClassLabels(s3, location).catch((error: unknown) => {
      labels = undefined;
      throw error;
    });
    return labels;
  };
}

export { classLabelsReader, parseClassLabels };
