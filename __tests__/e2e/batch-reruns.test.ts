import { startOfflinePipeline } from '../../local/offline-pipeline';
import type { OfflinePipeline } from '../../local/offline-pipeline';
import { fixtureImage } from '../helpers/fixtures';
import { synthesizedStack } from '../helpers/shared-synthesis';

const BUCKET = 'images';
const IMAGE = fixtureImage('bicycle.png');
const UNCONFIDENT = fixtureImage('landscape.png');

/** A whole bucket as one batch, run again and again; a batch stopped by its tolerated failure percentage. */
describe('batches over a whole bucket, through the synthesized artifacts', () => {
  let pipeline: OfflinePipeline;

  beforeAll(async () => {
    pipeline = await startOfflinePipeline({
      stackDir: synthesizedStack().stackDir,
      variables: {
        notification_email: 'ops@example.com',
        endpoint_name: 'image-classification-2026',
        image_bucket: BUCKET,
        image_key_prefix: '',
        batch_tolerated_failure_percentage: 0,
      },
      endpoint: ({ image }) => ({ scores: Buffer.compare(image, UNCONFIDENT) === 0 ? [0.41, 0.59] : [0.02, 0.98] }),
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('reports the same counts each time, never reading its own results or other keys', async () => {
    for (const key of ['a.png', 'nested/b.JPG', 'c.jpeg', 'notes.txt']) pipeline.s3.put(BUCKET, key, { bytes: IMAGE });

    const summaries = [];
    for (const run of [1, 2, 3]) {
      const execution = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: '' }, { executionName: `whole-bucket-${run}` });
      expect(execution.status).toBe('SUCCEEDED');
      const { total, succeeded, failed, skipped } = JSON.parse(execution.published[0]!.message) as Record<string, number>;
      summaries.push({ total, succeeded, failed, skipped });
    }

    expect(summaries).toStrictEqual(Array.from({ length: 3 }, () => ({ total: 3, succeeded: 3, failed: 0, skipped: 1 })));
    expect(pipeline.s3.list(BUCKET).filter(({ key }) => key.startsWith('batch-results/')).length).toBeGreaterThan(0);
  });

  it('summarizes a batch its tolerated failure percentage stopped: the error, the results and the images never attempted', async () => {
    pipeline.s3.put(BUCKET, 'stopping/below.png', { bytes: UNCONFIDENT });
    for (const name of ['x', 'y']) pipeline.s3.put(BUCKET, `stopping/${name}.png`, { bytes: IMAGE });

    const execution = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: 'stopping/' }, { executionName: 'stopped-batch' });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification batch stopped']);
    const summary = JSON.parse(execution.published[0]!.message) as Record<string, unknown>;
    expect(summary).toMatchObject({
      status: 'stopped',
      error: 'States.ExceedToleratedFailureThreshold',
      s3_bucket: BUCKET,
      s3_prefix: 'stopping/',
      results: expect.stringMatching(/^s3:\/\/images\/batch-results\/stopped-batch\//),
    });
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(typeof summary.pending).toBe('number');
  });
});
