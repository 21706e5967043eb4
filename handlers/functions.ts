/** The workflow's Lambda functions: the name the original system used and the file esbuild bundles. */
const LAMBDA_FUNCTIONS = {
  serializeImageData: { entry: 'handlers/entrypoints/serialize-image-data.ts' },
  classifyImageData: { entry: 'handlers/entrypoints/classify-image-data.ts' },
  filterInferenceData: { entry: 'handlers/entrypoints/filter-inference-data.ts' },
} as const;

type LambdaFunctionName = keyof typeof LAMBDA_FUNCTIONS;
type LambdaFunctionSpec = (typeof LAMBDA_FUNCTIONS)[LambdaFunctionName];

export { LAMBDA_FUNCTIONS };
export type { LambdaFunctionName, LambdaFunctionSpec };
