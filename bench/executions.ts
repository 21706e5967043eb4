import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../infra/app';
import { findProjectRoot } from '../infra/project-root';
import { startOfflinePipeline } from '../local/offline-pipeline';
import { formatMs, percentile } from './stats';

const BATCH = 200;
const CONCURRENCY = 8;
const BUCKET = 'bench-images';

/** Offline executions through the artifact path: handlers from the zips in their own processes, local S3 and endpoint. */
async function benchExecutions(): Promise<void> {
  const projectDir = findProjectRoot();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-executions-'));
  const { stackDir } = synthesize(projectDir, { outdir: join(workDir, 'cdktf.out'), hclOutput: false, env: {} });
  const pipeline = await startOfflinePipeline({
    stackDir,
    variables: { notification_email: 'bench@example.invalid', endpoint_name: 'bench', image_bucket: BUCKET },
    endpoint: () => ({ scores: [0.02, 0.98] }),
  });
  const imagesDir = join(projectDir, 'fixtures', 'images');
  const samples = readdirSync(imagesDir).map((name) => readFileSync(join(imagesDir, name)));
  for (let index = 0; index < BATCH; index++) pipeline.s3.put(BUCKET, `batch/${index}.img`, { bytes: samples[index % samples.length]! });

  try {
    const latencies: number[] = [];
    let next = 0;
    let failed = 0;
    const worker = async () => {
      for (let index = next++; index < BATCH; index = next++) {
        const started = performance.now();
        const execution = await pipeline.run({ s3_bucket: BUCKET, s3_key: `batch/${index}.img` });
        latencies.push(performance.now() - started);
        if (execution.status !== 'SUCCEEDED') failed++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(`Offline executions (artifact path: zips in child processes, local S3 and stand-in endpoint; ${CONCURRENCY} in flight)`);
    console.log(`  ${BATCH} executions in ${seconds.toFixed(2)} s: ${(BATCH / seconds).toFixed(1)} executions/s, ${failed} failed`);
    console.log(`  one execution: p50 ${formatMs(percentile(latencies, 50))}, p95 ${formatMs(percentile(latencies, 95))}`);
  } finally {
    await pipeline.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

export { benchExecutions };
