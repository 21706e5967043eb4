import {
  CONFIDENCE_THRESHOLD_TEXT,
  DEFAULT_CONFIDENCE_THRESHOLD,
  ENDPOINT_NAME_PATTERN,
  MAX_ENDPOINT_NAME_LENGTH,
  MAX_SCORES_LIMIT,
  REAL_TIME_ENDPOINT_MAX_BYTES,
  WHOLE_NUMBER_TEXT,
  isConfidenceThreshold,
  isCount,
  isEndpointName,
} from './variables';
import type { TerraformVariableName } from './variables';

type Environment = Readonly<Record<string, string | undefined>>;

type Parsed<T> = { readonly value: T } | { readonly problem: string };

interface EnvironmentVariableSpec<T> {
  /** The Terraform variable the stack sets it from. */
  readonly terraformVariable: TerraformVariableName;
  readonly parse: (raw: string | undefined) => Parsed<T>;
}

const show = (raw: string | undefined) => JSON.stringify(raw) ?? 'unset';

const environmentVariable = <T>(spec: EnvironmentVariableSpec<T>): EnvironmentVariableSpec<T> => spec;

/** A whole number from 1 to `max`, written as Terraform writes one (`Number` alone would also take '0x1', '1e3' and ' 1 '); `fallback` when unset. */
function count(fallback: number, max: number): EnvironmentVariableSpec<number>['parse'] {
  return (raw) => {
    if (raw === undefined || raw === '') return { value: fallback };
    const value = Number(raw);
    return WHOLE_NUMBER_TEXT.test(raw) && isCount(value, 1, max)
      ? { value }
      : { problem: `must be a whole number from 1 to ${max}, got: ${show(raw)}` };
  };
}

/** The functions' configuration: each variable, where its value comes from, and how it is read at cold start. */
const ENVIRONMENT_VARIABLES = {
  ENDPOINT_NAME: environmentVariable<string>({
    terraformVariable: 'endpoint_name',
    parse: (raw) =>
      raw !== undefined && isEndpointName(raw)
        ? { value: raw }
        : {
            problem: `must be a SageMaker endpoint name (${ENDPOINT_NAME_PATTERN.source}, at most ${MAX_ENDPOINT_NAME_LENGTH} characters), got: ${show(raw)}`,
          },
  }),
  CONFIDENCE_THRESHOLD: environmentVariable<number>({
    terraformVariable: 'confidence_threshold',
    parse: (raw) => {
      if (raw === undefined || raw === '') return { value: DEFAULT_CONFIDENCE_THRESHOLD };
      const threshold = Number(raw);
      return CONFIDENCE_THRESHOLD_TEXT.test(raw) && isConfidenceThreshold(threshold)
        ? { value: threshold }
        : { problem: `must be a number in (0, 1] with at most 15 decimal places, got: ${show(raw)}` };
    },
  }),
  MAX_IMAGE_BYTES: environmentVariable<number>({
    terraformVariable: 'max_image_bytes',
    parse: count(REAL_TIME_ENDPOINT_MAX_BYTES, REAL_TIME_ENDPOINT_MAX_BYTES),
  }),
  MAX_SCORES: environmentVariable<number>({
    terraformVariable: 'max_scores',
    parse: count(MAX_SCORES_LIMIT, MAX_SCORES_LIMIT),
  }),
} as const;

type EnvironmentVariableName = keyof typeof ENVIRONMENT_VARIABLES;
type EnvironmentValue<Name extends EnvironmentVariableName> =
  (typeof ENVIRONMENT_VARIABLES)[Name] extends EnvironmentVariableSpec<infer T> ? T : never;

export { ENVIRONMENT_VARIABLES };
export type { Environment, EnvironmentVariableName, EnvironmentValue, Parsed };
