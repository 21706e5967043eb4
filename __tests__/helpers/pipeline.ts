import { startOfflinePipeline } from '../../local/offline-pipeline';
import type { OfflinePipeline, OfflinePipelineOptions } from '../../local/offline-pipeline';
import { synthesizedStack } from './shared-synthesis';

/** Runs the run's shared synthesis of the project offline. */
function startSynthesizedPipeline(options: Omit<OfflinePipelineOptions, 'stackDir'>): Promise<OfflinePipeline> {
  return startOfflinePipeline({ ...options, stackDir: synthesizedStack().stackDir });
}

export { startSynthesizedPipeline };
