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
 * retry ends in one readable failure email naming it. One pipeline per workflow type serves its
 * tests, as warm Lambda containers serve one deployment's executions: each test sets its own faults
 * (its fault report starting again) and uploads its own keys.
 */
function startedPipeline(workflowType: 'STANDARD' | 'EXPRESS'): () => OfflinePipeline {
  let pipeline: OfflinePipeline | undefined;
  beforeAll(async () => {
    const { stackDir } = synthesizedStack(workflowType === 'EXPRESS' ? { context: { workflowType: 'EXPRESS' } } : {});
    pipeline = await startOfflinePipeline({ stackDir, variables: TF_VARS, endpoint: CONFIDENT });
  }, 60_000);
  afterAll(async () => {
    await pipeline?.stop();
  });
  return () => pipeline!;
}

/** A fault kind's name as a test's own key: `SageMaker ServiceUnavailable (503)` -> `sagemaker-serviceunavailable-503`. */
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

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

/** A per-image execution through each fault kind, failing each request 3 times. */
function classifiesThroughEachFault(started: () => OfflinePipeline) {
  it.each(FAULTS)('classifies the image and sends one success email when %s fails each request 3 times', async (name, faults) => {
    const pipeline = started();
    pipeline.setFaults(faults(3));

    const execution = await deliverUpload(pipeline, `incoming/${slug(name)}.png`);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification succeeded']);
    const report = pipeline.faultReport();
    expect([report.s3, report.endpoint, report.lambda].reduce((sum, kind) => sum + (kind?.injected ?? 0), 0)).toBeGreaterThanOrEqual(3);
  });
}

describe('transient faults, through the synthesized artifacts', () => {
  describe('a STANDARD workflow', () => {
    const started = startedPipeline('STANDARD');

    describe('a per-image execution', () => {
      classifiesThroughEachFault(started);

      it('retries in the state machine what the function could not absorb (8 throttled endpoint calls in a row)', async () => {
        const pipeline = started();
        pipeline.setFaults({ endpoint: { kinds: ['ThrottlingException'], failFirst: BEYOND_THE_FUNCTION } });

        const execution = await deliverUpload(pipeline, 'incoming/throttled.png');

        expect(execution.status).toBe('SUCCEEDED');
        expect(execution.events.filter((event) => event.type === 'StateRetried').length).toBeGreaterThanOrEqual(1);
        expect(execution.published).toHaveLength(1);
        expect(pipeline.faultReport().endpoint?.injected).toBe(BEYOND_THE_FUNCTION);
      });

      it('ends a fault that outlasts every retry in one failure email naming it', async () => {
        const pipeline = started();
        pipeline.setFaults({ endpoint: { kinds: ['ServiceUnavailable'], failFirst: 1_000 } });

        const execution = await deliverUpload(pipeline, 'incoming/down.png');

        expect(execution).toMatchObject({ status: 'FAILED', error: 'ServiceUnavailable' });
        expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification failed']);
        expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ error: 'ServiceUnavailable', s3_key: 'incoming/down.png' });
      });
    });

    describe('a batch', () => {
      it.each(FAULTS)('classifies every image, with one summary, when %s fails each request 3 times', async (name, faults) => {
        const pipeline = started();
        pipeline.setFaults(faults(3));
        const prefix = `incoming/batch-faults/${slug(name)}/`;
        for (const image of ['a', 'b', 'c']) pipeline.s3.put(BUCKET, `${prefix}${image}.png`, { bytes: IMAGE });

        const execution = await pipeline.runBatch({ s3_bucket: BUCKET, s3_prefix: prefix });

        expect(execution.status).toBe('SUCCEEDED');
        expect(execution.published).toHaveLength(1);
        expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ status: 'finished', total: 3, succeeded: 3, failed: 0 });
        const report = pipeline.faultReport();
        expect([report.s3, report.endpoint, report.lambda].reduce((sum, kind) => sum + (kind?.injected ?? 0), 0)).toBeGreaterThanOrEqual(3);
      });
    });
  });

  describe('an EXPRESS workflow', () => {
    describe('a per-image execution', () => {
      classifiesThroughEachFault(startedPipeline('EXPRESS'));
    });
  });

  it('refuses endpoint faults without the stand-in endpoint, which is what answers them', async () => {
    const faults = { endpoint: { kinds: ['ThrottlingException'], failFirst: 1 } } as const;

    await expect(startOfflinePipeline({ stackDir: synthesizedStack().stackDir, variables: TF_VARS, faults })).rejects.toThrow(
      'Endpoint faults need the stand-in endpoint (the `endpoint` option): the functions call a real one',
    );
  });
});
