import { join } from 'node:path';
import { synthesize } from '../../infra/app';
import { findProjectRoot } from '../../infra/project-root';
import { startOfflinePipeline } from '../../local/offline-pipeline';
import type { OfflinePipeline, OfflinePipelineOptions } from '../../local/offline-pipeline';

/** Synthesizes the project into `workDir` and runs the result offline. */
function startSynthesizedPipeline(workDir: string, options: Omit<OfflinePipelineOptions, 'stackDir'>): Promise<OfflinePipeline> {
  const { stackDir } = synthesize(findProjectRoot(__dirname), { outdir: join(workDir, 'cdktf.out'), env: {} });
  return startOfflinePipeline({ ...options, stackDir });
}

export { startSynthesizedPipeline };
