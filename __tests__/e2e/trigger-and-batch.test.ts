import { createHash } from 'node:crypto';
import { REAL_TIME_ENDPOINT_MAX_BYTES } from '../../contract/variables';
import { objectCreatedEvent } from '../../local/eventbridge';
import type { OfflinePipeline } from '../../local/offline-pipeline';
import { IntegrationFailure } from '../../local/run-workflow';
import type { LocalExecution } from '../../local/run-workflow';
import type { EndpointAnswer } from '../../local/stand-in-endpoint';
import { fixtureImage } from '../helpers/fixtures';
import { padJpeg } from '../helpers/images';
import { startSynthesizedPipeline } from '../helpers/pipeline';

const BUCKET = 'images';
const ENDPOINT = 'image-classification-2026';
const TF_VARS = { notification_email: 'ops@example.com', endpoint_name: ENDPOINT, image_bucket: BUCKET, image_key_prefix: 'incoming/' };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const CONFIDENT = fixtureImage('bicycle.png');
const UNCONFIDENT = fixtureImage('landscape.png');
const LARGE_PHOTO = padJpeg(fixtureImage('motorcycle.jpg'), 2_000_000);
const TOO_LARGE = padJpeg(fixtureImage('motorcycle.jpg'), REAL_TIME_ENDPOINT_MAX_BYTES + 1);
const ANSWERS: ReadonlyMap<string, EndpointAnswer> = new Map([
  [sha256(CONFIDENT), { scores: [0.02, 0.98] }],
  [sha256(UNCONFIDENT), { scores: [0.41, 0.59] }],
]);

function statesEntered(execution: LocalExecution): string[] {
  return execution.events.filter((event) => event.type === 'StateEntered').map((event) => ('state' in event ? event.state.name : ''));
}

describe('the trigger and the batch, through the synthesized artifacts', () => {
  let pipeline: OfflinePipeline;
  /** Every log line the functions wrote, parsed. */
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    pipeline = await startSynthesizedPipeline({
      variables: TF_VARS,
      onLog: (_, line) => {
        if (line.startsWith('{')) logLines.push(JSON.parse(line) as Record<string, unknown>);
      },
      endpoint: ({ image }) => ANSWERS.get(sha256(image)) ?? { scores: [0.01, 0.99] },
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  /** Puts the object and returns S3's event for it, as EventBridge delivers it. */
  function upload(key: string, bytes: Buffer, sequencer: string, id = `event-${sequencer}`) {
    pipeline.s3.put(BUCKET, key, { bytes });
    return objectCreatedEvent({ bucket: BUCKET, key, size: bytes.length, etag: md5(bytes), sequencer, id });
  }

  describe('an S3 event for a new image', () => {
    it('starts one execution that classifies the image, its key with spaces, + and unicode intact, and notifies once', async () => {
      const key = 'incoming/red flower+1 ü 😀.png';
      const event = upload(key, CONFIDENT, '0062E99A88DC407460');

      const delivery = await pipeline.deliver(event);

      expect(delivery.matched).toBe(true);
      if (!delivery.matched) return;
      expect(delivery.input).toStrictEqual({
        s3_bucket: BUCKET,
        s3_key: key,
        s3_etag: md5(CONFIDENT),
        s3_sequencer: '0062E99A88DC407460',
        s3_version_id: '',
        source_event_id: 'event-0062E99A88DC407460',
      });
      expect(delivery.execution.status).toBe('SUCCEEDED');
      expect(delivery.execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification succeeded']);
      expect(JSON.parse(delivery.execution.published[0]!.message)).toMatchObject({
        status: 'succeeded',
        s3_key: key,
        inferences: [0.02, 0.98],
      });
    });

    it("logs the S3 event's id and the execution's name in every function's line", async () => {
      const event = upload('incoming/logged.png', CONFIDENT, '0062E99A88DC4074A0', 'b1f5c9a2-4c1e-4f7e-9d1a-2f0c3e4d5a6b');

      const delivery = await pipeline.deliver(event, { executionName: 'logged-upload' });

      expect(delivery.matched && delivery.execution.status).toBe('SUCCEEDED');
      const lines = logLines.filter((line) => line.correlationId === 'logged-upload');
      expect(lines.map(({ function: name, sourceEventId, s3_key }) => ({ name, sourceEventId, s3_key }))).toStrictEqual(
        ['serializeImageData', 'classifyImageData', 'filterInferenceData'].map((name) => ({
          name,
          sourceEventId: 'b1f5c9a2-4c1e-4f7e-9d1a-2f0c3e4d5a6b',
          s3_key: 'incoming/logged.png',
        })),
      );
    });

    it('sends one notification when the same event is delivered twice', async () => {
      const event = upload('incoming/twice.png', CONFIDENT, '0062E99A88DC407470');

      const first = await pipeline.deliver(event);
      const second = await pipeline.deliver(event);

      expect(first.matched && second.matched).toBe(true);
      if (!first.matched || !second.matched) return;
      expect([first.execution.status, second.execution.status]).toStrictEqual(['SUCCEEDED', 'SUCCEEDED']);
      expect([...first.execution.published, ...second.execution.published]).toHaveLength(1);
      expect(statesEntered(second.execution)).toStrictEqual(['Record upload', 'Upload already handled']);
    });

    it('classifies a changed upload to the same key again', async () => {
      const first = await pipeline.deliver(upload('incoming/changing.png', UNCONFIDENT, '0062E99A88DC407480'));
      const second = await pipeline.deliver(upload('incoming/changing.png', CONFIDENT, '0062E99A88DC407490'));

      expect(first.matched && second.matched).toBe(true);
      if (!first.matched || !second.matched) return;
      expect(first.execution).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet' });
      expect(second.execution.status).toBe('SUCCEEDED');
      expect([...first.execution.published, ...second.execution.published].map(({ subject }) => subject)).toStrictEqual([
        'Image classification failed',
        'Image classification succeeded',
      ]);
    });

    it.each([
      ['an image in another bucket', false, { bucket: 'other-bucket', key: 'incoming/a.png' }],
      ['an image outside the prefix', false, { bucket: BUCKET, key: 'elsewhere/a.png' }],
      ['a non-image under the prefix', false, { bucket: BUCKET, key: 'incoming/notes.txt' }],
      ['a JSON result under the prefix', false, { bucket: BUCKET, key: 'incoming/results/manifest.json' }],
      ['an upper-case .JPG under the prefix', true, { bucket: BUCKET, key: 'incoming/DSC_0001.JPG' }],
      ['a .jpeg under a nested folder', true, { bucket: BUCKET, key: 'incoming/2026/11/a b.jpeg' }],
    ])('starts on %s: %s', (_, expected, location) => {
      expect(pipeline.matchesTrigger(objectCreatedEvent({ ...location, size: 1, etag: 'e', sequencer: '01' }))).toBe(expected);
    });
  });

  describe('a batch over a prefix', () => {
    const objects = {
      'incoming/batch/confident-1.png': CONFIDENT,
      'incoming/batch/confident 2 ü.png': Buffer.concat([CONFIDENT]),
      'incoming/batch/below-threshold.png': UNCONFIDENT,
      'incoming/batch/notes.txt': Buffer.from('not an image'),
      'incoming/batch/large-photo.jpg': LARGE_PHOTO,
      'incoming/batch/too-large.jpg': TOO_LARGE,
    };

    it('ends in exactly one summary whose counts and error names match what the children did, and writes results the trigger ignores', async () => {
      for (const [key, bytes] of Object.entries(objects)) pipeline.s3.put(BUCKET, key, { bytes });
      const before = new Set(pipeline.s3.list(BUCKET).map(({ key }) => key));
      const children: { key: string; status: string; error?: string }[] = [];

      const execution = await pipeline.runBatch(
        { s3_bucket: BUCKET, s3_prefix: 'incoming/batch/' },
        {
          onChild: (child) =>
            children.push({
              key: (JSON.parse(child.Input) as { s3_key: string }).s3_key,
              status: child.Status,
              ...(child.Error ? { error: child.Error } : {}),
            }),
        },
      );

      expect(execution.status).toBe('SUCCEEDED');
      expect(children.sort((a, b) => a.key.localeCompare(b.key))).toStrictEqual([
        { key: 'incoming/batch/below-threshold.png', status: 'FAILED', error: 'ThresholdConfidenceNotMet' },
        { key: 'incoming/batch/confident 2 ü.png', status: 'SUCCEEDED' },
        { key: 'incoming/batch/confident-1.png', status: 'SUCCEEDED' },
        { key: 'incoming/batch/large-photo.jpg', status: 'SUCCEEDED' },
        { key: 'incoming/batch/notes.txt', status: 'SUCCEEDED' },
        { key: 'incoming/batch/too-large.jpg', status: 'FAILED', error: 'ImageTooLarge' },
      ]);
      expect(execution.published).toHaveLength(1);
      expect(execution.published[0]!.subject).toBe('Image classification batch finished');
      const summary = JSON.parse(execution.published[0]!.message) as Record<string, unknown>;
      const folder = `batch-results/local-batch/${execution.mapRun!.mapRunArn.split(':').at(-1)}/`;
      expect(summary).toStrictEqual({
        status: 'finished',
        s3_bucket: BUCKET,
        s3_prefix: 'incoming/batch/',
        total: 5,
        succeeded: 3,
        failed: 2,
        pending: 0,
        skipped: 1,
        failures_by_error: {
          ImageTooLarge: { count: 1, examples: ['incoming/batch/too-large.jpg'] },
          ThresholdConfidenceNotMet: { count: 1, examples: ['incoming/batch/below-threshold.png'] },
        },
        other_errors: 0,
        classified_by_label: expect.any(Object),
        other_labels: 0,
        results: `s3://${BUCKET}/${folder}`,
        failed_manifest: `s3://${BUCKET}/${folder}failed-images.json`,
        execution: expect.stringContaining(':execution:'),
      });

      const written = pipeline.s3
        .list(BUCKET)
        .map(({ key }) => key)
        .filter((key) => !before.has(key));
      expect(written.sort()).toStrictEqual([
        `${folder}FAILED_0.json`,
        `${folder}SUCCEEDED_0.json`,
        `${folder}failed-images.json`,
        `${folder}manifest.json`,
        ...['below-threshold.png', 'confident 2 ü.png', 'confident-1.png', 'large-photo.jpg', 'too-large.jpg'].map(
          (name) => `classification-results/images/incoming/batch/${name}.json`,
        ),
      ]);
      for (const key of written) {
        expect(pipeline.matchesTrigger(objectCreatedEvent({ bucket: BUCKET, key, size: 1, etag: 'e', sequencer: '01' }))).toBe(false);
      }
    }, 60_000);

    it.each([
      ['without s3_prefix', { s3_bucket: BUCKET }],
      ['without s3_bucket', { s3_prefix: 'incoming/batch/' }],
      ['that is not an object', 'x'],
      ['that is null', null],
      ['with a number for s3_prefix', { s3_bucket: BUCKET, s3_prefix: 5 }],
    ])('fails an input %s with InvalidInput and exactly one failure email saying what a batch needs', async (_, input) => {
      const execution = await pipeline.runBatch(input, { executionName: 'bad-batch-input' });

      expect(execution).toMatchObject({ status: 'FAILED', error: 'InvalidInput' });
      expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch failed']);
      expect(JSON.parse(execution.published[0]!.message)).toMatchObject({
        status: 'failed',
        error: 'InvalidInput',
        message: expect.stringContaining('{"s3_bucket": "<bucket>", "s3_prefix": "<key prefix>"}'),
        correlation_id: 'bad-batch-input',
      });
    });

    it('fails with one failure email naming the bucket and prefix when the summary task times out', async () => {
      const summarize = pipeline.workflow.functions.find(({ resourceId }) => resourceId.startsWith('summarize'))!;

      const execution = await pipeline.runBatch(
        { s3_bucket: BUCKET, s3_prefix: 'incoming/batch/' },
        {
          executionName: 'slow-summary',
          functionOverrides: {
            [`\${aws_lambda_function.${summarize.resourceId}.arn}`]: () => Promise.reject(new IntegrationFailure('States.Timeout')),
          },
        },
      );

      expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
      expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch failed']);
      expect(JSON.parse(execution.published[0]!.message)).toMatchObject({
        status: 'failed',
        error: 'States.Timeout',
        message: 'No cause was given.',
        s3_bucket: BUCKET,
        s3_prefix: 'incoming/batch/',
        correlation_id: 'slow-summary',
      });
    }, 60_000);
  });
});
