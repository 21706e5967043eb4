import { countChanges, describeActions } from './actions';
import type { ChangeCounts } from './actions';
import { fitSections, fixed } from './fit';
import type { Section } from './fit';
import { code, count, plural, text } from './markdown';
import type { TerraformPlan } from './plan';
import {
  checksSection,
  deferredSection,
  definitionDiffsSection,
  destructiveSection,
  driftSection,
  fullPlanSection,
  outputsSection,
  stateMachinesSection,
} from './sections';
import type { SectionContext } from './sections';
import { sensitiveStrings } from './secrets';
import { stateMachineDefinitionChanges } from './state-machines';

/** GitHub refuses an issue or pull-request comment longer than this (counted here in UTF-16 code units, never fewer than characters). */
const MAX_COMMENT_LENGTH = 65_536;
const DEFAULT_FULL_PLAN = 'the output of `terraform show <planfile>`';

interface CommentOptions {
  /** Names the comment (its hidden marker) and the heading: one comment per environment. */
  readonly environment?: string;
  /** Markdown heading text in place of "Terraform plan: <environment>". */
  readonly title?: string;
  /** Markdown saying where the full plan is, for the notes on what was cut. */
  readonly fullPlan?: string;
  /** At most this many characters; GitHub's comment limit unless a test asks for less. */
  readonly maxLength?: number;
}

/** The first line of every comment: how the workflow finds the comment to update. */
function commentMarker(environment: string | undefined): string {
  return environment === undefined ? '<!-- plan-summary -->' : `<!-- plan-summary:${environment} -->`;
}

function header(options: CommentOptions): string {
  const title = options.title ?? (options.environment === undefined ? 'Terraform plan' : `Terraform plan: ${code(options.environment)}`);
  return `${commentMarker(options.environment)}\n### ${title}\n\n`;
}

function countsLine(counts: ChangeCounts): string {
  const main = [
    `${count(counts.create)} to create`,
    `${count(counts.update)} to update`,
    `${count(counts.replace)} to replace`,
    `${count(counts.destroy)} to destroy`,
  ];
  const extra = [
    counts.import > 0 ? `${count(counts.import)} to import` : undefined,
    counts.move > 0 ? `${count(counts.move)} moved` : undefined,
    counts.forget > 0 ? `${count(counts.forget)} to forget` : undefined,
    counts.read > 0 ? `${count(counts.read)} to read during apply` : undefined,
    counts.other > 0 ? `${count(counts.other)} with other actions` : undefined,
    counts['no-op'] > 0 ? `${count(counts['no-op'])} unchanged` : undefined,
  ].filter((part) => part !== undefined);
  return `**Plan:** ${main.join(', ')}${extra.length > 0 ? ` · ${extra.join(' · ')}` : ''}\n\n`;
}

function alerts(plan: TerraformPlan): string {
  if (plan.errored)
    return '> [!CAUTION]\n> **The plan errored**: Terraform stopped before planning everything, so this plan is incomplete and cannot be applied. Failed checks, if any, are below; the job log has every error.\n\n';
  if (!plan.complete)
    return `> [!WARNING]\n> **Incomplete plan**: ${plan.deferred_changes.length > 0 ? `${count(plan.deferred_changes.length)} change(s) are deferred` : 'some changes are deferred'} until values are known. Apply this plan, then plan again.\n\n`;
  return '';
}

function hasChanges(plan: TerraformPlan): boolean {
  const changing = (actions: readonly string[]): boolean => describeActions(actions).kind !== 'no-op';
  return (
    plan.resource_changes.some((resource) => changing(resource.change.actions)) ||
    Object.values(plan.output_changes).some((change) => changing(change.actions)) ||
    plan.deferred_changes.length > 0
  );
}

/** The versions and where the full plan is, after a note naming what was cut when anything was. */
function footer(plan: TerraformPlan, fullPlan: string, cut: readonly string[], limit: number): string {
  const version = plan.terraform_version === undefined ? '' : `Terraform ${text(plan.terraform_version)} · `;
  const list = cut.length > 1 ? `${cut.slice(0, -1).join(', ')} and ${cut.at(-1)}` : cut.join('');
  const shortened =
    cut.length === 0
      ? ''
      : `> [!NOTE]\n> Cut to fit the comment limit (${count(limit)} characters): ${list}, in part or whole. The full plan: ${fullPlan}.\n\n`;
  return `${shortened}<sub>${version}plan JSON format ${text(plan.format_version)} · full plan: ${fullPlan}</sub>\n`;
}

/**
 * The pull-request comment for a plan: the hidden marker, the counts, what is replaced or destroyed,
 * failed checks, deferred changes, state machine definition changes, drift, outputs, the definition
 * diffs and the compact full plan, shortened least important first to fit `maxLength`.
 */
function renderPlanComment(plan: TerraformPlan, options: CommentOptions = {}): string {
  const fullPlan = options.fullPlan ?? DEFAULT_FULL_PLAN;
  const context: SectionContext = { secrets: sensitiveStrings(plan) };
  const stateMachines = stateMachineDefinitionChanges(plan.resource_changes, context.secrets);
  const counts = countChanges(plan.resource_changes);
  const unchanged = counts['no-op'] > 0 ? ` (${plural(counts['no-op'], 'object')} unchanged)` : '';
  const summary = hasChanges(plan) ? countsLine(counts) : `**No changes.** The infrastructure matches the configuration${unchanged}.\n\n`;
  const sections: (Section | undefined)[] = [
    fixed(`${header(options)}${summary}${alerts(plan)}`),
    destructiveSection(plan.resource_changes),
    checksSection(plan.checks),
    deferredSection(plan.deferred_changes),
    stateMachinesSection(stateMachines),
    definitionDiffsSection(stateMachines),
    driftSection(plan, context),
    outputsSection(plan.output_changes, context),
    fullPlanSection(plan.resource_changes, stateMachines, context),
  ];
  const limit = options.maxLength ?? MAX_COMMENT_LENGTH;
  return fitSections(
    sections.filter((section) => section !== undefined),
    limit,
    (cut) => footer(plan, fullPlan, cut, limit),
  );
}

/** The comment that stands in for a plan that did not run, saying why (`reason` is Markdown). */
function renderNotPlannedComment(reason: string, options: CommentOptions = {}): string {
  return fitSections(
    [fixed(`${header(options)}> [!WARNING]\n> **No plan**: ${reason.replace(/\n/g, '\n> ')}\n`)],
    options.maxLength ?? MAX_COMMENT_LENGTH,
  );
}

export { renderPlanComment, renderNotPlannedComment, MAX_COMMENT_LENGTH };
export type { CommentOptions };
