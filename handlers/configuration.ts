import { InvalidConfiguration } from './errors';

type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_CONFIDENCE_THRESHOLD = 0.93;
/** SageMaker's endpoint name rule. */
const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

const ENVIRONMENT_VARIABLES = {
  endpointName: 'ENDPOINT_NAME',
  confidenceThreshold: 'CONFIDENCE_THRESHOLD',
} as const;

function readEndpointName(env: Environment): string {
  const name = ENVIRONMENT_VARIABLES.endpointName;
  const value = env[name];
  if (value === undefined || !ENDPOINT_NAME_PATTERN.test(value)) {
    throw new InvalidConfiguration(
      `${name} must be a SageMaker endpoint name (${ENDPOINT_NAME_PATTERN.source}), got: ${JSON.stringify(value) ?? 'unset'}`,
    );
  }
  return value;
}

function readConfidenceThreshold(env: Environment): number {
  const name = ENVIRONMENT_VARIABLES.confidenceThreshold;
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULT_CONFIDENCE_THRESHOLD;
  const threshold = Number(raw);
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
    throw new InvalidConfiguration(`${name} must be a number in (0, 1], got: ${JSON.stringify(raw)}`);
  }
  return threshold;
}

export { DEFAULT_CONFIDENCE_THRESHOLD, ENDPOINT_NAME_PATTERN, ENVIRONMENT_VARIABLES, readEndpointName, readConfidenceThreshold };
export type { Environment };
