export * from './errors';
export { serializeImageData } from './serialize-image-data';
export { classifyImageData } from './classify-image-data';
export { filterInferenceData } from './filter-inference-data';
