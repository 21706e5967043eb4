import type { PipelineFaults } from '../local/offline-pipeline';
import { BENCH_BUCKET, sampleImages, withBenchPipeline } from './bench-pipeline';

const OBJECTS = Number(process.env.BENCH_FAULT_OBJECTS ?? 10_000);
const SHARE = 0.3;
const MAX_CONCURRENCY = 64;

/** Each fault kind on its own: 30% of the requests of one kind fail, seeded, with the services' own error shapes. */
const FAULT_RUNS: readonly (readonly [string, PipelineFaults])[] = [
  ['SageMaker ThrottlingException', { endpoint: { kinds: ['ThrottlingException'], share: SHARE, seed: 1 } }],
  ['SageMaker ServiceUnavailable (503)', { endpoint: { kinds: ['ServiceUnavailable'], share: SHARE, seed: 2 } }],
  ['SageMaker InternalFailure (500)', { endpoint: { kinds: ['InternalFailure'], share: SHARE, seed: 3 } }],
  ['S3 SlowDown on GetObject', { s3: { kinds: ['SlowDown'], share: SHARE, seed: 4, operations: ['GetObject'] } }],
  ['Lambda TooManyRequestsException', { lambda: { share: SHARE, seed: 5 } }],
];

/**
 * The batch under injected faults: OBJECTS images through the synthesized batch state machine and the
 * real zips, 30% of one kind of request failing per run. Target: no image fails because of a transient fault.
 */
async function benchFaults(): Promise<void> {
  console.log(`Batch under faults (${OBJECTS} images each run, 30% of one kind of request failing, seeded)`);
  for (const [label, faults] of FAULT_RUNS) {
    await withBenchPipeline(
      'faults',
      { batch_max_concurrency: MAX_CONCURRENCY },
      async ({ pipeline, projectDir }) => {
        const samples = sampleImages(projectDir);
        for (let index = 0; index < OBJECTS; index++)
          pipeline.s3.put(BENCH_BUCKET, `faults/${String(index).padStart(5, '0')}.png`, { bytes: samples[index % samples.length]! });
        const started = performance.now();
        const execution = await pipeline.runBatch({ s3_bucket: BENCH_BUCKET, s3_prefix: 'faults/' }, { concurrencyCap: MAX_CONCURRENCY });
        const seconds = (performance.now() - started) / 1000;
        const summary = JSON.parse(execution.published[0]?.message ?? '{}') as { succeeded?: number; failed?: number };
        const report = pipeline.faultReport();
        const injected = (report.endpoint?.injected ?? 0) + report.s3.injected + (report.lambda?.injected ?? 0);
        console.log(
          `  ${label}: ${summary.succeeded} classified, ${summary.failed} failed, ${injected} faults injected, ${seconds.toFixed(1)} s (${execution.status})`,
        );
      },
      { faults },
    );
  }
}

export { benchFaults };
