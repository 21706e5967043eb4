import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_ERROR_GROUPS, MAX_EXAMPLES_PER_ERROR, summarizeBatchResults } from '../../handlers/summarize-batch-results';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:batch/images:0c1d';
const EVENT = { MapRunArn: MAP_RUN, ResultWriterDetails: { Bucket: 'images', Key: 'batch-results/0c1d/manifest.json' } };

function serve(objects: Record<string, unknown>): void {
  s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    if (!(Key in objects)) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return { Body: { transformToString: async () => JSON.stringify(objects[Key]) } };
  });
}

const child = (key: string, status: 'SUCCEEDED' | 'FAILED', error?: string) => ({
  Status: status,
  Input: JSON.stringify({ s3_bucket: 'images', s3_key: key }),
  ...(error ? { Error: error, Cause: '{}' } : {}),
});

afterEach(() => s3Mock.reset());

describe('summarizeBatchResults', () => {
  it('counts the children of every result file and groups the failures by error name, most frequent first', async () => {
    serve({
      'batch-results/0c1d/manifest.json': {
        DestinationBucket: 'images',
        MapRunArn: MAP_RUN,
        ResultFiles: {
          FAILED: [{ Key: 'batch-results/0c1d/FAILED_0.json', Size: 1 }],
          PENDING: [],
          SUCCEEDED: [
            { Key: 'batch-results/0c1d/SUCCEEDED_0.json', Size: 1 },
            { Key: 'batch-results/0c1d/SUCCEEDED_1.json', Size: 1 },
          ],
        },
      },
      'batch-results/0c1d/SUCCEEDED_0.json': [child('a.png', 'SUCCEEDED'), child('b.png', 'SUCCEEDED')],
      'batch-results/0c1d/SUCCEEDED_1.json': [child('c.png', 'SUCCEEDED')],
      'batch-results/0c1d/FAILED_0.json': [
        child('d.png', 'FAILED', 'InvalidImage'),
        child('e.png', 'FAILED', 'ThresholdConfidenceNotMet'),
        child('f.png', 'FAILED', 'ThresholdConfidenceNotMet'),
      ],
    });

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(summary).toStrictEqual({
      map_run_arn: MAP_RUN,
      results: 's3://images/batch-results/0c1d/',
      total: 6,
      succeeded: 3,
      failed: 3,
      pending: 0,
      failures_by_error: {
        ThresholdConfidenceNotMet: { count: 2, examples: ['e.png', 'f.png'] },
        InvalidImage: { count: 1, examples: ['d.png'] },
      },
      other_errors: 0,
    });
  });

  it('keeps its output bounded: a few examples per error, a capped number of error names', async () => {
    const failures = Array.from({ length: 30 }, (_, group) =>
      Array.from({ length: 10 }, (__, index) =>
        child(`${'k'.repeat(400)}-${group}-${index}.png`, 'FAILED', `Error${String(group).padStart(2, '0')}`),
      ),
    ).flat();
    serve({
      'batch-results/0c1d/manifest.json': {
        DestinationBucket: 'images',
        MapRunArn: MAP_RUN,
        ResultFiles: { FAILED: [{ Key: 'f.json', Size: 1 }], PENDING: [], SUCCEEDED: [] },
      },
      'f.json': failures,
    });

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(Object.keys(summary.failures_by_error)).toHaveLength(MAX_ERROR_GROUPS);
    expect(summary.other_errors).toBe(100);
    expect(
      Object.values(summary.failures_by_error).every(
        (group) => group.examples.length === MAX_EXAMPLES_PER_ERROR && group.examples.every((key) => key.length <= 256),
      ),
    ).toBe(true);
    expect(JSON.stringify(summary).length).toBeLessThan(64 * 1024);
  });

  it('throws InvalidInput for anything but a ResultWriter output', async () => {
    await expect(summarizeBatchResults({ MapRunArn: MAP_RUN }, { s3 })).rejects.toMatchObject({ name: 'InvalidInput' });
  });

  it('lets S3 errors through with their own names', async () => {
    serve({});

    await expect(summarizeBatchResults(EVENT, { s3 })).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
