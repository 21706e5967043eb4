import { BENCH_BUCKET, sampleImages, withBenchPipeline } from './bench-pipeline';
import { formatMs, percentile } from './stats';

const BATCH = 200;
const CONCURRENCY = 8;

/** Offline executions through the artifact path: handlers from the zips in their own processes, local S3 and endpoint. */
async function benchExecutions(): Promise<void> {
  await withBenchPipeline('executions', {}, async ({ pipeline, projectDir }) => {
    const samples = sampleImages(projectDir);
    for (let index = 0; index < BATCH; index++)
      pipeline.s3.put(BENCH_BUCKET, `batch/${index}.img`, { bytes: samples[index % samples.length]! });
    // The functions start their first container on their first invocation: one execution first, as before the measured ones.
    pipeline.s3.put(BENCH_BUCKET, 'warm-up.img', { bytes: samples[0]! });
    await pipeline.run({ s3_bucket: BENCH_BUCKET, s3_key: 'warm-up.img' });

    const latencies: number[] = [];
    let next = 0;
    let failed = 0;
    const worker = async () => {
      for (let index = next++; index < BATCH; index = next++) {
        const started = performance.now();
        const execution = await pipeline.run({ s3_bucket: BENCH_BUCKET, s3_key: `batch/${index}.img` });
        latencies.push(performance.now() - started);
        if (execution.status !== 'SUCCEEDED') failed++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Offline executions (artifact path: zips in child processes, local S3 and stand-in endpoint; ${CONCURRENCY} in flight, after one warm-up execution)`,
    );
    console.log(`  ${BATCH} executions in ${seconds.toFixed(2)} s: ${(BATCH / seconds).toFixed(1)} executions/s, ${failed} failed`);
    console.log(`  one execution: p50 ${formatMs(percentile(latencies, 50))}, p95 ${formatMs(percentile(latencies, 95))}`);
  });
}

export { benchExecutions };
