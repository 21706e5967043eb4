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

/**
 * The AWS regions (commercial, GovCloud, China) as of November 2026; add a region here when AWS opens
 * one. A typo such as us-east-9 would otherwise surface only at deploy time.
 */
const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
] as const;

/** Context keys cdktf itself reads or the cdktf CLI passes; not options of this app, but not typos either. */
const CDKTF_CONTEXT_KEYS = ['cdktfJsonPath', 'cdktfRelativeModules', 'cdktfStaticModuleAssetHash', 'cdktfVersion'];

/** AWS tag rules: keys 1-128 and values 0-256 Unicode letters, digits, spaces and `_ . : / = + - @`; `aws:` is reserved. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;

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

const matching = (pattern: RegExp, rule: string): Parse<string> => check((value) => typeof value === 'string' && pattern.test(value), rule);

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');

/** Why AWS would reject a tag, or undefined. */
function tagProblem(key: string, value: string): string | undefined {
  const length = (text: string) => [...text].length;
  if (length(key) < 1 || length(key) > TAG_KEY_MAX) return `tag key ${JSON.stringify(key)} must be 1 to ${TAG_KEY_MAX} characters`;
  if (key.toLowerCase().startsWith('aws:')) return `tag key ${JSON.stringify(key)} must not start with "aws:" (reserved by AWS)`;
  if (!TAG_CHARACTERS.test(key)) return `tag key ${JSON.stringify(key)} may hold only letters, digits, spaces and _ . : / = + - @`;
  if (length(value) > TAG_VALUE_MAX) return `tag value of ${JSON.stringify(key)} must be at most ${TAG_VALUE_MAX} characters`;
  if (!TAG_CHARACTERS.test(value)) return `tag value of ${JSON.stringify(key)} may hold only letters, digits, spaces and _ . : / = + - @`;
  return undefined;
}

const parseTags: Parse<Readonly<Record<string, string>>> = (raw) => {
  const value = fromText(raw);
  if (!isStringRecord(value)) return { problem: `must be an object of string values, got: ${JSON.stringify(raw)}` };
  const problems = Object.entries(value).flatMap(([key, tag]) => tagProblem(key, tag) ?? []);
  return problems.length === 0 ? { value } : { problem: problems.join('; ') };
};

const PARSERS: { [K in keyof SynthConfig]: Parse<SynthConfig[K]> } = {
  stackName: matching(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'a letter then up to 63 letters, digits, _ or -'),
  namePrefix: matching(/^[a-z][a-z0-9-]{0,29}[a-z0-9]$/, '2 to 31 lowercase letters, digits or -, starting with a letter'),
  region: check((value) => (AWS_REGIONS as readonly unknown[]).includes(value), 'an AWS region such as us-east-1'),
  workflowType: oneOf(['STANDARD', 'EXPRESS']),
  logLevel: oneOf(['ALL', 'ERROR', 'FATAL', 'OFF']),
  logExecutionData: check((value) => typeof value === 'boolean', 'true or false', fromText),
  logRetentionDays: check((value) => LOG_RETENTION_DAYS.includes(value as number), `one of ${LOG_RETENTION_DAYS.join(', ')}`, fromText),
  tags: parseTags,
};

/** Edit distance, to suggest the option a misspelled key meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** A problem for each context key that is neither an option nor cdktf's own, with the option it likely meant. */
function unknownContextKeys(keys: Iterable<string>, where: string): string[] {
  const options = Object.values(OPTION_SOURCES).map((source) => source.context as string);
  return [...keys]
    .filter((key) => !options.includes(key) && !CDKTF_CONTEXT_KEYS.includes(key) && !key.startsWith('@cdktf/'))
    .map((key) => {
      const closest = options
        .map((option) => ({ option, distance: distance(key.toLowerCase(), option.toLowerCase()) }))
        .sort((a, b) => a.distance - b.distance)[0]!;
      const hint = closest.distance <= 3 ? `did you mean "${closest.option}"?` : `options: ${options.join(', ')}`;
      return `${where} context "${key}" is not an option (${hint})`;
    });
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
    const parsed = PARSERS[option](raw);
    if ('problem' in parsed) problems.push(`${fromEnv === undefined ? `context "${source.context}"` : source.env} ${parsed.problem}`);
    else config[option] = parsed.value;
  }
  if (problems.length > 0) throw new InvalidSynthConfig(problems);
  return config as unknown as SynthConfig;
}

export { readSynthConfig, InvalidSynthConfig, DEFAULT_SYNTH_CONFIG, AWS_REGIONS };
export type { SynthConfig };
