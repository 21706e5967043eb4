import { isObject } from './plan';
import type { Change, Json } from './plan';
import type { SensitiveStrings } from './secrets';

const SENSITIVE = Symbol('sensitive value');
const UNKNOWN = Symbol('known after apply');

/** A value as it may be shown: sensitive parts replaced by SENSITIVE, parts known only after apply by UNKNOWN. */
type Shown = null | boolean | number | string | typeof SENSITIVE | typeof UNKNOWN | Shown[] | { [key: string]: Shown };

const maskAt = (mask: Json | undefined, key: string | number): Json | undefined =>
  Array.isArray(mask) && typeof key === 'number' ? mask[key] : isObject(mask) && typeof key === 'string' ? mask[key] : undefined;

/** True when a mask marks anything at all: a mask whose shape does not match its value is then trusted whole. */
function marksAnything(mask: Json | undefined): boolean {
  if (mask === true) return true;
  if (Array.isArray(mask)) return mask.some(marksAnything);
  if (isObject(mask)) return Object.values(mask).some(marksAnything);
  return false;
}

/**
 * The value with every part its sensitivity mask marks, and every string or number that is or holds
 * one of the plan's sensitive values, replaced by SENSITIVE; every part its unknown mask marks
 * replaced by UNKNOWN. A sensitive mask that does not fit the value's shape hides the whole value.
 */
function reveal(value: Json | undefined, sensitive: Json | undefined, unknown: Json | undefined, secrets: SensitiveStrings): Shown {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(value)) {
    if (isObject(sensitive) && marksAnything(sensitive)) return SENSITIVE;
    const length = Math.max(value.length, Array.isArray(unknown) ? unknown.length : 0);
    return Array.from({ length }, (_, index) => reveal(value[index] ?? null, maskAt(sensitive, index), maskAt(unknown, index), secrets));
  }
  if (isObject(value) || (value === undefined && isObject(unknown))) {
    if (Array.isArray(sensitive) && marksAnything(sensitive)) return SENSITIVE;
    const object = value ?? {};
    const keys = new Set([
      ...Object.keys(object),
      ...(isObject(unknown) ? Object.keys(unknown).filter((key) => marksAnything(unknown[key])) : []),
    ]);
    return Object.fromEntries(
      [...keys].sort().map((key) => [key, reveal(object[key] ?? null, maskAt(sensitive, key), maskAt(unknown, key), secrets)]),
    );
  }
  if (marksAnything(sensitive)) return SENSITIVE;
  if ((typeof value === 'string' || typeof value === 'number') && secrets.holds(String(value))) return SENSITIVE;
  return value ?? null;
}

class OutOfRoom extends Error {}

/** Compact JSON of a shown value, at most `maxLength` characters (cut with an ellipsis), stopping early on a large value. */
function formatShown(shown: Shown, maxLength: number): string {
  const parts: string[] = [];
  let length = 0;
  const write = (text: string): void => {
    parts.push(text);
    length += text.length;
    if (length > maxLength) throw new OutOfRoom();
  };
  const visit = (value: Shown): void => {
    if (value === SENSITIVE) write('(sensitive value)');
    else if (value === UNKNOWN) write('(known after apply)');
    else if (Array.isArray(value)) {
      write('[');
      value.forEach((item, index) => {
        if (index > 0) write(',');
        visit(item);
      });
      write(']');
    } else if (typeof value === 'object' && value !== null) {
      write('{');
      Object.entries(value).forEach(([key, item], index) => {
        write(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        visit(item);
      });
      write('}');
    } else write(JSON.stringify(value));
  };
  try {
    visit(shown);
    return parts.join('');
  } catch (error) {
    if (!(error instanceof OutOfRoom)) throw error;
    return `${parts.join('').slice(0, Math.max(0, maxLength - 1))}…`;
  }
}

function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/** The value of one side of a change with its masks applied; a side with a value but no mask is hidden whole. */
function side(value: Json | undefined, sensitive: Json | undefined, unknown: Json | undefined, secrets: SensitiveStrings): Shown {
  if (value !== undefined && value !== null && sensitive === undefined) return SENSITIVE;
  return reveal(value, sensitive, unknown, secrets);
}

interface AttributeChange {
  readonly name: string;
  /** Undefined when the attribute is new. */
  readonly before: Shown | undefined;
  /** Undefined when the attribute goes away. */
  readonly after: Shown | undefined;
  readonly forcesReplacement: boolean;
}

/**
 * The top-level attributes a change sets or alters: every known or unknown attribute of a new
 * object, the differing ones of an update or replacement, none of a deletion.
 */
function attributeChanges(change: Change, secrets: SensitiveStrings): AttributeChange[] {
  const before = isObject(change.before) ? change.before : undefined;
  const after = isObject(change.after) ? change.after : undefined;
  const unknown = change.after_unknown;
  if (after === undefined && unknown !== true) return [];
  const forcing = new Set((change.replace_paths ?? []).map((path) => String(path[0])));
  const beforeShown = side(change.before, change.before_sensitive, undefined, secrets);
  const afterShown = side(change.after, change.after_sensitive, unknown, secrets);
  const names = new Set([
    ...Object.keys(before ?? {}),
    ...Object.keys(after ?? {}),
    ...(isObject(unknown) ? Object.keys(unknown).filter((name) => marksAnything(unknown[name])) : []),
  ]);
  const pick = (shown: Shown, name: string): Shown | undefined =>
    typeof shown === 'symbol' ? shown : typeof shown === 'object' && shown !== null && !Array.isArray(shown) ? shown[name] : undefined;
  const changes: AttributeChange[] = [];
  for (const name of [...names].sort()) {
    const isUnknown = unknown === true || marksAnything(maskAt(unknown, name));
    const beforeValue = before?.[name] ?? null;
    const afterValue = after?.[name] ?? null;
    if (!isUnknown && deepEqual(beforeValue, afterValue)) continue;
    changes.push({
      name,
      before: before === undefined || beforeValue === null ? undefined : pick(beforeShown, name),
      after: afterValue === null && !isUnknown ? undefined : pick(afterShown, name),
      forcesReplacement: forcing.has(name),
    });
  }
  return changes;
}

export { SENSITIVE, UNKNOWN, reveal, side, formatShown, attributeChanges, deepEqual };
export type { Shown, AttributeChange };
