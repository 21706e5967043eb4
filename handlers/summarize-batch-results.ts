import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidInput } from './errors';

/** What a Distributed Map with a ResultWriter outputs: where its manifest is. */
interface MapRunResult {
  readonly MapRunArn: string;
  readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

/** `manifest.json`, as Step Functions writes it beside the result files. */
interface ResultManifest {
  readonly DestinationBucket: string;
  readonly MapRunArn: string;
  readonly ResultFiles: Readonly<
    Record<'SUCCEEDED' | 'FAILED' | 'PENDING', readonly { readonly Key: string; readonly Size: number }[] | undefined>
  >;
}

/** One child execution in a SUCCEEDED_n/FAILED_n/PENDING_n file (Transformation NONE, the S3 export's default). */
interface ChildExecutionResult {
  readonly Status: string;
  readonly Input?: string;
  readonly Error?: string;
  readonly Cause?: string;
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
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
  /** Failures by error name, most frequent first; at most MAX_ERROR_GROUPS names. */
  readonly failures_by_error: Readonly<Record<string, FailureGroup>>;
  /** Failures under the error names beyond the first MAX_ERROR_GROUPS. */
  readonly other_errors: number;
}

/** Bounds that keep the summary well under the 256 KiB state payload and readable in an email. */
const MAX_ERROR_GROUPS = 20;
const MAX_EXAMPLES_PER_ERROR = 5;
const MAX_EXAMPLE_KEY_LENGTH = 256;

interface SummarizeDependencies {
  readonly s3: S3Client;
}

function readMapRunResult(event: unknown): MapRunResult {
  const details = (event as Partial<MapRunResult> | null)?.ResultWriterDetails;
  const arn = (event as Partial<MapRunResult> | null)?.MapRunArn;
  if (
    typeof arn !== 'string' ||
    typeof details?.Bucket !== 'string' ||
    typeof details.Key !== 'string' ||
    details.Bucket === '' ||
    details.Key === ''
  ) {
    throw new InvalidInput(
      `Expected a Distributed Map's ResultWriter output {MapRunArn, ResultWriterDetails: {Bucket, Key}}, got: ${JSON.stringify(event)?.slice(0, 300)}`,
    );
  }
  return { MapRunArn: arn, ResultWriterDetails: { Bucket: details.Bucket, Key: details.Key } };
}

async function readJson<T>(s3: S3Client, bucket: string, key: string): Promise<T> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = (await object.Body?.transformToString('utf-8')) ?? '';
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new InvalidInput(`Not JSON: s3://${bucket}/${key}`, { cause: error });
  }
}

/** The child's `s3_key`, from the Input Step Functions recorded as JSON text. */
function childKey(result: ChildExecutionResult): string {
  try {
    const key = (JSON.parse(result.Input ?? '{}') as { s3_key?: unknown }).s3_key;
    return typeof key === 'string' ? key.slice(0, MAX_EXAMPLE_KEY_LENGTH) : '(no s3_key)';
  } catch {
    return '(input not recorded)';
  }
}

/** Failures counted by error name, with a few example keys each, as the result files are read one by one. */
class FailureGroups {
  private readonly groups = new Map<string, { count: number; examples: string[] }>();

  add(failures: readonly ChildExecutionResult[]): void {
    for (const failure of failures) {
      const name = failure.Error ?? failure.Status;
      const group = this.groups.get(name) ?? { count: 0, examples: [] };
      group.count++;
      if (group.examples.length < MAX_EXAMPLES_PER_ERROR) group.examples.push(childKey(failure));
      this.groups.set(name, group);
    }
  }

  summary(): Pick<BatchSummary, 'failures_by_error' | 'other_errors'> {
    const sorted = [...this.groups].sort(([nameA, a], [nameB, b]) => b.count - a.count || nameA.localeCompare(nameB));
    const kept = sorted.slice(0, MAX_ERROR_GROUPS);
    const other = sorted.slice(MAX_ERROR_GROUPS).reduce((sum, [, group]) => sum + group.count, 0);
    return { failures_by_error: Object.fromEntries(kept), other_errors: other };
  }
}

/** Reads a Map Run's manifest and result files and counts what its child executions did. */
async function summarizeBatchResults(event: unknown, { s3 }: SummarizeDependencies): Promise<BatchSummary> {
  const { MapRunArn, ResultWriterDetails } = readMapRunResult(event);
  const manifest = await readJson<ResultManifest>(s3, ResultWriterDetails.Bucket, ResultWriterDetails.Key);
  const bucket = manifest.DestinationBucket || ResultWriterDetails.Bucket;
  const failures = new FailureGroups();
  // One result file at a time: memory holds one file, not the whole run's results.
  const count = async (status: keyof ResultManifest['ResultFiles']) => {
    let total = 0;
    for (const file of manifest.ResultFiles?.[status] ?? []) {
      const results = await readJson<ChildExecutionResult[]>(s3, bucket, file.Key);
      total += results.length;
      if (status === 'FAILED') failures.add(results);
    }
    return total;
  };
  const succeeded = await count('SUCCEEDED');
  const failed = await count('FAILED');
  const pending = await count('PENDING');
  const folder = ResultWriterDetails.Key.slice(0, ResultWriterDetails.Key.lastIndexOf('/') + 1);
  return {
    map_run_arn: MapRunArn,
    results: `s3://${ResultWriterDetails.Bucket}/${folder}`,
    total: succeeded + failed + pending,
    succeeded,
    failed,
    pending,
    ...failures.summary(),
  };
}

export { summarizeBatchResults, MAX_ERROR_GROUPS, MAX_EXAMPLES_PER_ERROR };
