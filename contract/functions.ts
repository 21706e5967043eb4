import type { EnvironmentVariableName } from './environment';

/**
 * What a function may do beyond writing its own logs; the stack turns each into IAM statements.
 * `readImages` reads the current object and, by version id, one version (s3:GetObject and
 * s3:GetObjectVersion); `writeBatchResults` writes the summary's failed-images.json beside the
 * batch results (s3:PutObject, which covers a multipart upload's parts, and s3:AbortMultipartUpload);
 * `readClassLabels` reads the one `class_labels` object the stack writes (s3:GetObject on its key).
 */
type FunctionAccess = 'readImages' | 'invokeEndpoint' | 'readClassLabels' | 'readBatchResults' | 'writeBatchResults';

interface FunctionSpec {
  /** The handler source esbuild bundles, from the project root. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: readonly EnvironmentVariableName[];
  readonly access: readonly FunctionAccess[];
}

/** The Lambda functions, by the names the original system used. Adding one here deploys, bundles and hosts it offline. */
const FUNCTIONS = {
  serializeImageData: {
    entry: 'handlers/entrypoints/serialize-image-data.ts',
    timeoutSeconds: 10,
    memoryMb: 128,
    environment: ['MAX_IMAGE_BYTES'],
    access: ['readImages'],
  },
  classifyImageData: {
    entry: 'handlers/entrypoints/classify-image-data.ts',
    // SageMaker gives a real-time endpoint 60 s to answer; the rest reads the image from S3, and the retries
    // of the read and of the invocation wait at most 1.55 s each by default (2 s at most: contract/environment.ts).
    timeoutSeconds: 65,
    // It holds the whole image: 81 MB peak on a 6 MB one (npm run bench), 42% of this.
    memoryMb: 192,
    environment: [
      'ENDPOINT_NAME',
      'MAX_IMAGE_BYTES',
      'MAX_SCORES',
      'ENDPOINT_RESPONSE_FORMAT',
      'ENDPOINT_CONTENT_TYPE',
      'ENDPOINT_ACCEPT',
      'ENDPOINT_TARGET_MODEL',
      'ENDPOINT_TARGET_VARIANT',
      'ENDPOINT_INFERENCE_COMPONENT',
      'CLASS_LABELS_OBJECT',
    ],
    access: ['readImages', 'invokeEndpoint', 'readClassLabels'],
  },
  filterInferenceData: {
    entry: 'handlers/entrypoints/filter-inference-data.ts',
    timeoutSeconds: 5,
    memoryMb: 128,
    environment: ['CONFIDENCE_THRESHOLD'],
    access: [],
  },
  /** The batch workflow's last step: counts a Map Run's results from its ResultWriter manifest and lists the images not classified. */
  summarizeBatchResults: {
    entry: 'handlers/entrypoints/summarize-batch-results.ts',
    timeoutSeconds: 120,
    // Streams each result file, one result at a time, and uploads its list in 5 MiB parts: its peak does not grow with
    // the batch (npm run bench, Lambda's heap sizes: 90-160 MB at 100,000 results, about 200 MB at 300,000).
    memoryMb: 256,
    environment: [],
    access: ['readBatchResults', 'writeBatchResults'],
  },
} as const satisfies Record<string, FunctionSpec>;

type FunctionName = keyof typeof FUNCTIONS;

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** How much longer a task waits than its function may run, so a slow invoke ends as the function's own timeout. */
const TASK_TIMEOUT_MARGIN_SECONDS = 15;

function taskTimeoutSeconds(name: FunctionName): number {
  return FUNCTIONS[name].timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS;
}

export { FUNCTIONS, FUNCTION_NAMES, TASK_TIMEOUT_MARGIN_SECONDS, taskTimeoutSeconds };
export type { FunctionName, FunctionAccess };
