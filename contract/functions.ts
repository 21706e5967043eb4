import type { EnvironmentVariableName } from './environment';
import type { WorkflowErrorName } from './errors';

/** What a function may do beyond writing its own logs; the stack turns each into IAM statements. */
type FunctionAccess = 'readImages' | 'invokeEndpoint' | 'readBatchResults';

interface FunctionSpec {
  /** The handler source esbuild bundles, from the project root. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: readonly EnvironmentVariableName[];
  readonly access: readonly FunctionAccess[];
  /** The named errors it raises; transient AWS errors pass through besides. */
  readonly errors: readonly WorkflowErrorName[];
}

/** The Lambda functions, by the names the original system used. Adding one here deploys, bundles and hosts it offline. */
const FUNCTIONS = {
  serializeImageData: {
    entry: 'handlers/entrypoints/serialize-image-data.ts',
    timeoutSeconds: 10,
    memoryMb: 128,
    environment: ['MAX_IMAGE_BYTES'],
    access: ['readImages'],
    errors: ['InvalidInput', 'InvalidConfiguration', 'ImageNotFound', 'ImageAccessDenied', 'InvalidImage', 'ImageTooLarge'],
  },
  classifyImageData: {
    entry: 'handlers/entrypoints/classify-image-data.ts',
    // SageMaker gives a real-time endpoint 60 s to answer; the rest reads the image from S3.
    timeoutSeconds: 65,
    // It holds the whole image: 81 MB peak on a 6 MB one (npm run bench), 42% of this.
    memoryMb: 192,
    environment: ['ENDPOINT_NAME', 'MAX_IMAGE_BYTES', 'MAX_SCORES'],
    access: ['readImages', 'invokeEndpoint'],
    errors: [
      'InvalidInput',
      'InvalidConfiguration',
      'ImageNotFound',
      'ImageAccessDenied',
      'ImageChanged',
      'InvalidImage',
      'ImageTooLarge',
      'InvalidEndpointResponse',
    ],
  },
  filterInferenceData: {
    entry: 'handlers/entrypoints/filter-inference-data.ts',
    timeoutSeconds: 5,
    memoryMb: 128,
    environment: ['CONFIDENCE_THRESHOLD', 'MAX_SCORES'],
    access: [],
    errors: ['InvalidInput', 'InvalidConfiguration', 'ThresholdConfidenceNotMet'],
  },
  /** The batch workflow's last step: counts a Map Run's results from its ResultWriter manifest. */
  summarizeBatchResults: {
    entry: 'handlers/entrypoints/summarize-batch-results.ts',
    timeoutSeconds: 120,
    // Holds every result file of the run at once: ~1 KB per image, so 256 MB is ample for 100,000 images.
    memoryMb: 256,
    environment: [],
    access: ['readBatchResults'],
    errors: ['InvalidInput'],
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
export type { FunctionName, FunctionSpec, FunctionAccess };
