export * from './errors';
export { MAX_ENVELOPE_BYTES, STATE_PAYLOAD_QUOTA_BYTES } from './image';
export { readEnvironmentVariable, readEndpointName, readConfidenceThreshold } from './configuration';
export { serializeImageData } from './serialize-image-data';
export { classifyImageData } from './classify-image-data';
export { filterInferenceData } from './filter-inference-data';
