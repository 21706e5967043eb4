import 'aws-sdk-client-mock-jest';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { InvalidInput } from '../../handlers';
import { MAX_ERROR_GROUPS, MAX_EXAMPLES_PER_ERROR, MAX_LABEL_GROUPS, summarizeBatchResults } from '../../handlers/summarize-batch-results';
import { s3Error } from './s3-stub';
import { mockedS3 } from './mocked-clients';

const { s3Mock, s3 } = mockedS3();
const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:batch/images:0c1d';
const EVENT = { MapRunArn: MAP_RUN, ResultWriterDetails: { Bucket: 'images', Key: 'batch-results/0c1d/manifest.json' } };
const FAILED_MANIFEST_KEY = 'batch-results/0c1d/failed-images.json';

/** An S3 body as the SDK gives one in Node: a stream, here cut into chunks of `chunkBytes`, with transformToString. */
function streamBody(text: string, bytes: Buffer, chunkBytes = 7) {
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, index) =>
    bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes),
  );
  return Object.assign(Readable.from(chunks), { transformToString: async () => text });
}

function serve(objects: Record<string, unknown>, chunkBytes?: number): void {
  // Serialized and encoded once: the summary reads each result file twice, and a large one takes a while to serialize.
  const bodies = new Map(
    Object.entries(objects).map(([key, object]) => {
      const text = typeof object === 'string' ? object : JSON.stringify(object);
      return [key, { text, bytes: Buffer.from(text) }];
    }),
  );
  s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const body = bodies.get(Key);
    if (body === undefined) throw s3Error('NoSuchKey', 404);
    return { Body: streamBody(body.text, body.bytes, chunkBytes) };
  });
}

const manifest = (files: Partial<Record<'SUCCEEDED' | 'FAILED' | 'PENDING', string[]>>) => ({
  DestinationBucket: 'images',
  MapRunArn: MAP_RUN,
  ResultFiles: {
    FAILED: (files.FAILED ?? []).map((Key) => ({ Key, Size: 1 })),
    PENDING: (files.PENDING ?? []).map((Key) => ({ Key, Size: 1 })),
    SUCCEEDED: (files.SUCCEEDED ?? []).map((Key) => ({ Key, Size: 1 })),
  },
});

const etagOf = (key: string) => `"${Buffer.from(key).toString('hex').padEnd(32, '0').slice(0, 32)}"`;

/** One child execution as a ResultWriter file lists it: its input and output recorded as JSON text. */
const child = (key: string, status: 'SUCCEEDED' | 'FAILED' | 'PENDING', error?: string, output?: object) => ({
  ExecutionArn: `arn:aws:states:us-east-1:123456789012:express:images-batch/0c1d:${key}`,
  Status: status,
  Input: JSON.stringify({ s3_bucket: 'images', s3_key: key, s3_etag: etagOf(key) }),
  InputDetails: { Included: true },
  ...(status === 'SUCCEEDED'
    ? { Output: JSON.stringify(output ?? { s3_bucket: 'images', s3_key: key, label: 'bicycle', score: 0.98, inferences: [0.02, 0.98] }) }
    : {}),
  ...(error ? { Error: error, Cause: '{"errorMessage":"..."}' } : {}),
});
const skippedChild = (key: string) => child(key, 'SUCCEEDED', undefined, { skipped: true, s3_key: key });

/** The failed-images.json the summary wrote, from the single PutObject or the parts of a multipart upload. */
function writtenManifest(): unknown {
  const put = s3Mock.commandCalls(PutObjectCommand);
  const parts = s3Mock.commandCalls(UploadPartCommand).sort((a, b) => a.args[0].input.PartNumber! - b.args[0].input.PartNumber!);
  const bodies = put.length > 0 ? put.map((call) => call.args[0].input.Body) : parts.map((call) => call.args[0].input.Body);
  return JSON.parse(Buffer.concat(bodies.map((body) => Buffer.from(body as Uint8Array))).toString('utf8'));
}

describe('summarizeBatchResults', () => {
  it('counts the children of every result file and groups the failures by error name, most frequent first', async () => {
    serve({
      'batch-results/0c1d/manifest.json': manifest({
        FAILED: ['batch-results/0c1d/FAILED_0.json'],
        SUCCEEDED: ['batch-results/0c1d/SUCCEEDED_0.json', 'batch-results/0c1d/SUCCEEDED_1.json'],
      }),
      'batch-results/0c1d/SUCCEEDED_0.json': [child('a.png', 'SUCCEEDED'), child('b.png', 'SUCCEEDED')],
      'batch-results/0c1d/SUCCEEDED_1.json': [child('c.png', 'SUCCEEDED')],
      'batch-results/0c1d/FAILED_0.json': [
        child('d.png', 'FAILED', 'InvalidImage'),
        child('e.png', 'FAILED', 'ThresholdConfidenceNotMet'),
        child('f.png', 'FAILED', 'ThresholdConfidenceNotMet'),
      ],
    });
    s3Mock.on(PutObjectCommand).resolves({});

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(summary).toStrictEqual({
      map_run_arn: MAP_RUN,
      results: 's3://images/batch-results/0c1d/',
      total: 6,
      succeeded: 3,
      failed: 3,
      pending: 0,
      skipped: 0,
      failures_by_error: {
        ThresholdConfidenceNotMet: { count: 2, examples: ['e.png', 'f.png'] },
        InvalidImage: { count: 1, examples: ['d.png'] },
      },
      other_errors: 0,
      classified_by_label: { bicycle: 3 },
      other_labels: 0,
      failed_manifest: `s3://images/${FAILED_MANIFEST_KEY}`,
    });
  });

  it('counts the classified images by top label, most frequent first, the labels beyond MAX_LABEL_GROUPS together', async () => {
    const labelled = (key: string, label: string) =>
      child(key, 'SUCCEEDED', undefined, {
        s3_bucket: 'images',
        s3_key: `"label":"decoy".png`,
        label,
        score: 0.99,
        inferences: [0.01, 0.99],
      });
    const labels = ['tabby, tabby cat', 'é "quoted" \\ label', ...Array.from({ length: MAX_LABEL_GROUPS }, (_, index) => `class ${index}`)];
    serve({
      'batch-results/0c1d/manifest.json': manifest({ SUCCEEDED: ['batch-results/0c1d/SUCCEEDED_0.json'] }),
      'batch-results/0c1d/SUCCEEDED_0.json': [
        ...labels.map((label, index) => labelled(`${index}.png`, label)),
        labelled('again.png', 'tabby, tabby cat'),
        labelled('twice.png', 'é "quoted" \\ label'),
        labelled('thrice.png', 'tabby, tabby cat'),
      ],
    });

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(Object.entries(summary.classified_by_label).slice(0, 3)).toStrictEqual([
      ['tabby, tabby cat', 3],
      ['é "quoted" \\ label', 2],
      ['class 0', 1],
    ]);
    expect(Object.keys(summary.classified_by_label)).toHaveLength(MAX_LABEL_GROUPS);
    expect(summary.other_labels).toBe(2);
  });

  it('writes the failed and pending images beside the results as S3 listing items, for a batch to run again', async () => {
    serve({
      'batch-results/0c1d/manifest.json': manifest({
        FAILED: ['batch-results/0c1d/FAILED_0.json'],
        PENDING: ['batch-results/0c1d/PENDING_0.json'],
        SUCCEEDED: ['batch-results/0c1d/SUCCEEDED_0.json'],
      }),
      'batch-results/0c1d/SUCCEEDED_0.json': [child('ok.png', 'SUCCEEDED')],
      'batch-results/0c1d/FAILED_0.json': [child('d.png', 'FAILED', 'ServiceUnavailable'), child('é "quoted".png', 'FAILED', 'ModelError')],
      'batch-results/0c1d/PENDING_0.json': [child('p.png', 'PENDING')],
    });
    s3Mock.on(PutObjectCommand).resolves({});

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(summary).toMatchObject({ failed: 2, pending: 1, failed_manifest: `s3://images/${FAILED_MANIFEST_KEY}` });
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'images',
      Key: FAILED_MANIFEST_KEY,
      ContentType: 'application/json',
    });
    expect(writtenManifest()).toStrictEqual([
      { Key: 'd.png', Etag: etagOf('d.png') },
      { Key: 'é "quoted".png', Etag: etagOf('é "quoted".png') },
      { Key: 'p.png', Etag: etagOf('p.png') },
    ]);
  });

  it('lists an image without an Etag when its input named none, and leaves out a child whose input names no key', async () => {
    serve({
      'batch-results/0c1d/manifest.json': manifest({ FAILED: ['f.json'] }),
      'f.json': [
        { Status: 'FAILED', Error: 'InvalidImage', Input: JSON.stringify({ s3_bucket: 'images', s3_key: 'no-etag.png' }) },
        { Status: 'FAILED', Error: 'States.Runtime', Input: '{}' },
      ],
    });
    s3Mock.on(PutObjectCommand).resolves({});

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(summary).toMatchObject({
      failed: 2,
      failures_by_error: {
        InvalidImage: { count: 1, examples: ['no-etag.png'] },
        'States.Runtime': { count: 1, examples: ['(no s3_key recorded)'] },
      },
    });
    expect(writtenManifest()).toStrictEqual([{ Key: 'no-etag.png' }]);
  });

  it.each(['ImageSuperseded', 'ImageChanged'])(
    'lists an image that failed with %s without its old Etag, so a run again reads its new content',
    async (error) => {
      serve({
        'batch-results/0c1d/manifest.json': manifest({ FAILED: ['f.json'] }),
        'f.json': [child('replaced.png', 'FAILED', error), child('d.png', 'FAILED', 'ModelError')],
      });
      s3Mock.on(PutObjectCommand).resolves({});

      await summarizeBatchResults(EVENT, { s3 });

      expect(writtenManifest()).toStrictEqual([{ Key: 'replaced.png' }, { Key: 'd.png', Etag: etagOf('d.png') }]);
    },
  );

  it('writes no manifest, and says so with null, when every image was classified', async () => {
    serve({
      'batch-results/0c1d/manifest.json': manifest({ SUCCEEDED: ['s.json'] }),
      's.json': [child('a.png', 'SUCCEEDED')],
    });

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(summary).toMatchObject({ total: 1, succeeded: 1, failed: 0, pending: 0, failed_manifest: null });
    expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  });

  it('counts the keys a child skipped as not images apart, never as images or failures', async () => {
    serve({
      'batch-results/0c1d/manifest.json': manifest({ SUCCEEDED: ['s.json'] }),
      's.json': [
        child('a.png', 'SUCCEEDED'),
        skippedChild('batch-results/0c1d/manifest.json'),
        skippedChild('notes.txt'),
        // Outputs that hold the word without skipping.
        child('skipped.png', 'SUCCEEDED', undefined, { s3_key: 'skipped.png', skipped: false, inferences: [0.5, 0.5] }),
        child('b.png', 'SUCCEEDED', undefined, { s3_key: 'b.png', note: '"skipped"', inferences: [0.5, 0.5] }),
      ],
    });

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(summary).toMatchObject({ total: 3, succeeded: 3, failed: 0, skipped: 2, failed_manifest: null });
  });

  it('keeps its output bounded: a few examples per error, a capped number of error names', async () => {
    const failures = Array.from({ length: 30 }, (_, group) =>
      Array.from({ length: 10 }, (__, index) =>
        child(`${'k'.repeat(400)}-${group}-${index}.png`, 'FAILED', `Error${String(group).padStart(2, '0')}`),
      ),
    ).flat();
    serve({ 'batch-results/0c1d/manifest.json': manifest({ FAILED: ['f.json'] }), 'f.json': failures }, 4096);
    s3Mock.on(PutObjectCommand).resolves({});

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(Object.keys(summary.failures_by_error)).toHaveLength(MAX_ERROR_GROUPS);
    expect(summary.other_errors).toBe(100);
    expect(
      Object.values(summary.failures_by_error).every(
        (group) => group.examples.length === MAX_EXAMPLES_PER_ERROR && group.examples.every((key) => key.length <= 256),
      ),
    ).toBe(true);
    expect(JSON.stringify(summary).length).toBeLessThan(64 * 1024);
    expect(writtenManifest()).toHaveLength(300);
  });

  it('writes a manifest larger than a 5 MiB part as a multipart upload', async () => {
    const failures = Array.from({ length: 6_000 }, (_, index) =>
      child(`${'x'.repeat(1_000)}/${index}.png`, 'FAILED', 'ServiceUnavailable'),
    );
    serve({ 'batch-results/0c1d/manifest.json': manifest({ FAILED: ['f.json'] }), 'f.json': failures }, 64 * 1024);
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3Mock.on(UploadPartCommand).callsFake(({ PartNumber }: { PartNumber: number }) => ({ ETag: `"part-${PartNumber}"` }));
    s3Mock.on(CompleteMultipartUploadCommand).resolves({});

    const summary = await summarizeBatchResults(EVENT, { s3 });

    expect(summary.failed).toBe(6_000);
    expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 0);
    expect(s3Mock.commandCalls(UploadPartCommand).length).toBeGreaterThan(1);
    expect(s3Mock).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
      Bucket: 'images',
      Key: FAILED_MANIFEST_KEY,
      UploadId: 'upload-1',
    });
    const manifestItems = writtenManifest() as { Key: string }[];
    expect(manifestItems).toHaveLength(6_000);
    expect(manifestItems[5_999]).toStrictEqual({ Key: `${'x'.repeat(1_000)}/5999.png`, Etag: etagOf(`${'x'.repeat(1_000)}/5999.png`) });
  });

  it('throws InvalidInput for anything but a ResultWriter output', async () => {
    await expect(summarizeBatchResults({ MapRunArn: MAP_RUN }, { s3 })).rejects.toStrictEqual(
      new InvalidInput(
        `Expected a Distributed Map's ResultWriter output {MapRunArn, ResultWriterDetails: {Bucket, Key}}, or {ResultWriterDetails: {Bucket, Prefix}} for a Map Run that stopped, got: {"MapRunArn":"${MAP_RUN}"}`,
      ),
    );
  });

  it('throws InvalidInput naming a result file that is not a JSON array of results', async () => {
    serve({ 'batch-results/0c1d/manifest.json': manifest({ SUCCEEDED: ['s.json'] }), 's.json': '{"not": "a list"}' });

    await expect(summarizeBatchResults(EVENT, { s3 })).rejects.toStrictEqual(
      new InvalidInput('Result file s3://images/s.json is not a JSON array: it starts with "{", not "["'),
    );
  });

  it('throws InvalidInput naming a result file that holds something else than results', async () => {
    serve({ 'batch-results/0c1d/manifest.json': manifest({ SUCCEEDED: ['s.json'] }), 's.json': '[42]' });

    await expect(summarizeBatchResults(EVENT, { s3 })).rejects.toStrictEqual(
      new InvalidInput("Result file s3://images/s.json holds 42 where a child execution's result belongs"),
    );
  });

  it('lets S3 errors through with their own names, reading and writing', async () => {
    serve({});

    await expect(summarizeBatchResults(EVENT, { s3 })).rejects.toMatchObject({ name: 'NoSuchKey' });

    serve({ 'batch-results/0c1d/manifest.json': manifest({ FAILED: ['f.json'] }), 'f.json': [child('d.png', 'FAILED', 'InvalidImage')] });
    s3Mock.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));

    await expect(summarizeBatchResults(EVENT, { s3 })).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
