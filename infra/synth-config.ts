/** Options fixed at synthesis: names, region, workflow type, logging and tags. */
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
} as const satisfies Record<keyof SynthConfig, { context: string; env: string }>;

/** The values CloudWatch Logs accepts for retention. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

type Parsed<T> = { readonly value: T } | { readonly problem: string };
type Parse<T> = (raw: unknown) => Parsed<T>;

/** Environment variables arrive as text; context values as JSON. Both go through the same checks. */
function fromText(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const check =
  <T>(accepts: (value: unknown) => boolean, rule: string, read: (raw: unknown) => unknown = (raw) => raw): Parse<T> =>
  (raw) => {
    const value = read(raw);
    return accepts(value) ? { value: value as T } : { problem: `must be ${rule}, got: ${JSON.stringify(raw)}` };
  };

const oneOf = <T extends string>(allowed: readonly T[]): Parse<T> =>
  check((value) => (allowed as readonly unknown[]).includes(value), `one of ${allowed.join(', ')}`);

const matching = (pattern: RegExp, rule: string): Parse<string> =>
  check((value) => typeof value === 'string' && pattern.test(value), rule);

const isStringRecord = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');

const PARSERS: { [K in keyof SynthConfig]: Parse<SynthConfig[K]> } = {
  stackName: matching(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'a letter then up to 63 letters, digits, _ or -'),
  namePrefix: matching(/^[a-z][a-z0-9-]{0,29}[a-z0-9]$/, '2 to 31 lowercase letters, digits or -, starting with a letter'),
  region: matching(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'an AWS region such as us-east-1'),
  workflowType: oneOf(['STANDARD', 'EXPRESS']),
  logLevel: oneOf(['ALL', 'ERROR', 'FATAL', 'OFF']),
  logExecutionData: check((value) => typeof value === 'boolean', 'true or false', fromText),
  logRetentionDays: check((value) => LOG_RETENTION_DAYS.includes(value as number), `one of ${LOG_RETENTION_DAYS.join(', ')}`, fromText),
  tags: check(isStringRecord, 'an object of string values', fromText),
};

/**
 * Reads every option from the environment (first) or the `cdktf.json` context, falling back to the
 * defaults, and throws one InvalidSynthConfig naming every bad value.
 */
function readSynthConfig(context: (key: string) => unknown, env: Readonly<Record<string, string | undefined>>): SynthConfig {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const option of Object.keys(PARSERS) as (keyof SynthConfig)[]) {
    const source = OPTION_SOURCES[option];
    const fromEnv = env[source.env] === '' ? undefined : env[source.env];
    const raw = fromEnv ?? context(source.context);
    if (raw === undefined) {
      config[option] = DEFAULT_SYNTH_CONFIG[option];
      continue;
    }
    const parsed = PARSERS[option](raw);
    if ('problem' in parsed) problems.push(`${fromEnv === undefined ? `context "${source.context}"` : source.env} ${parsed.problem}`);
    else config[option] = parsed.value;
  }
  if (problems.length > 0) throw new InvalidSynthConfig(problems);
  return config as unknown as SynthConfig;
}

export { readSynthConfig, InvalidSynthConfig, DEFAULT_SYNTH_CONFIG, OPTION_SOURCES, LOG_RETENTION_DAYS };
export type { SynthConfig };
