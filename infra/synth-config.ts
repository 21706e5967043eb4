import { AWS_REGIONS } from './aws-regions';
import { deploymentProblems, parseEnvironments } from './environments';
import type { Environments } from './environments';
import { parseNamePrefix, parseStackName } from './names';
import { awsRegion, check, fromText, notAnOption, oneOf, parseTags } from './option-parsing';
import type { OptionProblem, Parse } from './option-parsing';
import { DEFAULT_STATE_BACKEND, parseStateBackend } from './state-backend';
import type { StateBackendOption } from './state-backend';

/** Options fixed at synthesis: names, region, workflow type, logging, tags, environments and where state lives. */
interface SynthConfig {
  readonly stackName: string;
  /** Prefix of every resource name, so two deployments can share an account. */
  readonly namePrefix: string;
  readonly region: string;
  readonly workflowType: 'STANDARD' | 'EXPRESS';
  readonly logLevel: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  /** Log each state's input and output; off by default, since they carry the image. */
  readonly logExecutionData: boolean;
  readonly logRetentionDays: number;
  readonly tags: Readonly<Record<string, string>>;
  /** One stack per environment (`<stackName>-<env>`); none: the one stack `<stackName>`. */
  readonly environments: Environments;
  readonly stateBackend: StateBackendOption;
}

class InvalidSynthConfig extends Error {
  override readonly name = 'InvalidSynthConfig';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid synthesis options (${problems.length}):\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

const DEFAULT_SYNTH_CONFIG: SynthConfig = {
  stackName: 'image-classification-workflow',
  namePrefix: 'image-classification',
  region: 'us-east-1',
  workflowType: 'STANDARD',
  logLevel: 'ERROR',
  logExecutionData: false,
  logRetentionDays: 30,
  tags: {},
  environments: {},
  stateBackend: DEFAULT_STATE_BACKEND,
};

/** Where each option can come from: `cdktf.json` context key and environment variable. */
const OPTION_SOURCES = {
  stackName: { context: 'stackName', env: 'IMAGE_WORKFLOW_STACK_NAME' },
  namePrefix: { context: 'namePrefix', env: 'IMAGE_WORKFLOW_NAME_PREFIX' },
  region: { context: 'region', env: 'IMAGE_WORKFLOW_REGION' },
  workflowType: { context: 'workflowType', env: 'IMAGE_WORKFLOW_TYPE' },
  logLevel: { context: 'logLevel', env: 'IMAGE_WORKFLOW_LOG_LEVEL' },
  logExecutionData: { context: 'logExecutionData', env: 'IMAGE_WORKFLOW_LOG_EXECUTION_DATA' },
  logRetentionDays: { context: 'logRetentionDays', env: 'IMAGE_WORKFLOW_LOG_RETENTION_DAYS' },
  tags: { context: 'tags', env: 'IMAGE_WORKFLOW_TAGS' },
  environments: { context: 'environments', env: 'IMAGE_WORKFLOW_ENVIRONMENTS' },
  stateBackend: { context: 'stateBackend', env: 'IMAGE_WORKFLOW_STATE_BACKEND' },
} as const satisfies Record<keyof SynthConfig, { context: string; env: string }>;

/** Context keys cdktf itself reads or the cdktf CLI passes; not options of this app, but not typos either. */
const CDKTF_CONTEXT_KEYS = ['cdktfJsonPath', 'cdktfRelativeModules', 'cdktfStaticModuleAssetHash', 'cdktfVersion'];

/** The values CloudWatch Logs accepts for retention. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const PARSERS: { [K in keyof SynthConfig]: Parse<SynthConfig[K]> } = {
  stackName: parseStackName,
  namePrefix: parseNamePrefix,
  region: awsRegion,
  workflowType: oneOf(['STANDARD', 'EXPRESS']),
  logLevel: oneOf(['ALL', 'ERROR', 'FATAL', 'OFF']),
  logExecutionData: check((value) => typeof value === 'boolean', 'true or false', fromText),
  logRetentionDays: check((value) => LOG_RETENTION_DAYS.includes(value as number), `one of ${LOG_RETENTION_DAYS.join(', ')}`, fromText),
  tags: parseTags,
  environments: parseEnvironments,
  stateBackend: parseStateBackend,
};

/** A problem for each context key that is neither an option nor cdktf's own, with the option it likely meant. */
function unknownContextKeys(keys: Iterable<string>, where: string): string[] {
  const options = Object.values(OPTION_SOURCES).map((source) => source.context as string);
  return [...keys]
    .filter((key) => !options.includes(key) && !CDKTF_CONTEXT_KEYS.includes(key) && !key.startsWith('@cdktf/'))
    .map((key) => `${where} context "${key}" ${notAnOption(key, options)}`);
}

interface ReadOptions {
  /** Keys present in `cdktf.json` context, checked against the options. */
  readonly contextKeys?: Iterable<string>;
  /** Where those keys come from, for the messages. */
  readonly contextFile?: string;
  /** Problems found before the options, e.g. a `cdktf.json` that is not JSON; reported with the others. */
  readonly problems?: readonly string[];
}

/**
 * Reads every option from the environment (first) or the `cdktf.json` context, falling back to the
 * defaults, and throws one InvalidSynthConfig naming every bad value and unknown context key.
 */
function readSynthConfig(
  context: (key: string) => unknown,
  env: Readonly<Record<string, string | undefined>>,
  options: ReadOptions = {},
): SynthConfig {
  const problems: string[] = [
    ...(options.problems ?? []),
    ...unknownContextKeys(options.contextKeys ?? [], options.contextFile ?? 'cdktf.json'),
  ];
  const config: Record<string, unknown> = {};
  for (const option of Object.keys(PARSERS) as (keyof SynthConfig)[]) {
    const source = OPTION_SOURCES[option];
    const fromEnv = env[source.env] === '' ? undefined : env[source.env];
    const raw = fromEnv ?? context(source.context);
    if (raw === undefined) {
      config[option] = DEFAULT_SYNTH_CONFIG[option];
      continue;
    }
    const parsed = (PARSERS[option] as Parse<unknown>)(raw);
    if ('problems' in parsed) problems.push(...parsed.problems.map((problem) => describeProblem(problem, source, fromEnv !== undefined)));
    else config[option] = parsed.value;
  }
  const derivedFrom = ['stackName', 'namePrefix', 'region', 'tags', 'environments', 'stateBackend'] as const;
  if (derivedFrom.every((option) => option in config)) problems.push(...deploymentProblems(config as unknown as SynthConfig));
  if (problems.length > 0) throw new InvalidSynthConfig(problems);
  return config as unknown as SynthConfig;
}

/** `context "environments.dev.region" must be ...`, or `IMAGE_WORKFLOW_ENVIRONMENTS dev.region must be ...`. */
function describeProblem({ at, message }: OptionProblem, source: { context: string; env: string }, fromEnv: boolean): string {
  if (fromEnv) return `${source.env}${at.length === 0 ? '' : ` ${at.join('.')}`} ${message}`;
  return `context "${[source.context, ...at].join('.')}" ${message}`;
}

export { readSynthConfig, InvalidSynthConfig, DEFAULT_SYNTH_CONFIG, AWS_REGIONS };
export type { SynthConfig };
