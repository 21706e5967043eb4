// Compares two synthesis outputs of the same app (cdktf's and CDK Terrain's), file by file: JSON files
// by value and key order, other files byte for byte; each difference is expected (with its reason) or not.
import { createHash } from 'node:crypto';
import type { Json } from '../infra/hcl-rendering';

type JsonPath = readonly (string | number)[];

interface Difference {
  /** The file, relative to the output folder. */
  readonly file: string;
  /** Where in a JSON file, e.g. `terraform.required_providers.aws.version`; empty for the whole file. */
  readonly path: string;
  readonly cdktf: string;
  readonly cdktn: string;
}

interface ExpectedDifference extends Difference {
  readonly reason: string;
}

interface Comparison {
  readonly expected: readonly ExpectedDifference[];
  readonly unexpected: readonly Difference[];
}

/** One place where the two values part, found by walking both. */
interface JsonDifference {
  readonly path: JsonPath;
  readonly kind: 'value' | 'key order';
  readonly cdktf: Json | undefined;
  readonly cdktn: Json | undefined;
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every place where the two differ: a member present on one side only, another value, or the same members in another order. */
function jsonDifferences(cdktf: Json | undefined, cdktn: Json | undefined, path: JsonPath = []): JsonDifference[] {
  if (isObject(cdktf) && isObject(cdktn)) {
    const cdktfKeys = Object.keys(cdktf);
    const cdktnKeys = Object.keys(cdktn);
    const keys = [...new Set([...cdktfKeys, ...cdktnKeys])];
    const member = (object: { [key: string]: Json }, key: string) => (Object.hasOwn(object, key) ? object[key] : undefined);
    const members = keys.flatMap((key) => jsonDifferences(member(cdktf, key), member(cdktn, key), [...path, key]));
    const shared = (keysOf: string[]) => keysOf.filter((key) => Object.hasOwn(cdktf, key) && Object.hasOwn(cdktn, key));
    const cdktnOrder = shared(cdktnKeys);
    const reordered = shared(cdktfKeys).some((key, index) => cdktnOrder[index] !== key);
    return reordered ? [{ path, kind: 'key order', cdktf: cdktfKeys, cdktn: cdktnKeys }, ...members] : members;
  }
  if (Array.isArray(cdktf) && Array.isArray(cdktn) && cdktf.length === cdktn.length) {
    return cdktf.flatMap((item, index) => jsonDifferences(item, cdktn[index], [...path, index]));
  }
  return JSON.stringify(cdktf) === JSON.stringify(cdktn) ? [] : [{ path, kind: 'value', cdktf, cdktn }];
}

/**
 * Terraform's reading of a required_providers `source`: hostname, namespace and type, lower-cased, with
 * registry.terraform.io and the hashicorp namespace when omitted (`aws` and `hashicorp/aws` are one provider).
 */
function canonicalProviderSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length > 3) return source;
  const [hostname, namespace, type] = [...Array<string>(3 - parts.length).fill(''), ...parts];
  return `${hostname || 'registry.terraform.io'}/${namespace || 'hashicorp'}/${type}`;
}

const matches = (path: JsonPath, pattern: readonly (string | null)[]) =>
  path.length === pattern.length && pattern.every((part, index) => part === null || part === path[index]);

/** Gives its reason when a difference is one it expects, else undefined. */
type ExpectedRule = (file: string, difference: JsonDifference) => string | undefined;

const isConfiguration = (file: string) => file.endsWith('.tf.json');

/** What may differ between cdktf's and CDK Terrain's synthesis of the same app. */
const EXPECTED_DIFFERENCES: readonly ExpectedRule[] = [
  (file, { path, kind }) =>
    kind === 'value' && isConfiguration(file) && matches(path, ['//', 'metadata', 'version'])
      ? "the framework's version in the configuration's metadata"
      : undefined,
  (file, { path, kind }) =>
    kind === 'value' && file === 'manifest.json' && matches(path, ['version']) ? "the framework's version in the manifest" : undefined,
  (file, { path, kind }) =>
    kind === 'value' && isConfiguration(file) && matches(path, ['terraform', 'required_providers', null, 'version'])
      ? 'the provider version each provider package was generated from'
      : undefined,
  (file, { path, kind, cdktf, cdktn }) => {
    if (kind !== 'value' || !isConfiguration(file) || !matches(path, ['terraform', 'required_providers', null, 'source'])) return undefined;
    if (typeof cdktf !== 'string' || typeof cdktn !== 'string') return undefined;
    const address = canonicalProviderSource(cdktf);
    return address === canonicalProviderSource(cdktn) ? `the same provider address, ${address}` : undefined;
  },
  (_file, { kind }) => (kind === 'key order' ? 'Terraform reads JSON object members by name, in any order' : undefined),
];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `terraform.required_providers.aws.version`, `["//"].metadata.version`, `resource.aws_iam_role["a-b"].tags[0]`. */
function formatPath(path: JsonPath): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : IDENTIFIER.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
    .join('')
    .replace(/^\./, '');
}

const MAX_VALUE_LENGTH = 120;

function formatValue(value: Json | undefined): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

const sha256 = (contents: Uint8Array) => createHash('sha256').update(contents).digest('hex').slice(0, 12);

function parseJson(contents: Uint8Array): Json | undefined {
  try {
    return JSON.parse(Buffer.from(contents).toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}

/** The first line where two texts part, or the sizes and hashes of two binary files. */
function contentDifference(file: string, cdktf: Uint8Array, cdktn: Uint8Array): Difference {
  const isText = (contents: Uint8Array) => !contents.includes(0);
  if (isText(cdktf) && isText(cdktn)) {
    const cdktfLines = Buffer.from(cdktf).toString('utf8').split('\n');
    const cdktnLines = Buffer.from(cdktn).toString('utf8').split('\n');
    const line = cdktfLines.findIndex((text, index) => text !== cdktnLines[index]);
    const at = line === -1 ? cdktfLines.length : line;
    const show = (text: string | undefined) => (text === undefined ? '(end of file)' : formatValue(text));
    return { file, path: `line ${at + 1}`, cdktf: show(cdktfLines[at]), cdktn: show(cdktnLines[at]) };
  }
  const describe = (contents: Uint8Array) => `${contents.length} bytes, sha256 ${sha256(contents)}`;
  return { file, path: '', cdktf: describe(cdktf), cdktn: describe(cdktn) };
}

function fileDifferences(file: string, cdktf: Uint8Array, cdktn: Uint8Array): { expected: ExpectedDifference[]; unexpected: Difference[] } {
  const expected: ExpectedDifference[] = [];
  const unexpected: Difference[] = [];
  if (Buffer.from(cdktf).equals(cdktn)) return { expected, unexpected };
  const [cdktfJson, cdktnJson] = file.endsWith('.json') ? [parseJson(cdktf), parseJson(cdktn)] : [undefined, undefined];
  if (cdktfJson === undefined || cdktnJson === undefined) return { expected, unexpected: [contentDifference(file, cdktf, cdktn)] };
  for (const difference of jsonDifferences(cdktfJson, cdktnJson)) {
    const found = { file, path: formatPath(difference.path), cdktf: formatValue(difference.cdktf), cdktn: formatValue(difference.cdktn) };
    const reason = EXPECTED_DIFFERENCES.map((rule) => rule(file, difference)).find((explained) => explained !== undefined);
    if (reason === undefined) unexpected.push(found);
    else expected.push({ ...found, reason });
  }
  return { expected, unexpected };
}

/** Compares two output folders given as file (relative path) -> contents. */
function compareOutputs(cdktf: ReadonlyMap<string, Uint8Array>, cdktn: ReadonlyMap<string, Uint8Array>): Comparison {
  const files = [...new Set([...cdktf.keys(), ...cdktn.keys()])].sort();
  const expected: ExpectedDifference[] = [];
  const unexpected: Difference[] = [];
  for (const file of files) {
    const [cdktfContents, cdktnContents] = [cdktf.get(file), cdktn.get(file)];
    if (cdktfContents === undefined || cdktnContents === undefined) {
      const presence = (contents: Uint8Array | undefined) => (contents === undefined ? '(absent)' : 'present');
      unexpected.push({ file, path: '', cdktf: presence(cdktfContents), cdktn: presence(cdktnContents) });
      continue;
    }
    const found = fileDifferences(file, cdktfContents, cdktnContents);
    expected.push(...found.expected);
    unexpected.push(...found.unexpected);
  }
  return { expected, unexpected };
}

function formatDifference({ file, path, cdktf, cdktn }: Difference): string {
  return `${path === '' ? file : `${file} ${path}`}: cdktf ${cdktf}, cdktn ${cdktn}`;
}

export { compareOutputs, canonicalProviderSource, formatDifference };
export type { Comparison, Difference, ExpectedDifference };
