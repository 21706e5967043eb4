import type { OfflinePipeline } from '../../local/offline-pipeline';
import type { TerraformVariableName } from '../../contract/variables';
import { fixtureImage } from '../helpers/fixtures';
import { startSynthesizedPipeline } from '../helpers/pipeline';

const BUCKET = 'images';
const ENDPOINT = 'image-classification-2026';
const TF_VARS = { notification_email: 'ops@example.com', endpoint_name: ENDPOINT, image_bucket: BUCKET, image_key_prefix: 'test/' };
const IMAGES = { 'bicycle.png': fixtureImage('bicycle.png'), 'landscape.png': fixtureImage('landscape.png') };
const NOT_AN_IMAGE = { 'broken.png': Buffer.from('not a png at all') };
const SCORES: Readonly<Record<string, readonly number[]>> = { 'bicycle.png': [0.0213, 0.9787], 'landscape.png': [0.41, 0.59] };

const resultKey = (imageKey: string) => `classification-results/images/${imageKey}.json`;

/**
 * One pipeline serves the suite, each image of IMAGES answered with its SCORES; each describe applies
 * its own variables to it, as `terraform apply` reconfigures a deployment, and puts the images under
 * a folder of its own, so that every result object a test reads was written by its own executions.
 */
describe('result objects and notify_on through the synthesized artifacts', () => {
  let pipeline: OfflinePipeline;

  beforeAll(async () => {
    const byBytes = new Map(Object.entries(IMAGES).map(([name, bytes]) => [bytes.toString('base64'), SCORES[name]!]));
    pipeline = await startSynthesizedPipeline({
      variables: TF_VARS,
      endpoint: ({ image }) => ({ scores: [...(byBytes.get(Buffer.from(image).toString('base64')) ?? [0.5, 0.5])] }),
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  /** Before the enclosing describe's tests: applies `variables` and puts the images under `test/<folder>/`; the keys there, by image name. */
  function configured(variables: Partial<Record<TerraformVariableName, string>>, folder: string): (name: string) => string {
    const key = (name: string) => `test/${folder}/${name}`;
    beforeAll(async () => {
      await pipeline.apply({ ...TF_VARS, ...variables });
      for (const [name, bytes] of Object.entries({ ...IMAGES, ...NOT_AN_IMAGE }))
        pipeline.s3.put(BUCKET, key(name), { bytes, contentType: 'image/png' });
    });
    return key;
  }

  function resultObject(key: string): Record<string, unknown> | undefined {
    const stored = pipeline.s3.get(BUCKET, resultKey(key));
    return stored === undefined ? undefined : (JSON.parse(Buffer.from(stored.bytes).toString('utf8')) as Record<string, unknown>);
  }

  describe('notify_on all (the default)', () => {
    const key = configured({}, 'all');

    it('writes one object per outcome of the per-image workflow, beside one email each', async () => {
      const passed = await pipeline.run({ s3_bucket: BUCKET, s3_key: key('bicycle.png') }, { executionName: 'bicycle' });
      const below = await pipeline.run({ s3_bucket: BUCKET, s3_key: key('landscape.png') }, { executionName: 'landscape' });
      const failed = await pipeline.run({ s3_bucket: BUCKET, s3_key: key('broken.png') }, { executionName: 'broken' });

      expect([passed, below, failed].map(({ published }) => published.length)).toStrictEqual([1, 1, 1]);
      expect(JSON.parse(passed.published[0]!.message)).toMatchObject({ classification: 'class 1 (97.87%)', label: 'class 1' });
      expect(resultObject(key('bicycle.png'))).toStrictEqual({
        verdict: 'passed',
        label: 'class 1',
        score: 0.9787,
        s3_bucket: BUCKET,
        s3_key: key('bicycle.png'),
        s3_etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
        endpoint: ENDPOINT,
        execution: expect.stringMatching(/:bicycle$/),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        scores: [0.0213, 0.9787],
      });
      expect(resultObject(key('landscape.png'))).toMatchObject({
        verdict: 'below_threshold',
        label: 'class 1',
        score: 0.59,
        error: 'ThresholdConfidenceNotMet',
        message: expect.stringContaining("Top label 'class 1' scored 0.59, below the confidence threshold 0.93"),
      });
      expect(resultObject(key('broken.png'))).toMatchObject({
        verdict: 'failed',
        s3_key: key('broken.png'),
        error: 'InvalidImage',
        endpoint: ENDPOINT,
      });
    });

    it('writes the same objects from a batch, and counts its images by label in the summary', async () => {
      // Each image's result object already there (as the test above leaves them): the batch replaces them and adds none.
      for (const name of Object.keys({ ...IMAGES, ...NOT_AN_IMAGE }))
        pipeline.s3.put(BUCKET, resultKey(key(name)), { bytes: Buffer.from('{}') });
      const before = pipeline.s3.list(BUCKET, 'classification-results/').length;

      const batch = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: key('') }, { executionName: 'batch-results' });

      expect(batch.status).toBe('SUCCEEDED');
      expect(pipeline.s3.list(BUCKET, 'classification-results/')).toHaveLength(before);
      expect(resultObject(key('bicycle.png'))).toMatchObject({
        verdict: 'passed',
        label: 'class 1',
        execution: expect.stringContaining('batch'),
      });
      expect(resultObject(key('landscape.png'))).toMatchObject({ verdict: 'below_threshold', score: 0.59 });
      expect(resultObject(key('broken.png'))).toMatchObject({ verdict: 'failed', error: 'InvalidImage' });
      expect(batch.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch finished']);
      expect(JSON.parse(batch.published[0]!.message)).toMatchObject({ succeeded: 1, failed: 2, classified_by_label: { 'class 1': 1 } });
    });
  });

  describe('notify_on failures', () => {
    const key = configured({ notify_on: 'failures' }, 'failures');

    it('sends no success email but writes the result; a failure and a batch summary are still sent', async () => {
      const passed = await pipeline.run({ s3_bucket: BUCKET, s3_key: key('bicycle.png') }, { executionName: 'quiet' });
      const below = await pipeline.run({ s3_bucket: BUCKET, s3_key: key('landscape.png') }, { executionName: 'told' });
      const batch = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: key('') }, { executionName: 'failures-batch' });

      expect(passed).toMatchObject({ status: 'SUCCEEDED', published: [] });
      expect(resultObject(key('bicycle.png'))).toMatchObject({ verdict: 'passed' });
      expect(below.published.map(({ subject }) => subject)).toStrictEqual(['Image classification failed']);
      expect(batch.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch finished']);
    });
  });

  describe('notify_on none', () => {
    const key = configured({ notify_on: 'none' }, 'none');

    it('emails nobody, writes every result, and still fails the execution of a failed image', async () => {
      const below = await pipeline.run({ s3_bucket: BUCKET, s3_key: key('landscape.png') }, { executionName: 'unreported' });
      const batch = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: key('') }, { executionName: 'none-batch' });

      expect(below).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet', published: [] });
      expect(batch).toMatchObject({ status: 'SUCCEEDED', published: [] });
      expect(resultObject(key('bicycle.png'))).toMatchObject({ verdict: 'passed' });
    });
  });
});
