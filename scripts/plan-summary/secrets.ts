import { isObject } from './plan';
import type { Json, ResourceChange, TerraformPlan } from './plan';

/** A secret this long or longer is also hidden inside longer strings; a shorter one only when it is the whole string. */
const MIN_EMBEDDED_SECRET_LENGTH = 8;

const HASH_BASE = 31;
/** Read once: the loop below runs per character, and a global read each time is slow inside a vm sandbox (jest's). */
const { imul } = Math;

/** A hash of `length` characters of `text` from `start`, in 32-bit arithmetic. */
function windowHash(text: string, start: number, length: number): number {
  let hash = 0;
  for (let index = start; index < start + length; index++) hash = (imul(hash, HASH_BASE) + text.charCodeAt(index)) | 0;
  return hash;
}

/**
 * The strings a plan marks sensitive anywhere (resource attributes, outputs, sensitive variables).
 * Terraform marks a value where it is sensitive, but a copy can reach another attribute unmarked
 * (`terraform_data`'s `output` mirrors a sensitive `input` unmarked in the prior state): every
 * printed string is checked against them all, in one pass over the string (Rabin-Karp on each
 * secret's first characters), so a plan of thousands of secrets stays fast.
 */
class SensitiveStrings {
  private readonly exact: ReadonlySet<string>;
  /** Secrets long enough to look for inside other strings, by the hash of their first characters. */
  private readonly byPrefixHash = new Map<number, string[]>();
  /** HASH_BASE to the power of the window length minus one: what the character leaving the window weighed. */
  private readonly leavingWeight: number;

  constructor(values: Iterable<string>) {
    this.exact = new Set([...values].filter((value) => value !== ''));
    for (const secret of this.exact) {
      if (secret.length < MIN_EMBEDDED_SECRET_LENGTH) continue;
      const hash = windowHash(secret, 0, MIN_EMBEDDED_SECRET_LENGTH);
      this.byPrefixHash.set(hash, [...(this.byPrefixHash.get(hash) ?? []), secret]);
    }
    let weight = 1;
    for (let index = 1; index < MIN_EMBEDDED_SECRET_LENGTH; index++) weight = imul(weight, HASH_BASE);
    this.leavingWeight = weight;
  }

  /** True when the string is, or holds, a sensitive value. */
  holds(text: string): boolean {
    if (this.exact.has(text)) return true;
    if (this.byPrefixHash.size === 0 || text.length < MIN_EMBEDDED_SECRET_LENGTH) return false;
    let hash = windowHash(text, 0, MIN_EMBEDDED_SECRET_LENGTH);
    for (let start = 0; ; start++) {
      const candidates = this.byPrefixHash.get(hash);
      if (candidates?.some((secret) => text.startsWith(secret, start))) return true;
      const next = start + MIN_EMBEDDED_SECRET_LENGTH;
      if (next >= text.length) return false;
      hash = (imul(hash - imul(text.charCodeAt(start), this.leavingWeight), HASH_BASE) + text.charCodeAt(next)) | 0;
    }
  }
}

function collect(value: Json | undefined, mask: Json | undefined, into: Set<string>, marked = false): void {
  const sensitive = marked || mask === true;
  if (typeof value === 'string') {
    if (sensitive) into.add(value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, Array.isArray(mask) ? mask[index] : undefined, into, sensitive));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) collect(item, isObject(mask) ? mask[key] : undefined, into, sensitive);
  } else if (typeof value === 'number' && sensitive) into.add(String(value));
}

function sensitiveStrings(plan: TerraformPlan): SensitiveStrings {
  const found = new Set<string>();
  const resources: readonly ResourceChange[] = [
    ...plan.resource_changes,
    ...plan.resource_drift,
    ...plan.deferred_changes.map((deferred) => deferred.resource_change),
  ];
  for (const { change } of [...resources, ...Object.values(plan.output_changes).map((change) => ({ change }))]) {
    collect(change.before, change.before_sensitive, found);
    collect(change.after, change.after_sensitive, found);
  }
  const declared = plan.configuration.root_module?.variables ?? {};
  for (const [name, variable] of Object.entries(plan.variables))
    if (declared[name]?.sensitive === true) collect(variable.value, true, found);
  return new SensitiveStrings(found);
}

const NO_SECRETS = new SensitiveStrings([]);

export { SensitiveStrings, sensitiveStrings, NO_SECRETS };
