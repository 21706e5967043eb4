import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../infra/app';
import { findProjectRoot } from '../infra/project-root';
import { startOfflinePipeline } from '../local/offline-pipeline';
import type { OfflinePipeline, OfflinePipelineOptions } from '../local/offline-pipeline';

/** The bucket the benchmarks put their images in. */
const BENCH_BUCKET = 'bench-images';

interface BenchPipeline {
  readonly pipeline: OfflinePipeline;
  readonly projectDir: string;
  /** The synthesized stack folder the pipeline runs (`cdktf.out/stacks/<stack>`). */
  readonly stackDir: string;
  /** The benchmark's own temporary directory, removed after it. */
  readonly workDir: string;
}

interface BenchPipelineOptions extends Pick<OfflinePipelineOptions, 'faults' | 'onLog'> {
  /** Synth options as environment variables (e.g. IMAGE_WORKFLOW_TYPE), over `cdktf.json`'s context. */
  readonly synthEnv?: Readonly<Record<string, string>>;
}

/**
 * Synthesizes the stack into a temporary directory and starts the offline pipeline over it (images in BENCH_BUCKET, a
 * stand-in endpoint answering [0.02, 0.98]) with these variables besides; runs `bench`, then stops the pipeline and
 * removes the directory.
 */
async function withBenchPipeline(
  name: string,
  variables: OfflinePipelineOptions['variables'],
  bench: (setup: BenchPipeline) => Promise<void>,
  { faults, onLog, synthEnv = {} }: BenchPipelineOptions = {},
): Promise<void> {
  const projectDir = findProjectRoot();
  const workDir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  try {
    const { stackDir } = synthesize(projectDir, { outdir: join(workDir, 'cdktf.out'), hclOutput: false, env: { ...synthEnv } });
    const pipeline = await startOfflinePipeline({
      stackDir,
      variables: { notification_email: 'bench@example.invalid', endpoint_name: 'bench', image_bucket: BENCH_BUCKET, ...variables },
      endpoint: () => ({ scores: [0.02, 0.98] }),
      faults,
      onLog,
    });
    try {
      await bench({ pipeline, projectDir, stackDir, workDir });
    } finally {
      await pipeline.stop();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The sample images under fixtures/images. */
function sampleImages(projectDir: string): Buffer[] {
  const imagesDir = join(projectDir, 'fixtures', 'images');
  return readdirSync(imagesDir).map((name) => readFileSync(join(imagesDir, name)));
}

export { withBenchPipeline, sampleImages, BENCH_BUCKET };
export type { BenchPipelineOptions };
