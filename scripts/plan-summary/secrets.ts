import { isObject } from './plan';
import type { Json, ResourceChange, TerraformPlan } from './plan';

/** A secret this long or longer is also hidden inside longer strings; a shorter one only when it is the whole string. */
const MIN_EMBEDDED_SECRET_LENGTH = 8;

/**
 * The strings a plan marks sensitive anywhere (resource attributes, outputs, sensitive variables).
 * Terraform marks a value where it is sensitive, but a copy can reach another attribute unmarked
 * (`terraform_data`'s `output` mirrors a sensitive `input` unmarked in the prior state): every
 * printed string is checked against them all.
 */
class SensitiveStrings {
  private readonly exact: ReadonlySet<string>;
  private readonly embedded: readonly string[];

  constructor(values: Iterable<string>) {
    this.exact = new Set([...values].filter((value) => value !== ''));
    this.embedded = [...this.exact].filter((value) => value.length >= MIN_EMBEDDED_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  }

  /** True when the string is, or holds, a sensitive value. */
  holds(text: string): boolean {
    return this.exact.has(text) || this.embedded.some((secret) => text.includes(secret));
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
  for (const [name, variable] of Object.entries(plan.variables)) if (declared[name]?.sensitive === true) collect(variable.value, true, found);
  return new SensitiveStrings(found);
}

const NO_SECRETS = new SensitiveStrings([]);

export { SensitiveStrings, sensitiveStrings, NO_SECRETS, MIN_EMBEDDED_SECRET_LENGTH };
