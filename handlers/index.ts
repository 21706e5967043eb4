export * from './errors';
export { readEnvironmentVariable } from './configuration';
export { serializeImageData } from './serialize-image-data';
export { classifyImageData } from './classify-image-data';
export { filterInferenceData } from './filter-inference-data';
export { summarizeBatchResults } from './summarize-batch-results';
