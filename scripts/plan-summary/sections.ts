import { actionReason, deferredReason, describeActions } from './actions';
import { compactLines, formatPath, VALUE_LENGTH } from './compact';
import { fitItems } from './fit';
import type { Section, Shrinkable } from './fit';
import { cell, code, count, DETAILS_CLOSE, detailsOpen, fenceFor, html, plural, text } from './markdown';
import type { Change, CheckResult, DeferredChange, ResourceChange, TerraformPlan } from './plan';
import { DEFINITION } from './state-machines';
import type { SensitiveStrings } from './secrets';
import type { StateMachineDefinitionChange } from './state-machines';
import { attributeChanges, formatShown, side } from './values';

/** Sections in the order they are shortened, least important first. */
const IMPORTANCE = {
  fullPlan: 10,
  definitionDiffs: 20,
  outputs: 30,
  drift: 40,
  stateMachines: 50,
  deferred: 60,
  checks: 70,
  destructive: 80,
} as const;

/** Most names listed in one line before "and N more". */
const NAMES_LISTED = 40;

interface SectionContext {
  readonly secrets: SensitiveStrings;
}

/** Where a section lost something; the footer says where the whole plan is. */
const cutNote = (what: string): string => `_${what} cut for length._\n`;

/**
 * A heading, items and a closing text, shortened by whole items with a note on what was left out
 * (`omitted(n, all)` names the last n of all items), or to the heading and that note.
 */
function listSection(
  importance: number,
  title: string,
  heading: string,
  items: readonly (string | Shrinkable)[],
  omitted: string | ((count: number, all: boolean) => string),
  tailText = '\n',
): Section {
  const describe =
    typeof omitted === 'string' ? (count: number, all: boolean) => plural(count, all ? omitted : `more ${omitted}`) : omitted;
  const tail = (count: number): string => (count === 0 ? tailText : `${tailText}${cutNote(describe(count, false))}\n`);
  const full = `${heading}${items.map((item) => (typeof item === 'string' ? item : item.full)).join('')}${tail(0)}`;
  const dropped = `${heading}${cutNote(describe(items.length, true))}\n`;
  return {
    importance,
    title,
    full,
    dropped,
    shrink: (room) => fitItems(heading, items, tail, room) || (dropped.length <= room ? dropped : ''),
  };
}

/** A fenced `diff` block in `<details>`, shortened by whole lines with a note. */
function codeDetails(summaryHtml: string, lines: readonly string[], what: string): Shrinkable {
  const { open, close } = fenceFor(lines, 'diff');
  const head = `${detailsOpen(summaryHtml)}${open}`;
  const items = lines.map((line) => `${line}\n`);
  const tail = (omitted: number): string =>
    `${close}${omitted === 0 ? '' : `\n${cutNote(`The last ${plural(omitted, 'line')} of ${what}`)}`}${DETAILS_CLOSE}`;
  return { full: `${head}${items.join('')}${tail(0)}`, shrink: (room) => fitItems(head, items, tail, room) };
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_LISTED).map(code).join(', ');
  return names.length > NAMES_LISTED ? `${shown} and ${count(names.length - NAMES_LISTED)} more` : shown;
}

function whyReplaced(resource: ResourceChange): string {
  const { order } = describeActions(resource.change.actions);
  const paths = resource.change.replace_paths ?? [];
  const reason = paths.length > 0 ? `forced by ${listNames(paths.map(formatPath))}` : actionReason(resource);
  return [order, reason].filter((part) => part !== undefined).join('; ');
}

function destructiveSection(changes: readonly ResourceChange[]): Section | undefined {
  const rows = changes.flatMap((resource) => {
    const { kind } = describeActions(resource.change.actions);
    const deposed = resource.deposed === undefined ? '' : ` (deposed object ${code(resource.deposed)})`;
    const what = `${code(resource.address)}${deposed}`;
    if (kind === 'replace') return [`| **replace** | ${cell(what)} | ${cell(whyReplaced(resource))} |\n`];
    if (kind === 'destroy') return [`| **destroy** | ${cell(what)} | ${cell(actionReason(resource) ?? '')} |\n`];
    if (kind === 'forget') return [`| forget | ${cell(what)} | ${cell('stays in AWS, no longer managed by Terraform')} |\n`];
    return [];
  });
  if (rows.length === 0) return undefined;
  return listSection(
    IMPORTANCE.destructive,
    'objects replaced or destroyed',
    '#### Replaced or destroyed\n\n| Action | Resource | Why |\n|---|---|---|\n',
    rows,
    'replaced or destroyed object',
  );
}

function checksSection(checks: readonly CheckResult[]): Section | undefined {
  const items = checks
    .filter((check) => check.status === 'fail' || check.status === 'error')
    .flatMap((check) => {
      const problems = (check.instances ?? []).flatMap((instance) =>
        (instance.problems ?? []).map((problem) => `- ${code(instance.address.to_display)}: ${text(problem.message)}\n`),
      );
      return problems.length > 0 ? problems : [`- ${code(check.address.to_display)}: ${check.status}\n`];
    });
  if (items.length === 0) return undefined;
  return listSection(IMPORTANCE.checks, 'failed checks', '#### Failed checks\n\n', items, 'failed check');
}

function deferredSection(deferred: readonly DeferredChange[]): Section | undefined {
  if (deferred.length === 0) return undefined;
  const items = deferred.map(({ reason, resource_change: resource }) => {
    const { kind } = describeActions(resource.change.actions);
    return `- ${code(resource.address)} (${kind}): ${deferredReason(reason)}\n`;
  });
  return listSection(
    IMPORTANCE.deferred,
    'deferred changes',
    '#### Deferred\n\nThese changes wait for values this plan could not know; plan again after applying it.\n\n',
    items,
    'deferred change',
  );
}

function stateMachineLine(change: StateMachineDefinitionChange): string {
  const what = `- ${code(change.address)} (${change.kind}): `;
  const { outcome } = change;
  switch (outcome.kind) {
    case 'unknown':
      return `${what}the new definition is known only after apply (it uses values of objects this plan creates or replaces), so it cannot be compared yet.\n`;
    case 'sensitive':
      return `${what}the definition is sensitive and is not shown.\n`;
    case 'reformatted':
      return `${what}only the text's formatting or key order changed; the definition is the same.\n`;
    case 'not-json':
      return `${what}the definition is not a JSON object; see its line diff.\n`;
    case 'diff': {
      const parts = [
        outcome.addedStates.length > 0 ? `states added: ${listNames(outcome.addedStates)}` : undefined,
        outcome.removedStates.length > 0 ? `removed: ${listNames(outcome.removedStates)}` : undefined,
        outcome.changedStates.length > 0
          ? `changed: ${outcome.changedStates
              .slice(0, NAMES_LISTED)
              .map((state) => `${code(state.name)} (${state.fields.join(', ')})`)
              .join(
                ', ',
              )}${outcome.changedStates.length > NAMES_LISTED ? ` and ${count(outcome.changedStates.length - NAMES_LISTED)} more` : ''}`
          : undefined,
        outcome.changedFields.length > 0 ? `top-level fields changed: ${listNames(outcome.changedFields)}` : undefined,
      ].filter((part) => part !== undefined);
      return `${what}${parts.length > 0 ? parts.join('; ') : 'no state changed'}.\n`;
    }
  }
}

function stateMachinesSection(changes: readonly StateMachineDefinitionChange[]): Section | undefined {
  if (changes.length === 0) return undefined;
  return listSection(
    IMPORTANCE.stateMachines,
    'state machine changes',
    '#### Step Functions definitions\n\n',
    changes.map(stateMachineLine),
    'state machine',
  );
}

function definitionDiffsSection(changes: readonly StateMachineDefinitionChange[]): Section | undefined {
  const blocks = changes.flatMap((change) => {
    const { outcome } = change;
    if (outcome.kind !== 'diff' && outcome.kind !== 'not-json') return [];
    const summary = `Definition diff of <code>${html(change.address)}</code>: +${count(outcome.linesAdded)} −${count(outcome.linesRemoved)} lines`;
    return [codeDetails(summary, outcome.hunks, `the definition diff of ${code(change.address)}`)];
  });
  if (blocks.length === 0) return undefined;
  return listSection(IMPORTANCE.definitionDiffs, 'definition diffs', '', blocks, 'definition diff', '');
}

/** Per drifted object, the attributes the plan depends on ('all' for the whole object), from `relevant_attributes`. */
function relevantAttributes(plan: Pick<TerraformPlan, 'relevant_attributes'>): Map<string, Set<string> | 'all'> {
  const relevant = new Map<string, Set<string> | 'all'>();
  for (const { resource, attribute } of plan.relevant_attributes) {
    const known = relevant.get(resource);
    if (known === 'all') continue;
    if (attribute.length === 0) relevant.set(resource, 'all');
    else relevant.set(resource, (known ?? new Set()).add(String(attribute[0])));
  }
  return relevant;
}

/**
 * Objects changed outside Terraform. As in Terraform's own output, values are shown for deletions and
 * for the attributes the plan depends on (`relevant_attributes`); other drift (often the refresh
 * normalizing a value, or an edit the plan reverts) is listed by attribute name only.
 */
function driftSection(plan: Pick<TerraformPlan, 'resource_drift' | 'relevant_attributes'>, context: SectionContext): Section | undefined {
  if (plan.resource_drift.length === 0) return undefined;
  const relevant = relevantAttributes(plan);
  const described = plan.resource_drift.map((resource) => {
    const { kind } = describeActions(resource.change.actions);
    const attributes = relevant.get(resource.address);
    const showAttribute = (name: string): boolean => attributes === 'all' || (attributes?.has(name) ?? false);
    const names = attributeChanges(resource.change, context.secrets).map((change) => change.name);
    return { resource, kind, names, showAttribute, shown: kind === 'destroy' || names.some(showAttribute) };
  });
  const shown = described.filter((drift) => drift.shown);
  const others = described.filter((drift) => !drift.shown);
  const othersNote =
    others.length === 0
      ? ''
      : `${shown.length === 0 ? 'Changed since the last apply' : '\nAlso changed'}, in attributes this plan does not depend on (where the configuration sets them, the plan changes them back): ${others
          .slice(0, NAMES_LISTED)
          .map(({ resource, names }) => `${code(resource.address)} (${names.length > 0 ? listNames(names) : 'no attribute'})`)
          .join(', ')}${others.length > NAMES_LISTED ? ` and ${count(others.length - NAMES_LISTED)} more` : ''}.\n`;
  const label = (kind: string): string => (kind === 'destroy' ? 'deleted outside Terraform' : 'changed outside Terraform');
  const items: (string | Shrinkable)[] = shown.map(
    ({ resource, kind, names, showAttribute }) =>
      `- ${code(resource.address)}: ${kind === 'destroy' ? 'deleted' : `changed (${listNames(names.filter(showAttribute))})`}\n`,
  );
  if (shown.length > 0) {
    const lines = shown.flatMap(({ resource, showAttribute }) =>
      compactLines(resource, { label, showAttribute, secrets: context.secrets }),
    );
    const values = codeDetails('Values changed outside Terraform', lines, 'the changes outside Terraform');
    items.push({
      full: `\n${values.full}`,
      shrink: (room) => (room > 1 && values.shrink(room - 1) !== '' ? `\n${values.shrink(room - 1)}` : ''),
    });
  }
  // The last item is the values' block: a cut of n items leaves out n - 1 objects and the values.
  const omitted = (count: number, all: boolean): string =>
    shown.length > 0 && count === 1
      ? 'The values changed outside Terraform'
      : `${plural(shown.length > 0 ? count - 1 : count, all ? 'object' : 'more object')} changed outside Terraform${shown.length > 0 ? ' and their values' : ''}`;
  return listSection(
    IMPORTANCE.drift,
    'changes outside Terraform',
    `#### Changed outside Terraform\n\n${shown.length > 0 ? 'The refresh found these objects changed since the last apply, in attributes this plan depends on:\n\n' : ''}`,
    items,
    omitted,
    `${othersNote}\n`,
  );
}

function outputValue(change: Change, secrets: SensitiveStrings): string {
  const before = side(change.before, change.before_sensitive, undefined, secrets);
  const after = side(change.after, change.after_sensitive, change.after_unknown, secrets);
  const { kind } = describeActions(change.actions);
  if (kind === 'destroy') return code(formatShown(before, VALUE_LENGTH));
  if (kind === 'create') return code(formatShown(after, VALUE_LENGTH));
  return `${code(formatShown(before, VALUE_LENGTH))} → ${code(formatShown(after, VALUE_LENGTH))}`;
}

function outputsSection(outputs: Readonly<Record<string, Change>>, context: SectionContext): Section | undefined {
  const rows = Object.entries(outputs)
    .filter(([, change]) => describeActions(change.actions).kind !== 'no-op')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, change]) =>
        `| ${cell(code(name))} | ${describeActions(change.actions).kind} | ${cell(outputValue(change, context.secrets))} |\n`,
    );
  if (rows.length === 0) return undefined;
  return listSection(IMPORTANCE.outputs, 'outputs', '#### Outputs\n\n| Output | Action | Value |\n|---|---|---|\n', rows, 'output');
}

function fullPlanSection(
  changes: readonly ResourceChange[],
  stateMachines: readonly StateMachineDefinitionChange[],
  context: SectionContext,
): Section | undefined {
  const shown = changes.filter((resource) => describeActions(resource.change.actions).kind !== 'no-op');
  if (shown.length === 0) return undefined;
  const diffed = new Set(stateMachines.map((change) => change.address));
  const shownElsewhere = (resource: ResourceChange, attribute: string): string | undefined =>
    attribute === DEFINITION && diffed.has(resource.address) ? '(see Step Functions definitions)' : undefined;
  const lines = shown.flatMap((resource) => compactLines(resource, { shownElsewhere, secrets: context.secrets }));
  const block = codeDetails(`Full plan: ${plural(shown.length, 'change')}`, lines, 'the full plan');
  const dropped = `_The full plan (${plural(shown.length, 'change')}) is cut for length._\n\n`;
  return {
    importance: IMPORTANCE.fullPlan,
    title: 'the full plan',
    full: block.full,
    dropped,
    shrink: (room) => block.shrink(room) || (dropped.length <= room ? dropped : ''),
  };
}

export {
  destructiveSection,
  checksSection,
  deferredSection,
  stateMachinesSection,
  definitionDiffsSection,
  driftSection,
  outputsSection,
  fullPlanSection,
};
export type { SectionContext };
