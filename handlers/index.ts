export * from './errors';
export type { Envelope, ImageRecord } from './envelope';
export { MAX_ENVELOPE_BYTES, STATE_PAYLOAD_QUOTA_BYTES } from './image';
export { DEFAULT_CONFIDENCE_THRESHOLD, ENDPOINT_NAME_PATTERN, ENVIRONMENT_VARIABLES } from './configuration';
export { serializeImageData } from './serialize-image-data';
export { classifyImageData } from './classify-image-data';
export { filterInferenceData } from './filter-inference-data';
export { LAMBDA_FUNCTIONS } from './functions';
export type { LambdaFunctionName, LambdaFunctionSpec } from './functions';
