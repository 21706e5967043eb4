import { LocalBackend, S3Backend } from 'cdktf';
import type { TerraformStack } from 'cdktf';
import { awsRegion, check, fromText, isObject, notAnOption, objectOf, problem } from './option-parsing';
import type { OptionProblem, Parse } from './option-parsing';

interface S3StateOptions {
  readonly bucket: string;
  /** The bucket's region; the stacks' `region` option when absent. */
  readonly region?: string;
  /** Prepended to `<stackName>/terraform.tfstate`: empty, or segments each ending in `/`. */
  readonly keyPrefix?: string;
  /** Server-side encryption of the state object; on unless false. */
  readonly encrypt?: boolean;
}

/** The `stateBackend` option: `{"s3": {...}}`, or `{"local": {}}` (the default). */
type StateBackendOption = { readonly local: Record<string, never> } | { readonly s3: S3StateOptions };

/** One stack's backend, resolved from the option and the stack's name. */
type StackStateBackend =
  | { readonly local: { readonly path: string } }
  | { readonly s3: { readonly bucket: string; readonly key: string; readonly region: string; readonly encrypt: boolean } };

const DEFAULT_STATE_BACKEND: StateBackendOption = { local: {} };

/**
 * The local state file, relative to the stack folder where cdktf and Terraform run: it travels with
 * the folder and is never written above it. Synthesis refuses to remove a stack folder whose state
 * still records resources (see stale-stacks.ts).
 */
const LOCAL_STATE_FILE = 'terraform.tfstate';

/** S3 general purpose bucket names: 3-63 lowercase letters, digits, dots and hyphens, no `..`, not an IP address. */
function isBucketName(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
    !/\.\.|\.-|-\./.test(value) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(value)
  );
}

/** Segments of the characters S3 calls safe for keys, each ending in `/`; no `.` or `..` segment. */
const KEY_PREFIX = /^([A-Za-z0-9!_.*'()-]+\/)*$/;
const isKeyPrefix = (value: unknown): boolean =>
  typeof value === 'string' && KEY_PREFIX.test(value) && !value.split('/').some((segment) => segment === '.' || segment === '..');

/** S3 object keys are at most 1024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

const parseS3Fields = objectOf<S3StateOptions>(
  {
    bucket: check(isBucketName, 'an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens)'),
    region: awsRegion,
    keyPrefix: check(
      isKeyPrefix,
      'empty or segments of letters, digits and ! _ . * \' ( ) -, each ending in "/" (e.g. "image-classification/")',
    ),
    encrypt: check((value) => typeof value === 'boolean', 'true or false'),
  },
  ['bucket'],
);

/** The S3 options; a DynamoDB table is named as such, since S3's lock file replaces it and people will look for it. */
const parseS3Options: Parse<S3StateOptions> = (raw) => {
  const value = fromText(raw);
  if (!isObject(value) || !('dynamodbTable' in value)) return parseS3Fields(value);
  const { dynamodbTable: _table, ...rest } = value;
  const fields = parseS3Fields(rest);
  const lock: OptionProblem = {
    at: ['dynamodbTable'],
    message: 'is not an option: the state is locked by S3 itself (use_lockfile), with no DynamoDB table',
  };
  return { problems: [lock, ...('problems' in fields ? fields.problems : [])] };
};

const parseStateBackend: Parse<StateBackendOption> = (raw) => {
  const value = fromText(raw);
  const kinds = ['local', 's3'];
  if (!isObject(value) || Object.keys(value).length !== 1)
    return problem(`must be an object with one key, "s3" or "local", got: ${JSON.stringify(raw)}`);
  const [kind, options] = Object.entries(value)[0]!;
  if (kind === 's3') {
    const s3 = parseS3Options(options);
    return 'problems' in s3
      ? { problems: s3.problems.map(({ at, message }) => ({ at: ['s3', ...at], message })) }
      : { value: { s3: s3.value } };
  }
  if (kind === 'local') {
    const local = objectOf<Record<string, never>>({})(options);
    return 'problems' in local
      ? { problems: local.problems.map(({ at, message }) => ({ at: ['local', ...at], message })) }
      : { value: DEFAULT_STATE_BACKEND };
  }
  return problem(notAnOption(kind, kinds), [kind]);
};

/** The stack's backend: a local file in its folder, or its own key in the S3 bucket. */
function stackStateBackend(option: StateBackendOption, stackName: string, defaultRegion: string): StackStateBackend {
  if ('local' in option) return { local: { path: LOCAL_STATE_FILE } };
  const { bucket, region = defaultRegion, keyPrefix = '', encrypt = true } = option.s3;
  return { s3: { bucket, key: `${keyPrefix}${stackName}/terraform.tfstate`, region, encrypt } };
}

/** Why the stack's state key would not fit S3, or undefined. */
function stateKeyProblem(backend: StackStateBackend): string | undefined {
  if (!('s3' in backend)) return undefined;
  const bytes = Buffer.byteLength(backend.s3.key);
  return bytes > MAX_KEY_BYTES ? `state key ${backend.s3.key} is ${bytes} bytes, more than S3's ${MAX_KEY_BYTES}` : undefined;
}

/** Adds the backend to the stack; S3 locks with its lock file (Terraform >= 1.10), not a DynamoDB table. */
function addStateBackend(stack: TerraformStack, backend: StackStateBackend): void {
  if ('local' in backend) {
    new LocalBackend(stack, { path: backend.local.path });
    return;
  }
  // cdktf 0.21's S3BackendConfig predates use_lockfile.
  new S3Backend(stack, backend.s3).addOverride('use_lockfile', true);
}

export { parseStateBackend, stackStateBackend, stateKeyProblem, addStateBackend, DEFAULT_STATE_BACKEND, LOCAL_STATE_FILE };
export type { StateBackendOption, StackStateBackend };
