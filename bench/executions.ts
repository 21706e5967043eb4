import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../infra/app';
import { findProjectRoot } from '../infra/project-root';
import { localAwsEnvironment } from '../local/local-aws-environment';
import { startLocalS3 } from '../local/local-s3';
import { createLocalWorkflow } from '../local/run-workflow';
import { startStandInEndpoint } from '../local/stand-in-endpoint';
import { readSynthesizedWorkflow, startArtifactFunctions } from '../local/synthesized-workflow';
import { formatMs, percentile } from './stats';

const BATCH = 200;
const CONCURRENCY = 8;
const BUCKET = 'bench-images';

/** Offline executions through the artifact path: handlers from the zips in their own processes, local S3 and endpoint. */
async function benchExecutions(): Promise<void> {
  const projectDir = findProjectRoot();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-executions-'));
  const s3 = await startLocalS3();
  const endpoint = await startStandInEndpoint(() => ({ scores: [0.02, 0.98] }));
  const imagesDir = join(projectDir, 'fixtures', 'images');
  const samples = readdirSync(imagesDir).map((name) => readFileSync(join(imagesDir, name)));
  for (let index = 0; index < BATCH; index++) s3.put(BUCKET, `batch/${index}.img`, { bytes: samples[index % samples.length]! });

  const { stackDir } = synthesize(projectDir, { outdir: join(workDir, 'cdktf.out'), hclOutput: false, env: {} });
  const workflow = readSynthesizedWorkflow(stackDir);
  const localWorkflow = createLocalWorkflow(workflow.definition);
  const functions = await startArtifactFunctions(workflow, {
    variables: { notification_email: 'bench@example.invalid', endpoint_name: 'bench', image_bucket: BUCKET },
    awsEnvironment: localAwsEnvironment({ s3: s3.url, sagemakerRuntime: endpoint.url }),
    workDir: join(workDir, 'functions'),
  });

  try {
    const latencies: number[] = [];
    let next = 0;
    let failed = 0;
    const worker = async () => {
      for (let index = next++; index < BATCH; index = next++) {
        const started = performance.now();
        const execution = await localWorkflow.run({
          functions: functions.functions,
          input: { s3_bucket: BUCKET, s3_key: `batch/${index}.img` },
        });
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
    await functions.stop();
    await Promise.all([s3.close(), endpoint.close()]);
    rmSync(workDir, { recursive: true, force: true });
  }
}

export { benchExecutions };
