import type { OfflinePipeline } from '../../local/offline-pipeline';
import type { TerraformVariableName } from '../../contract/variables';
import { fixtureImage } from '../helpers/fixtures';
import { startSynthesizedPipeline } from '../helpers/pipeline';

const BUCKET = 'images';
const ENDPOINT = 'image-classification-2026';
const TF_VARS = { notification_email: 'ops@example.com', endpoint_name: ENDPOINT, image_bucket: BUCKET, image_key_prefix: 'test/' };
const IMAGES = { 'test/bicycle.png': fixtureImage('bicycle.png'), 'test/landscape.png': fixtureImage('landscape.png') };
const NOT_AN_IMAGE = { 'test/broken.png': Buffer.from('not a png at all') };
const SCORES: Readonly<Record<string, readonly number[]>> = { 'test/bicycle.png': [0.0213, 0.9787], 'test/landscape.png': [0.41, 0.59] };

/** The synthesized stack offline with `variables`, each image of IMAGES answered with its SCORES. */
async function pipelineWith(variables: Partial<Record<TerraformVariableName, string>>): Promise<OfflinePipeline> {
  const byBytes = new Map(Object.entries(IMAGES).map(([key, bytes]) => [bytes.toString('base64'), SCORES[key]!]));
  const pipeline = await startSynthesizedPipeline({
    variables: { ...TF_VARS, ...variables },
    endpoint: ({ image }) => ({ scores: [...(byBytes.get(Buffer.from(image).toString('base64')) ?? [0.5, 0.5])] }),
  });
  for (const [key, bytes] of Object.entries({ ...IMAGES, ...NOT_AN_IMAGE }))
    pipeline.s3.put(BUCKET, key, { bytes, contentType: 'image/png' });
  return pipeline;
}

function resultObject(pipeline: OfflinePipeline, key: string): Record<string, unknown> | undefined {
  const stored = pipeline.s3.get(BUCKET, key);
  return stored === undefined ? undefined : (JSON.parse(Buffer.from(stored.bytes).toString('utf8')) as Record<string, unknown>);
}

/** The pipeline with `variables`, started before the tests of the enclosing describe and stopped after them. */
function startedPipeline(variables: Partial<Record<TerraformVariableName, string>>): () => OfflinePipeline {
  let pipeline: OfflinePipeline | undefined;
  beforeAll(async () => {
    pipeline = await pipelineWith(variables);
  }, 60_000);
  afterAll(async () => {
    await pipeline?.stop();
  });
  return () => pipeline!;
}

const resultKey = (imageKey: string) => `classification-results/images/${imageKey}.json`;

describe('result objects and notify_on through the synthesized artifacts', () => {
  describe('notify_on all (the default)', () => {
    const started = startedPipeline({});

    it('writes one object per outcome of the per-image workflow, beside one email each', async () => {
      const pipeline = started();
      const passed = await pipeline.run({ s3_bucket: BUCKET, s3_key: 'test/bicycle.png' }, { executionName: 'bicycle' });
      const below = await pipeline.run({ s3_bucket: BUCKET, s3_key: 'test/landscape.png' }, { executionName: 'landscape' });
      const failed = await pipeline.run({ s3_bucket: BUCKET, s3_key: 'test/broken.png' }, { executionName: 'broken' });

      expect([passed, below, failed].map(({ published }) => published.length)).toStrictEqual([1, 1, 1]);
      expect(JSON.parse(passed.published[0]!.message)).toMatchObject({ classification: 'class 1 (97.87%)', label: 'class 1' });
      expect(resultObject(pipeline, resultKey('test/bicycle.png'))).toStrictEqual({
        verdict: 'passed',
        label: 'class 1',
        score: 0.9787,
        s3_bucket: BUCKET,
        s3_key: 'test/bicycle.png',
        s3_etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
        endpoint: ENDPOINT,
        execution: expect.stringMatching(/:bicycle$/),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        scores: [0.0213, 0.9787],
      });
      expect(resultObject(pipeline, resultKey('test/landscape.png'))).toMatchObject({
        verdict: 'below_threshold',
        label: 'class 1',
        score: 0.59,
        error: 'ThresholdConfidenceNotMet',
        message: expect.stringContaining("Top label 'class 1' scored 0.59, below the confidence threshold 0.93"),
      });
      expect(resultObject(pipeline, resultKey('test/broken.png'))).toMatchObject({
        verdict: 'failed',
        s3_key: 'test/broken.png',
        error: 'InvalidImage',
        endpoint: ENDPOINT,
      });
    });

    it('writes the same objects from a batch, and counts its images by label in the summary', async () => {
      const pipeline = started();
      const before = pipeline.s3.list(BUCKET, 'classification-results/').length;
      for (const key of Object.keys({ ...IMAGES, ...NOT_AN_IMAGE })) pipeline.s3.put(BUCKET, resultKey(key), { bytes: Buffer.from('{}') });

      const batch = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: 'test/' }, { executionName: 'batch-results' });

      expect(batch.status).toBe('SUCCEEDED');
      expect(pipeline.s3.list(BUCKET, 'classification-results/')).toHaveLength(before);
      expect(resultObject(pipeline, resultKey('test/bicycle.png'))).toMatchObject({
        verdict: 'passed',
        label: 'class 1',
        execution: expect.stringContaining('batch'),
      });
      expect(resultObject(pipeline, resultKey('test/landscape.png'))).toMatchObject({ verdict: 'below_threshold', score: 0.59 });
      expect(resultObject(pipeline, resultKey('test/broken.png'))).toMatchObject({ verdict: 'failed', error: 'InvalidImage' });
      expect(batch.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch finished']);
      expect(JSON.parse(batch.published[0]!.message)).toMatchObject({ succeeded: 1, failed: 2, classified_by_label: { 'class 1': 1 } });
    });
  });

  describe('notify_on failures', () => {
    const started = startedPipeline({ notify_on: 'failures' });

    it('sends no success email but writes the result; a failure and a batch summary are still sent', async () => {
      const pipeline = started();
      const passed = await pipeline.run({ s3_bucket: BUCKET, s3_key: 'test/bicycle.png' }, { executionName: 'quiet' });
      const below = await pipeline.run({ s3_bucket: BUCKET, s3_key: 'test/landscape.png' }, { executionName: 'told' });
      const batch = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: 'test/' });

      expect(passed).toMatchObject({ status: 'SUCCEEDED', published: [] });
      expect(resultObject(pipeline, resultKey('test/bicycle.png'))).toMatchObject({ verdict: 'passed' });
      expect(below.published.map(({ subject }) => subject)).toStrictEqual(['Image classification failed']);
      expect(batch.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch finished']);
    });
  });

  describe('notify_on none', () => {
    const started = startedPipeline({ notify_on: 'none' });

    it('emails nobody, writes every result, and still fails the execution of a failed image', async () => {
      const pipeline = started();
      const below = await pipeline.run({ s3_bucket: BUCKET, s3_key: 'test/landscape.png' });
      const batch = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: 'test/' });

      expect(below).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet', published: [] });
      expect(batch).toMatchObject({ status: 'SUCCEEDED', published: [] });
      expect(resultObject(pipeline, resultKey('test/bicycle.png'))).toMatchObject({ verdict: 'passed' });
    });
  });
});
