import type { EnvironmentVariableName } from './environment';

/** What a function may do beyond writing its own logs; the stack turns each into IAM statements. */
type FunctionAccess = 'readImages' | 'invokeEndpoint' | 'readBatchResults';

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
    // SageMaker gives a real-time endpoint 60 s to answer; the rest reads the image from S3.
    timeoutSeconds: 65,
    // It holds the whole image: 81 MB peak on a 6 MB one (npm run bench), 42% of this.
    memoryMb: 192,
    environment: ['ENDPOINT_NAME', 'MAX_IMAGE_BYTES', 'MAX_SCORES'],
    access: ['readImages', 'invokeEndpoint'],
  },
  filterInferenceData: {
    entry: 'handlers/entrypoints/filter-inference-data.ts',
    timeoutSeconds: 5,
    memoryMb: 128,
    environment: ['CONFIDENCE_THRESHOLD'],
    access: [],
  },
  /** The batch workflow's last step: counts a Map Run's results from its ResultWriter manifest. */
  summarizeBatchResults: {
    entry: 'handlers/entrypoints/summarize-batch-results.ts',
    timeoutSeconds: 120,
    // Reads one result file at a time, and one file can hold tens of thousands of results: 248 MB peak measured at 40,000.
    memoryMb: 256,
    environment: [],
    access: ['readBatchResults'],
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
