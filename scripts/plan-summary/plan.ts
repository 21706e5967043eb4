import { constants } from 'node:buffer';
import { NotATerraformPlan, PlanInputError, PlanNotJson, UnsupportedPlanFormat } from './errors';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One object's proposed change, as Terraform's JSON output format describes it ("change representation"). */
interface Change {
  /** ["no-op"], ["create"], ["read"], ["update"], ["delete", "create"], ["create", "delete"], ["delete"], ["forget"], ["create", "forget"]. */
  readonly actions: readonly string[];
  readonly before?: Json;
  /** Without the values known only after apply: `after_unknown` marks those. */
  readonly after?: Json;
  /** Mirrors `after` with `true` at each unknown value (or `true` for an unknown whole). */
  readonly after_unknown?: Json;
  /** Mirror `before`/`after` with `true` at each sensitive value; `before`/`after` hold those values in plain text. */
  readonly before_sensitive?: Json;
  readonly after_sensitive?: Json;
  /** The attribute paths that force a replacement. */
  readonly replace_paths?: readonly (readonly (string | number)[])[];
  readonly importing?: { readonly id?: string; readonly unknown?: boolean };
}

interface ResourceChange {
  readonly address: string;
  /** Set when a `moved` block or a refactoring moved the object. */
  readonly previous_address?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Set for an object left behind by a create-before-destroy replacement that failed. */
  readonly deposed?: string;
  readonly change: Change;
  readonly action_reason?: string;
}

interface DeferredChange {
  readonly reason: string;
  readonly resource_change: ResourceChange;
}

interface CheckResult {
  readonly address: { readonly to_display: string };
  readonly status: string;
  readonly instances?: readonly {
    readonly address: { readonly to_display: string };
    readonly status: string;
    readonly problems?: readonly { readonly message: string }[];
  }[];
}

/** What the summary reads of `terraform show -json <planfile>`; other properties are ignored, as the format asks. */
interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes: readonly ResourceChange[];
  /** Changes made outside Terraform since the last apply, found by the refresh. */
  readonly resource_drift: readonly ResourceChange[];
  /** The attributes of other objects the planned changes depend on: the drift that matters. */
  readonly relevant_attributes: readonly { readonly resource: string; readonly attribute: readonly (string | number)[] }[];
  readonly deferred_changes: readonly DeferredChange[];
  readonly output_changes: Readonly<Record<string, Change>>;
  readonly checks: readonly CheckResult[];
  readonly errored: boolean;
  readonly complete: boolean;
  /** The values given to the root module's variables (sensitive ones in plain text). */
  readonly variables: Readonly<Record<string, { readonly value?: Json }>>;
  readonly configuration: { readonly root_module?: { readonly variables?: Readonly<Record<string, { readonly sensitive?: boolean }>> } };
}

const HOW_TO_MAKE_ONE = 'pass the output of `terraform show -json <planfile>`';
const ZIP_MAGIC = Buffer.from('PK\u0003\u0004', 'latin1');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
/** Shown of each list of problems; the rest are counted. */
const PROBLEMS_SHOWN = 5;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text of a plan file: UTF-8, or UTF-16 with its byte-order mark (what Windows PowerShell's `>` writes). */
function decodePlanBytes(bytes: Buffer, source: string): string {
  if (bytes.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC))
    throw new NotATerraformPlan(`${source} is a binary plan file, not its JSON form: ${HOW_TO_MAKE_ONE}`);
  if (bytes.length > constants.MAX_STRING_LENGTH)
    throw new PlanInputError(
      `${source} holds ${bytes.length} bytes, more than this Node.js can read as one string (${constants.MAX_STRING_LENGTH})`,
    );
  if (bytes.subarray(0, UTF16LE_BOM.length).equals(UTF16LE_BOM)) return bytes.subarray(UTF16LE_BOM.length).toString('utf16le');
  if (bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)) return bytes.subarray(UTF8_BOM.length).toString('utf8');
  return bytes.toString('utf8');
}

function resourceChangeProblems(list: unknown, property: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [`${property} is not an array`];
  const problems: string[] = [];
  list.forEach((item: unknown, index) => {
    const entry = property === 'deferred_changes' && isObject(item) ? item.resource_change : item;
    const where = `${property}[${index}]`;
    if (!isObject(entry)) problems.push(`${where} is not an object`);
    else if (typeof entry.address !== 'string') problems.push(`${where} has no address`);
    else if (typeof entry.type !== 'string') problems.push(`${where} (${entry.address}) has no type`);
    else if (!isObject(entry.change) || !Array.isArray(entry.change.actions) || !entry.change.actions.every((a) => typeof a === 'string'))
      problems.push(`${where} (${entry.address}) has no change.actions list`);
  });
  return problems;
}

function outputChangeProblems(outputs: unknown): string[] {
  if (outputs === undefined) return [];
  if (!isObject(outputs)) return ['output_changes is not an object'];
  return Object.entries(outputs)
    .filter(([, change]) => !isObject(change) || !Array.isArray(change.actions))
    .map(([name]) => `output_changes.${name} has no actions list`);
}

/**
 * Reads `terraform show -json <planfile>` output. Throws PlanNotJson, NotATerraformPlan (with every
 * malformed entry listed) or UnsupportedPlanFormat, each naming `source`.
 */
function parsePlan(text: string, source: string): TerraformPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const empty = text.trim() === '' ? ' (the file is empty)' : '';
    throw new PlanNotJson(`${source} is not JSON${empty}: ${(error as Error).message}; ${HOW_TO_MAKE_ONE}`, { cause: error });
  }
  if (!isObject(value)) throw new NotATerraformPlan(`${source} holds JSON but not an object: ${HOW_TO_MAKE_ONE}`);
  if (typeof value.format_version !== 'string') throw new NotATerraformPlan(`${source} has no format_version: ${HOW_TO_MAKE_ONE}`);
  if (!('planned_values' in value) && !('resource_changes' in value)) {
    const what = 'values' in value ? 'a Terraform state (`terraform show -json` without a plan file)' : 'not a Terraform plan';
    throw new NotATerraformPlan(`${source} is ${what}: ${HOW_TO_MAKE_ONE}`);
  }
  const major = value.format_version.split('.')[0];
  if (major !== '1')
    throw new UnsupportedPlanFormat(
      `${source} is in plan JSON format ${value.format_version}; this summary reads format 1.x (Terraform >= 1.0)`,
    );

  const problems = [
    ...resourceChangeProblems(value.resource_changes, 'resource_changes'),
    ...resourceChangeProblems(value.resource_drift, 'resource_drift'),
    ...resourceChangeProblems(value.deferred_changes, 'deferred_changes'),
    ...outputChangeProblems(value.output_changes),
    ...(value.checks === undefined || Array.isArray(value.checks) ? [] : ['checks is not an array']),
    ...(value.relevant_attributes === undefined || Array.isArray(value.relevant_attributes) ? [] : ['relevant_attributes is not an array']),
    ...(value.variables === undefined || isObject(value.variables) ? [] : ['variables is not an object']),
    ...(value.configuration === undefined || isObject(value.configuration) ? [] : ['configuration is not an object']),
  ];
  if (problems.length > 0) {
    const more = problems.length > PROBLEMS_SHOWN ? `\n- and ${problems.length - PROBLEMS_SHOWN} more` : '';
    throw new NotATerraformPlan(
      `${source} is not a well-formed Terraform plan:\n${problems
        .slice(0, PROBLEMS_SHOWN)
        .map((problem) => `- ${problem}`)
        .join('\n')}${more}`,
    );
  }
  const plan = value as unknown as Partial<TerraformPlan> & { format_version: string };
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    resource_changes: plan.resource_changes ?? [],
    resource_drift: plan.resource_drift ?? [],
    relevant_attributes: plan.relevant_attributes ?? [],
    deferred_changes: plan.deferred_changes ?? [],
    output_changes: plan.output_changes ?? {},
    checks: plan.checks ?? [],
    errored: plan.errored === true,
    variables: plan.variables ?? {},
    configuration: plan.configuration ?? {},
    // A Terraform that writes no `complete` (older than deferred changes) planned everything unless it errored.
    complete: plan.complete ?? plan.errored !== true,
  };
}

export { decodePlanBytes, parsePlan, isObject };
export type { Json, JsonObject, Change, ResourceChange, DeferredChange, CheckResult, TerraformPlan };
