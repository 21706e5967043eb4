import {
  ENVIRONMENT_NAME_PATTERN,
  ENVIRONMENT_NAME_RULE,
  NAME_PREFIX_PATTERN,
  NAME_PREFIX_RULE,
  parseNamePrefix,
  STACK_NAME_PATTERN,
  STACK_NAME_RULE,
} from './names';
import { awsRegion, fromText, isObject, objectOf, parseTags, problem } from './option-parsing';
import type { OptionProblem, Parse } from './option-parsing';
import { stackStateBackend, stateKeyProblem } from './state-backend';
import type { StackStateBackend, StateBackendOption } from './state-backend';

/** What one environment sets over the top-level options. */
interface EnvironmentOptions {
  /** The provider's region; the top-level `region` when absent. */
  readonly region?: string;
  /** The resources' name prefix; `<namePrefix>-<env>` when absent. */
  readonly namePrefix?: string;
  /** Merged over the top-level `tags`. */
  readonly tags?: Readonly<Record<string, string>>;
}

type Environments = Readonly<Record<string, EnvironmentOptions>>;

const parseEnvironment = objectOf<EnvironmentOptions>({ region: awsRegion, namePrefix: parseNamePrefix, tags: parseTags });

/** `{"dev": {...}, "prod": {...}}`: each name and each environment's options, every problem at its path. */
const parseEnvironments: Parse<Environments> = (raw) => {
  const value = fromText(raw);
  if (!isObject(value))
    return problem(`must be an object of environments such as {"dev": {"region": "eu-west-1"}}, got: ${JSON.stringify(raw)}`);
  const problems: OptionProblem[] = [];
  const environments: Record<string, EnvironmentOptions> = {};
  for (const [name, options] of Object.entries(value)) {
    if (!ENVIRONMENT_NAME_PATTERN.test(name))
      problems.push({ at: [name], message: `is not an environment name: use ${ENVIRONMENT_NAME_RULE}` });
    const parsed = parseEnvironment(options ?? {});
    if ('problems' in parsed) problems.push(...parsed.problems.map(({ at, message }) => ({ at: [name, ...at], message })));
    else environments[name] = parsed.value;
  }
  return problems.length === 0 ? { value: environments } : { problems };
};

/** The top-level options a deployment derives from. */
interface DeploymentBase {
  readonly stackName: string;
  readonly namePrefix: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly environments: Environments;
  readonly stateBackend: StateBackendOption;
}

/** One synthesized stack: its name (`cdktf deploy <stackName>`), resource names, region, tags and state. */
interface StackDeployment {
  readonly stackName: string;
  /** The environment it deploys, or undefined for the single stack of a project without environments. */
  readonly environment: string | undefined;
  readonly namePrefix: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly stateBackend: StackStateBackend;
}

/** One stack per environment, named `<stackName>-<env>`; without environments, the one stack. */
function stackDeployments(base: DeploymentBase): StackDeployment[] {
  const entries = Object.entries(base.environments);
  if (entries.length === 0) {
    return [
      {
        stackName: base.stackName,
        environment: undefined,
        namePrefix: base.namePrefix,
        region: base.region,
        tags: base.tags,
        stateBackend: stackStateBackend(base.stateBackend, base.stackName, base.region),
      },
    ];
  }
  return entries.map(([environment, options]) => {
    const stackName = `${base.stackName}-${environment}`;
    return {
      stackName,
      environment,
      namePrefix: options.namePrefix ?? `${base.namePrefix}-${environment}`,
      region: options.region ?? base.region,
      tags: { ...base.tags, ...options.tags },
      stateBackend: stackStateBackend(base.stateBackend, stackName, base.region),
    };
  });
}

/**
 * What only the derived values show: a stack name or derived name prefix too long, two environments
 * whose resources would share names, a state key longer than S3 allows.
 */
function deploymentProblems(base: DeploymentBase): string[] {
  const deployments = stackDeployments(base);
  const problems: string[] = [];
  for (const { stackName, environment, namePrefix } of deployments) {
    if (environment === undefined) continue;
    if (!STACK_NAME_PATTERN.test(stackName))
      problems.push(`environment "${environment}": its stack name "${stackName}" (stackName-environment) must be ${STACK_NAME_RULE}`);
    if (base.environments[environment]?.namePrefix === undefined && !NAME_PREFIX_PATTERN.test(namePrefix))
      problems.push(
        `environment "${environment}": its name prefix "${namePrefix}" (namePrefix-environment) must be ${NAME_PREFIX_RULE}; set environments.${environment}.namePrefix`,
      );
  }
  const environmentsByPrefix = new Map<string, string[]>();
  for (const { environment, namePrefix } of deployments)
    if (environment !== undefined) environmentsByPrefix.set(namePrefix, [...(environmentsByPrefix.get(namePrefix) ?? []), environment]);
  for (const [namePrefix, sharing] of environmentsByPrefix) {
    if (sharing.length > 1)
      problems.push(
        `environments ${sharing.map((environment) => `"${environment}"`).join(' and ')} share the name prefix "${namePrefix}": their resources would collide in one account`,
      );
  }
  problems.push(...deployments.flatMap(({ stateBackend }) => stateKeyProblem(stateBackend) ?? []));
  return problems;
}

export { parseEnvironments, stackDeployments, deploymentProblems };
export type { EnvironmentOptions, Environments, StackDeployment, DeploymentBase };
