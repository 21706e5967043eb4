import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { echo } from './echo';
import { InvalidInput, s3Url } from './errors';
import type { S3Location } from './errors';
import { jsonArrayItems } from './json-array-items';
import { isObject } from './request';
import type { UncheckedObject } from './request';

type ResultStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** `manifest.json`, as Step Functions writes it beside the result files. */
interface ResultManifest {
  readonly DestinationBucket?: string;
  readonly MapRunArn?: string;
  readonly ResultFiles?: Readonly<Partial<Record<ResultStatus, readonly { readonly Key: string }[]>>>;
}

interface FailureGroup {
  readonly count: number;
  /** A few of the failed keys, in the order the results list them. */
  readonly examples: readonly string[];
}

interface BatchSummary {
  readonly map_run_arn: string;
  /** Where the full results are: the manifest's folder. */
  readonly results: string;
  /** The images the batch ran: succeeded, failed and pending; the keys it skipped are not images and not counted here. */
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
  /** Keys under the prefix that are not images, which the children skipped (`{"skipped": true}`): never failures. */
  readonly skipped: number;
  /** Failures by error name, most frequent first; at most MAX_ERROR_GROUPS names. */
  readonly failures_by_error: Readonly<Record<string, FailureGroup>>;
  /** Failures under the error names beyond the first MAX_ERROR_GROUPS. */
  readonly other_errors: number;
  /** The classified images by their top label, most frequent first; at most MAX_LABEL_GROUPS labels. */
  readonly classified_by_label: Readonly<Record<string, number>>;
  /** Classified images under the labels beyond the first MAX_LABEL_GROUPS. */
  readonly other_labels: number;
  /**
   * `s3://bucket/key` of `failed-images.json` beside the results: the images the batch did not classify
   * (its failed and pending children) as `[{"Key": ..., "Etag": ...}]`, the items S3 listing gives a
   * Distributed Map, so a batch can run on it again; an image replaced since it was listed
   * (ImageSuperseded, ImageChanged) has no Etag, so the run classifies its new content. Null when every
   * image was classified.
   */
  readonly failed_manifest: string | null;
}

/** Bounds that keep the summary well under the 256 KiB state payload and readable in an email. */
const MAX_ERROR_GROUPS = 20;
const MAX_EXAMPLES_PER_ERROR = 5;
const MAX_EXAMPLE_KEY_LENGTH = 256;
const MAX_LABEL_GROUPS = 20;

const FAILED_IMAGES_FILE = 'failed-images.json';
/** How much manifest text is gathered before it is handed to the upload. */
const MANIFEST_CHUNK_CHARS = 64 * 1024;

interface SummarizeDependencies {
  readonly s3: S3Client;
}

/** Where a Map Run's results are: its manifest (a Map that finished), or the folder it wrote to (one its tolerated failure stopped). */
type ResultsLocation = { readonly bucket: string } & ({ readonly manifestKey: string } | { readonly folder: string });

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

function readResultsLocation(event: unknown): ResultsLocation {
  const details = (event as { ResultWriterDetails?: { Bucket?: unknown; Key?: unknown; Prefix?: unknown } } | null)?.ResultWriterDetails;
  if (isText(details?.Bucket) && isText(details.Key)) return { bucket: details.Bucket, manifestKey: details.Key };
  if (isText(details?.Bucket) && isText(details.Prefix)) return { bucket: details.Bucket, folder: details.Prefix };
  throw new InvalidInput(
    `Expected a Distributed Map's ResultWriter output {MapRunArn, ResultWriterDetails: {Bucket, Key}}, or {ResultWriterDetails: {Bucket, Prefix}} for a Map Run that stopped, got: ${echo(event)}`,
  );
}

/** The manifest's key: given, or the one manifest.json under the folder a stopped Map Run wrote to. */
async function manifestKey(s3: S3Client, location: ResultsLocation): Promise<string> {
  if ('manifestKey' in location) return location.manifestKey;
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.folder }));
  const manifest = (listing.Contents ?? []).map(({ Key }) => Key).find((key) => key?.endsWith('/manifest.json'));
  if (manifest === undefined) throw new InvalidInput(`No manifest.json under ${s3Url({ bucket: location.bucket, key: location.folder })}`);
  return manifest;
}

async function readManifest(s3: S3Client, location: S3Location): Promise<ResultManifest> {
  const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  const text = (await object.Body?.transformToString('utf-8')) ?? '';
  try {
    return JSON.parse(text) as ResultManifest;
  } catch (error) {
    throw new InvalidInput(`Not JSON: ${s3Url(location)}`, { cause: error });
  }
}

/** The entries of one result file (a JSON array of child executions), read as the bytes arrive. */
async function* resultEntries(s3: S3Client, location: S3Location): AsyncGenerator<UncheckedObject> {
  const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  const body = (object.Body ?? Readable.from([])) as AsyncIterable<Uint8Array>;
  const source = `Result file ${s3Url(location)}`;
  for await (const entry of jsonArrayItems(body, source)) {
    if (!isObject(entry)) throw new InvalidInput(`${source} holds ${echo(entry)} where a child execution's result belongs`);
    yield entry;
  }
}

/** A child's input or output, which Step Functions records as JSON text; undefined when it is not an object. */
function recorded(text: unknown): UncheckedObject | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a succeeded child skipped its key, if it did: `true` for a key that is no image, `"results"`
 * for one of the batch's own results (not counted at all). The output is parsed only when it holds
 * the word: outputs carry the scores, and most never mention it.
 */
function skipped(entry: UncheckedObject): unknown {
  return typeof entry.Output === 'string' && entry.Output.includes('"skipped"') ? recorded(entry.Output)?.skipped : undefined;
}

/** The child's `s3_key`, from the Input Step Functions recorded as JSON text. */
function childKey(entry: UncheckedObject): string {
  const key = recorded(entry.Input)?.s3_key;
  return typeof key === 'string' ? key.slice(0, MAX_EXAMPLE_KEY_LENGTH) : '(no s3_key recorded)';
}

/** Failures whose listed content is gone: a run again classifies what the key holds now, so it gets no Etag to pin. */
const REPLACED_ERRORS: ReadonlySet<unknown> = new Set(['ImageSuperseded', 'ImageChanged']);

/** The child's image as an S3 listing item, `{Key, Etag}`; undefined when its input names no key. */
function listingItem(entry: UncheckedObject): { Key: string; Etag?: string } | undefined {
  const input = recorded(entry.Input);
  if (typeof input?.s3_key !== 'string') return undefined;
  return typeof input.s3_etag === 'string' && !REPLACED_ERRORS.has(entry.Error)
    ? { Key: input.s3_key, Etag: input.s3_etag }
    : { Key: input.s3_key };
}

/** The first `max` groups by count, most first (ties by name), and the count of those beyond. */
function largestGroups<Group>(groups: Map<string, Group>, max: number, count: (group: Group) => number): [[string, Group][], number] {
  const sorted = [...groups].sort(([nameA, a], [nameB, b]) => count(b) - count(a) || nameA.localeCompare(nameB));
  return [sorted.slice(0, max), sorted.slice(max).reduce((sum, [, group]) => sum + count(group), 0)];
}

/**
 * A classified child's top label, read off the Output text without parsing it (outputs carry up to
 * 10,000 scores): in JSON text a `"` inside a string is escaped, so `"label":"` starts the member itself.
 */
const LABEL_MEMBER = /"label":("(?:[^"\\]|\\.)*")/;

function childLabel(entry: UncheckedObject): string | undefined {
  const literal = typeof entry.Output === 'string' ? LABEL_MEMBER.exec(entry.Output)?.[1] : undefined;
  return literal === undefined ? undefined : (JSON.parse(literal) as string);
}

/** Classified images counted by their top label. */
class LabelCounts {
  private readonly counts = new Map<string, number>();

  add(entry: UncheckedObject): void {
    const label = childLabel(entry);
    if (label !== undefined) this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  summary(): Pick<BatchSummary, 'classified_by_label' | 'other_labels'> {
    const [kept, other] = largestGroups(this.counts, MAX_LABEL_GROUPS, (count) => count);
    return { classified_by_label: Object.fromEntries(kept), other_labels: other };
  }
}

/** Failures counted by error name, with a few example keys each. */
class FailureGroups {
  private readonly groups = new Map<string, { count: number; examples: string[] }>();

  add(entry: UncheckedObject): void {
    const name = typeof entry.Error === 'string' ? entry.Error : String(entry.Status);
    const group = this.groups.get(name) ?? { count: 0, examples: [] };
    group.count++;
    if (group.examples.length < MAX_EXAMPLES_PER_ERROR) group.examples.push(childKey(entry));
    this.groups.set(name, group);
  }

  summary(): Pick<BatchSummary, 'failures_by_error' | 'other_errors'> {
    const [kept, other] = largestGroups(this.groups, MAX_ERROR_GROUPS, (group) => group.count);
    return { failures_by_error: Object.fromEntries(kept), other_errors: other };
  }
}

type Counts = Pick<BatchSummary, 'succeeded' | 'failed' | 'pending' | 'skipped'>;

class ResultFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly manifest: ResultManifest,
  ) {}

  /** Every entry of the files of `statuses`, one file after another. */
  async *entries(...statuses: readonly ResultStatus[]): AsyncGenerator<{ status: ResultStatus; entry: UncheckedObject }> {
    for (const status of statuses) {
      for (const file of this.manifest.ResultFiles?.[status] ?? []) {
        for await (const entry of resultEntries(this.s3, { bucket: this.bucket, key: file.Key })) yield { status, entry };
      }
    }
  }

  async count(failures: FailureGroups, labels: LabelCounts): Promise<Counts> {
    const counts = { succeeded: 0, failed: 0, pending: 0, skipped: 0 };
    for await (const { status, entry } of this.entries('SUCCEEDED', 'FAILED', 'PENDING')) {
      if (status === 'SUCCEEDED') {
        const reason = skipped(entry);
        if (reason === true) counts.skipped++;
        else if (reason !== 'results') {
          counts.succeeded++;
          labels.add(entry);
        }
      } else if (status === 'FAILED') {
        counts.failed++;
        failures.add(entry);
      } else {
        counts.pending++;
      }
    }
    return counts;
  }

  /** `failed-images.json`'s text, a piece at a time: the failed and pending children's images. */
  async *failedImagesJson(): AsyncGenerator<string> {
    let text = '[';
    let first = true;
    for await (const { entry } of this.entries('FAILED', 'PENDING')) {
      const item = listingItem(entry);
      if (item === undefined) continue;
      text += `${first ? '' : ','}\n${JSON.stringify(item)}`;
      first = false;
      if (text.length >= MANIFEST_CHUNK_CHARS) {
        yield text;
        text = '';
      }
    }
    yield `${text}\n]\n`;
  }
}

/**
 * Reads a Map Run's manifest and result files, streaming each, and counts what its child executions
 * did; when some images were not classified, writes them beside the results as `failed-images.json`.
 */
async function summarizeBatchResults(event: unknown, { s3 }: SummarizeDependencies): Promise<BatchSummary> {
  const location = readResultsLocation(event);
  const ResultWriterDetails = { Bucket: location.bucket, Key: await manifestKey(s3, location) };
  const manifest = await readManifest(s3, { bucket: ResultWriterDetails.Bucket, key: ResultWriterDetails.Key });
  const MapRunArn = manifest.MapRunArn ?? (event as { MapRunArn?: string }).MapRunArn ?? '';
  const files = new ResultFiles(s3, manifest.DestinationBucket || ResultWriterDetails.Bucket, manifest);
  const failures = new FailureGroups();
  const labels = new LabelCounts();
  const counts = await files.count(failures, labels);
  const folder = ResultWriterDetails.Key.slice(0, ResultWriterDetails.Key.lastIndexOf('/') + 1);
  const results = { bucket: ResultWriterDetails.Bucket, key: folder };
  let failedManifest: string | null = null;
  if (counts.failed + counts.pending > 0) {
    const location = { bucket: results.bucket, key: `${folder}${FAILED_IMAGES_FILE}` };
    // One PutObject for a small list, a multipart upload of 5 MiB parts, one at a time, for a large one: memory holds a part, not the list.
    await new Upload({
      client: s3,
      queueSize: 1,
      params: {
        Bucket: location.bucket,
        Key: location.key,
        Body: Readable.from(files.failedImagesJson()),
        ContentType: 'application/json',
      },
    }).done();
    failedManifest = s3Url(location);
  }
  return {
    map_run_arn: MapRunArn,
    results: s3Url(results),
    total: counts.succeeded + counts.failed + counts.pending,
    ...counts,
    ...failures.summary(),
    ...labels.summary(),
    failed_manifest: failedManifest,
  };
}

export { summarizeBatchResults, MAX_ERROR_GROUPS, MAX_EXAMPLES_PER_ERROR, MAX_LABEL_GROUPS, FAILED_IMAGES_FILE };
export type { BatchSummary };
