import { actionReason, describeActions } from './actions';
import type { ResourceChange } from './plan';
import type { SensitiveStrings } from './secrets';
import { attributeChanges, formatShown } from './values';
import type { AttributeChange } from './values';

/** Longest value shown on a compact line; the full plan has the rest. */
const VALUE_LENGTH = 200;
const ATTRIBUTE_INDENT = '    ';

/** `triggers_replace`, `tags["Name"]`, `ebs_block_device[0].size` */
function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((step, index) =>
      typeof step === 'number'
        ? `[${step}]`
        : index === 0
          ? step
          : /^[A-Za-z_][\w-]*$/.test(step)
            ? `.${step}`
            : `[${JSON.stringify(step)}]`,
    )
    .join('');
}

function attributeLine(change: AttributeChange, replacement: string | undefined): string {
  const symbol = change.before === undefined ? '+' : change.after === undefined ? '-' : '~';
  const after = change.after === undefined ? 'null' : formatShown(change.after, VALUE_LENGTH);
  const value = replacement ?? (change.before === undefined ? after : `${formatShown(change.before, VALUE_LENGTH)} -> ${after}`);
  return `${symbol}${ATTRIBUTE_INDENT}${change.name} = ${value}${change.forcesReplacement ? '  # forces replacement' : ''}`;
}

interface CompactOptions {
  readonly secrets: SensitiveStrings;
  /** What the header says the change is, when not the action itself (e.g. for drift). */
  readonly label?: (kind: string) => string;
  /** Which attributes to show (all unless given). */
  readonly showAttribute?: (name: string) => boolean;
  /** Text standing for an attribute's values when another part of the comment shows them. */
  readonly shownElsewhere?: (resource: ResourceChange, attribute: string) => string | undefined;
}

/**
 * A change in a few lines, Terraform's symbols first so a `diff` block colours them: the header
 * (address, action, why), then each attribute it sets or alters; a deletion is its header alone.
 * Sensitive values read "(sensitive value)", unknown ones "(known after apply)".
 */
function compactLines(resource: ResourceChange, options: CompactOptions): string[] {
  const { kind, symbol, order } = describeActions(resource.change.actions);
  const label =
    options.label?.(kind) ?? (kind === 'replace' ? `replace: ${order}` : kind === 'other' ? resource.change.actions.join(', ') : kind);
  const importing = resource.change.importing;
  const details = [
    label,
    actionReason(resource),
    resource.previous_address === undefined ? undefined : `moved from ${resource.previous_address}`,
    importing === undefined || importing === null ? undefined : `import ${importing.id ?? '(id known after apply)'}`,
  ].filter((detail) => detail !== undefined);
  const deposed = resource.deposed === undefined ? '' : ` (deposed object ${resource.deposed})`;
  const header = `${symbol} ${resource.address}${deposed} (${details.join('; ')})`;
  if (kind === 'destroy' || kind === 'forget') return [header];
  const attributes = attributeChanges(resource.change, options.secrets).filter((change) => options.showAttribute?.(change.name) ?? true);
  return [header, ...attributes.map((change) => attributeLine(change, options.shownElsewhere?.(resource, change.name)))];
}

export { compactLines, formatPath, VALUE_LENGTH };
