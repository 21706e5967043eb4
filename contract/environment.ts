import { DEFAULT_CONFIDENCE_THRESHOLD, ENDPOINT_NAME_PATTERN, isConfidenceThreshold } from './variables';
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

/** The functions' configuration: each variable, where its value comes from, and how it is read at cold start. */
const ENVIRONMENT_VARIABLES = {
  ENDPOINT_NAME: environmentVariable<string>({
    terraformVariable: 'endpoint_name',
    parse: (raw) =>
      raw !== undefined && ENDPOINT_NAME_PATTERN.test(raw)
        ? { value: raw }
        : { problem: `must be a SageMaker endpoint name (${ENDPOINT_NAME_PATTERN.source}), got: ${show(raw)}` },
  }),
  CONFIDENCE_THRESHOLD: environmentVariable<number>({
    terraformVariable: 'confidence_threshold',
    parse: (raw) => {
      if (raw === undefined || raw === '') return { value: DEFAULT_CONFIDENCE_THRESHOLD };
      const threshold = Number(raw);
      return isConfidenceThreshold(threshold) ? { value: threshold } : { problem: `must be a number in (0, 1], got: ${show(raw)}` };
    },
  }),
} as const;

type EnvironmentVariableName = keyof typeof ENVIRONMENT_VARIABLES;
type EnvironmentValue<Name extends EnvironmentVariableName> = (typeof ENVIRONMENT_VARIABLES)[Name] extends EnvironmentVariableSpec<infer T> ? T : never;

export { ENVIRONMENT_VARIABLES };
export type { Environment, EnvironmentVariableName, EnvironmentValue, EnvironmentVariableSpec, Parsed };
