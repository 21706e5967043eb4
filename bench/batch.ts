import { readFileSync } from 'node:fs';
import { BENCH_BUCKET, sampleImages, withBenchPipeline } from './bench-pipeline';

const OBJECTS = Number(process.env.BENCH_BATCH_OBJECTS ?? 10_000);
const MAX_CONCURRENCY = 64;
const TARGET_IMAGES_PER_SECOND = 380;
const MEMORY_BUDGET_MB = 512;

/** Resident memory (MB) of each function process (this process's children), by function name, from /proc; empty elsewhere. */
function functionRssMb(): Map<string, number> {
  try {
    // /proc reads are cheap; spawning pgrep would block the event loop the bench measures.
    const pids = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return new Map(
      pids.flatMap((pid) => {
        const name = /offline-pipeline-\w+\/([^\0/]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
        return name === undefined
          ? []
          : [[name, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024] as const];
      }),
    );
  } catch {
    return new Map();
  }
}

/**
 * The offline batch: OBJECTS images under one prefix through the synthesized batch state machine,
 * its Distributed Map emulated in local/ (listObjectsV2 pages, MaxConcurrency children, result
 * files), each child running the real zips in their own processes against the local S3 and the
 * stand-in endpoint, then the summary function and one notification.
 */
async function benchBatch(): Promise<void> {
  await withBenchPipeline('batch', { batch_max_concurrency: MAX_CONCURRENCY }, async ({ pipeline, projectDir }) => {
    const samples = sampleImages(projectDir);
    for (let index = 0; index < OBJECTS; index++)
      pipeline.s3.put(BENCH_BUCKET, `batch/${String(index).padStart(5, '0')}.png`, { bytes: samples[index % samples.length]! });

    let peakParentMb = 0;
    const peakFunctionMb = new Map<string, number>();
    const sample = () => {
      peakParentMb = Math.max(peakParentMb, process.memoryUsage().rss / 2 ** 20);
      for (const [name, mb] of functionRssMb()) peakFunctionMb.set(name, Math.max(mb, peakFunctionMb.get(name) ?? 0));
    };
    const sampler = setInterval(sample, 500);
    try {
      const started = performance.now();
      const execution = await pipeline.runBatch({ s3_bucket: BENCH_BUCKET, s3_prefix: 'batch/' }, { concurrencyCap: MAX_CONCURRENCY });
      const seconds = (performance.now() - started) / 1000;
      sample();
      const summary = JSON.parse(execution.published[0]?.message ?? '{}') as { total?: number; succeeded?: number; failed?: number };
      const rate = OBJECTS / seconds;
      console.log(
        `Offline batch (synthesized batch state machine, Distributed Map emulated, real zips, ${MAX_CONCURRENCY} children in flight)`,
      );
      console.log(
        `  ${OBJECTS} objects in ${seconds.toFixed(2)} s: ${rate.toFixed(0)} images/s (target >= ${TARGET_IMAGES_PER_SECOND}): ${execution.status}, summary ${summary.succeeded}/${summary.total} succeeded, ${summary.failed} failed, ${execution.published.length} notification`,
      );
      console.log(
        `  peak memory of the runner (Step Functions, S3, endpoint stand-ins): ${peakParentMb.toFixed(0)} MB (budget ${MEMORY_BUDGET_MB} MB)`,
      );
      const functions = [...peakFunctionMb].map(([name, mb]) => `${name.replace(/^.*?-(?=[a-z]+[A-Z])/, '')} ${mb.toFixed(0)} MB`);
      if (functions.length > 0) console.log(`  peak memory of each function process (one warm container each): ${functions.join(', ')}`);
    } finally {
      clearInterval(sampler);
    }
  });
}

export { benchBatch };
