import { createHash } from 'node:crypto';
import { objectCreatedEvent } from '../../local/eventbridge';
import { startOfflinePipeline } from '../../local/offline-pipeline';
import type { OfflinePipeline, PipelineFaults } from '../../local/offline-pipeline';
import { fixtureImage } from '../helpers/fixtures';
import { synthesizedStack } from '../helpers/shared-synthesis';

const BUCKET = 'images';
const TF_VARS = {
  notification_email: 'ops@example.com',
  endpoint_name: 'image-classification-2026',
  image_bucket: BUCKET,
  image_key_prefix: 'incoming/',
};
const IMAGE = fixtureImage('bicycle.png');
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
/** Every image scores above the threshold: only the faults can fail one. */
const CONFIDENT = () => ({ scores: [0.02, 0.98] });
/** The functions try a call 6 times themselves: 8 failed attempts need the state machine's retry as well. */
const BEYOND_THE_FUNCTION = 8;

/**
 * Transient faults through the synthesized artifacts: a request fails a fixed number of times, then
 * succeeds. Each kind must end with the image classified and one email; one that outlasts every
 * retry ends in one readable failure email naming it.
 */
async function withPipeline(
  workflowType: 'STANDARD' | 'EXPRESS',
  faults: PipelineFaults,
  use: (pipeline: OfflinePipeline) => Promise<void>,
) {
  const { stackDir } = synthesizedStack(workflowType === 'EXPRESS' ? { context: { workflowType: 'EXPRESS' } } : {});
  const pipeline = await startOfflinePipeline({ stackDir, variables: TF_VARS, endpoint: CONFIDENT, faults });
  try {
    await use(pipeline);
  } finally {
    await pipeline.stop();
  }
}

async function deliverUpload(pipeline: OfflinePipeline, key: string) {
  pipeline.s3.put(BUCKET, key, { bytes: IMAGE });
  const delivery = await pipeline.deliver(
    objectCreatedEvent({ bucket: BUCKET, key, size: IMAGE.length, etag: md5(IMAGE), sequencer: '0062E99A88DC4074B0', id: `event-${key}` }),
  );
  if (!delivery.matched) throw new Error(`the trigger did not match ${key}`);
  return delivery.execution;
}

const FAULTS: readonly [string, (attempts: number) => PipelineFaults][] = [
  ['SageMaker ThrottlingException', (failFirst) => ({ endpoint: { kinds: ['ThrottlingException'], failFirst } })],
  ['SageMaker ServiceUnavailable (503)', (failFirst) => ({ endpoint: { kinds: ['ServiceUnavailable'], failFirst } })],
  ['SageMaker InternalFailure (500)', (failFirst) => ({ endpoint: { kinds: ['InternalFailure'], failFirst } })],
  ['SageMaker ModelNotReadyException', (failFirst) => ({ endpoint: { kinds: ['ModelNotReadyException'], failFirst } })],
  ['S3 SlowDown on GetObject', (failFirst) => ({ s3: { kinds: ['SlowDown'], failFirst, operations: ['GetObject'] } })],
  ['Lambda TooManyRequestsException', (failFirst) => ({ lambda: { failFirst } })],
];

describe('transient faults, through the synthesized artifacts', () => {
  describe.each(['STANDARD', 'EXPRESS'] as const)('a %s per-image execution', (workflowType) => {
    it.each(FAULTS)('classifies the image and sends one success email when %s fails each request 3 times', async (_, faults) => {
      await withPipeline(workflowType, faults(3), async (pipeline) => {
        const execution = await deliverUpload(pipeline, 'incoming/faulty.png');

        expect(execution.status).toBe('SUCCEEDED');
        expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification succeeded']);
        const report = pipeline.faultReport();
        expect([report.s3, report.endpoint, report.lambda].reduce((sum, kind) => sum + (kind?.injected ?? 0), 0)).toBeGreaterThanOrEqual(3);
      });
    });
  });

  it('retries in the STANDARD state machine what the function could not absorb (8 throttled endpoint calls in a row)', async () => {
    await withPipeline('STANDARD', { endpoint: { kinds: ['ThrottlingException'], failFirst: BEYOND_THE_FUNCTION } }, async (pipeline) => {
      const execution = await deliverUpload(pipeline, 'incoming/throttled.png');

      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.events.filter((event) => event.type === 'StateRetried').length).toBeGreaterThanOrEqual(1);
      expect(execution.published).toHaveLength(1);
    });
  });

  it('ends a fault that outlasts every retry in one failure email naming it', async () => {
    await withPipeline('STANDARD', { endpoint: { kinds: ['ServiceUnavailable'], failFirst: 1_000 } }, async (pipeline) => {
      const execution = await deliverUpload(pipeline, 'incoming/down.png');

      expect(execution).toMatchObject({ status: 'FAILED', error: 'ServiceUnavailable' });
      expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification failed']);
      expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ error: 'ServiceUnavailable', s3_key: 'incoming/down.png' });
    });
  });

  it.each(FAULTS)('classifies every image of a batch, with one summary, when %s fails each request 3 times', async (_, faults) => {
    await withPipeline('STANDARD', faults(3), async (pipeline) => {
      for (const name of ['a', 'b', 'c']) pipeline.s3.put(BUCKET, `incoming/batch-faults/${name}.png`, { bytes: IMAGE });

      const execution = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: 'incoming/batch-faults/' });

      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.published).toHaveLength(1);
      expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ status: 'finished', total: 3, succeeded: 3, failed: 0 });
    });
  });
});
