import { MAX_COMMENT_LENGTH, renderNotPlannedComment, renderPlanComment } from '../../../scripts/plan-summary/comment';
import { parsePlan } from '../../../scripts/plan-summary/plan';
import type { TerraformPlan } from '../../../scripts/plan-summary/plan';
import { FIXTURE_SECRETS, fixturePlan, largePlan } from './plans';

const FULL_PLAN = 'the `terraform-plan-production` artifact of [run 42](https://example.invalid/runs/42)';
const options = { environment: 'production', fullPlan: FULL_PLAN };

/** Every `<details>` closed and every code fence closed, whatever was cut. */
function expectWellFormed(comment: string): void {
  expect(comment.match(/<details>/g)?.length ?? 0).toBe(comment.match(/<\/details>/g)?.length ?? 0);
  expect(comment.split('\n').filter((line) => /^```/.test(line)).length % 2).toBe(0);
}

function expectNoFixtureSecret(comment: string): void {
  for (const secret of FIXTURE_SECRETS) expect(comment).not.toContain(secret);
}

describe('renderPlanComment', () => {
  it('counts the changes and lists every replaced or destroyed object first, with what forces each replacement', () => {
    const comment = renderPlanComment(fixturePlan('changes.json'), options);

    expect(
      comment.startsWith(
        [
          '<!-- plan-summary:production -->',
          '### Terraform plan: `production`',
          '',
          '**Plan:** 1 to create, 2 to update, 2 to replace, 1 to destroy · 1 unchanged',
          '',
          '#### Replaced or destroyed',
          '',
          '| Action | Resource | Why |',
          '|---|---|---|',
          '| **replace** | `terraform_data.bucket` | create the new object, then destroy the old one; forced by `triggers_replace` |',
          '| **replace** | `terraform_data.endpoint_config` | destroy, then create; forced by `triggers_replace` |',
          '| **destroy** | `terraform_data.legacy_queue` | no longer in the configuration |',
          '',
          '#### Outputs',
          '',
          '| Output | Action | Value |',
          '|---|---|---|',
          '| `credentials_user` | create | `(known after apply)` |',
          '| `password` | create | `(sensitive value)` |',
          '',
          '<details><summary>Full plan: 6 changes</summary>',
          '',
          '```diff',
          '+/- terraform_data.bucket (replace: create the new object, then destroy the old one; an argument that cannot change in place changed)',
        ].join('\n'),
      ),
    ).toBe(true);
    expect(comment).toContain(
      '\n-/+ terraform_data.endpoint_config (replace: destroy, then create; an argument that cannot change in place changed)\n',
    );
    expect(comment).toContain('\n~    triggers_replace = ["images-v1"] -> ["images-v2"]  # forces replacement\n');
    expect(comment).toContain(
      '\n- terraform_data.legacy_queue (destroy; no longer in the configuration)\n+ terraform_data.results_prefix (create)\n',
    );
    expect(comment.endsWith(`\n<sub>Terraform 1.11.4 · plan JSON format 1.2 · full plan: ${FULL_PLAN}</sub>\n`)).toBe(true);
    expectWellFormed(comment);
  });

  it('never prints a sensitive value, not even a copy Terraform left unmarked', () => {
    const comment = renderPlanComment(fixturePlan('changes.json'), options);

    expect(comment).toContain(
      '\n~    input = {"password":(sensitive value),"user":"app"} -> {"password":(sensitive value),"user":"app"}\n',
    );
    // terraform_data's `output` copies `input` but its prior state marks no part of it sensitive.
    expect(comment).toContain('\n~    output = {"password":(sensitive value),"user":"app"} -> (known after apply)\n');
    expectNoFixtureSecret(comment);
  });

  it('shows what changed in each state machine definition, then the diff collapsed, and drift the plan depends on', () => {
    const comment = renderPlanComment(fixturePlan('state-machines.json'), options);

    expect(comment).toContain(
      [
        '#### Step Functions definitions',
        '',
        '- `aws_sfn_state_machine.batch` (update): the new definition is known only after apply (it uses values of objects this plan creates or replaces), so it cannot be compared yet.',
        '- `aws_sfn_state_machine.secret` (update): the definition is sensitive and is not shown.',
        '- `aws_sfn_state_machine.workflow` (update): states added: `Record result`; removed: `Legacy notify`; changed: `Classify` (Retry), `Filter` (Next).',
        '',
        '<details><summary>Definition diff of <code>aws_sfn_state_machine.workflow</code>: +12 −9 lines</summary>',
        '',
        '```diff',
        '@@ -22,11 +22,13 @@',
      ].join('\n'),
    );
    expect(comment).toContain(
      '\n-      "Next": "Legacy notify"\n+      "Next": "Record result"\n     },\n-    "Legacy notify": {\n+    "Record result": {\n',
    );
    expect(comment).toContain(
      [
        '#### Changed outside Terraform',
        '',
        'The refresh found these objects changed since the last apply, in attributes this plan depends on:',
        '',
        '- `aws_sfn_state_machine.batch`: changed (`tags_all`)',
        '',
        '<details><summary>Values changed outside Terraform</summary>',
        '',
        '```diff',
        '~ aws_sfn_state_machine.batch (changed outside Terraform)',
        '~    tags_all = {} -> {"owner":"console-edit"}',
        '```',
        '',
        '</details>',
        '',
        '',
        'Also changed, in attributes this plan does not depend on (where the configuration sets them, the plan changes them back): `aws_sfn_state_machine.secret` (`tags`), `aws_sfn_state_machine.workflow` (`tags`).',
      ].join('\n'),
    );
    expect(comment).toContain('\n~ aws_sfn_state_machine.workflow (update)\n~    definition = (see Step Functions definitions)\n');
    expectNoFixtureSecret(comment);
    expectWellFormed(comment);
  });

  it('says "No changes" for a plan without any', () => {
    expect(renderPlanComment(fixturePlan('no-changes.json'), options)).toBe(
      [
        '<!-- plan-summary:production -->',
        '### Terraform plan: `production`',
        '',
        '**No changes.** The infrastructure matches the configuration (6 objects unchanged).',
        '',
        `<sub>Terraform 1.11.4 · plan JSON format 1.2 · full plan: ${FULL_PLAN}</sub>`,
        '',
      ].join('\n'),
    );
  });

  it('warns that an errored plan cannot be applied and lists its failed checks', () => {
    const comment = renderPlanComment(fixturePlan('errored.json'), { environment: 'staging' });

    expect(comment).toContain(
      '**Plan:** 1 to create, 0 to update, 0 to replace, 0 to destroy\n\n> [!CAUTION]\n> **The plan errored**: Terraform stopped before planning everything, so this plan is incomplete and cannot be applied.',
    );
    expect(comment).toContain('#### Failed checks\n\n- `terraform_data.b`: Always fails.\n');
  });

  it('lists deferred changes of an incomplete plan', () => {
    // Terraform 1.11 defers changes only under an experiment: the fixture's create, moved to where the format puts deferred ones.
    const plan = fixturePlan('changes.json');
    const deferred = plan.resource_changes.find((resource) => resource.address === 'terraform_data.results_prefix')!;
    const incomplete: TerraformPlan = {
      ...plan,
      complete: false,
      resource_changes: plan.resource_changes.filter((resource) => resource !== deferred),
      deferred_changes: [{ reason: 'resource_config_unknown', resource_change: deferred }],
    };

    const comment = renderPlanComment(incomplete, options);

    expect(comment).toContain(
      '> [!WARNING]\n> **Incomplete plan**: 1 change(s) are deferred until values are known. Apply this plan, then plan again.\n',
    );
    expect(comment).toContain(
      '#### Deferred\n\nThese changes wait for values this plan could not know; plan again after applying it.\n\n- `terraform_data.results_prefix` (create): its arguments are not known yet\n',
    );
  });

  it('takes the heading from --title and the marker from the environment', () => {
    const comment = renderPlanComment(fixturePlan('no-changes.json'), { environment: 'eu/prod', title: 'Plan for **EU** production' });

    expect(comment.split('\n').slice(0, 2)).toStrictEqual(['<!-- plan-summary:eu/prod -->', '### Plan for **EU** production']);
    expect(renderPlanComment(fixturePlan('no-changes.json')).split('\n').slice(0, 2)).toStrictEqual([
      '<!-- plan-summary -->',
      '### Terraform plan',
    ]);
  });

  it.each([600, 900, 1500, 2500, 3500])(
    'fits in %i characters by cutting the least important parts, saying what it cut and where the full plan is',
    (maxLength) => {
      const plan = fixturePlan('state-machines.json');
      expect(renderPlanComment(plan, options).length).toBeGreaterThan(maxLength);

      const comment = renderPlanComment(plan, { ...options, maxLength });

      expect(comment.length).toBeLessThanOrEqual(maxLength);
      expect(comment).toContain('**Plan:** 1 to create, 3 to update, 0 to replace, 0 to destroy');
      expect(comment).toMatch(
        new RegExp(
          `\n> \\[!NOTE\\]\n> Cut to fit the comment limit \\(${maxLength.toLocaleString('en-US')} characters\\): .+, in part or whole\\. The full plan: the \`terraform-plan-production\` artifact`,
        ),
      );
      expect(comment.endsWith(`full plan: ${FULL_PLAN}</sub>\n`)).toBe(true);
      expectNoFixtureSecret(comment);
      expectWellFormed(comment);
    },
  );

  it("keeps a plan of more than 5 MB within GitHub's comment limit, replacements and destructions first", () => {
    const large = largePlan(5.5 * 1024 * 1024);
    expect(large.json.length).toBeGreaterThan(5 * 1024 * 1024);

    const comment = renderPlanComment(parsePlan(large.json, 'large.json'), options);

    expect(comment.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    const { create, update, replace, destroy } = large.counts;
    expect(comment).toContain(
      `**Plan:** ${create.toLocaleString('en-US')} to create, ${update.toLocaleString('en-US')} to update, ${replace} to replace, ${destroy} to destroy`,
    );
    expect(comment).toContain(
      `#### Replaced or destroyed\n\n| Action | Resource | Why |\n|---|---|---|\n| **replace** | \`${large.firstReplaced}\` | destroy, then create; forced by \`function_name\` |\n`,
    );
    expect(comment).toMatch(/\n_\d[\d,]* more replaced or destroyed objects cut for length\._\n/);
    expect(comment).toContain(
      `> Cut to fit the comment limit (65,536 characters): objects replaced or destroyed, state machine changes, definition diffs, changes outside Terraform, outputs and the full plan, in part or whole. The full plan: ${FULL_PLAN}.`,
    );
    expect(comment).not.toMatch(large.secretPattern);
    expectWellFormed(comment);
  });
});

describe('renderNotPlannedComment', () => {
  it('says why there is no plan under the same marker', () => {
    expect(renderNotPlannedComment('No role: set `AWS_PLAN_ROLE_ARN`.\nThen re-run.', { environment: 'production' })).toBe(
      '<!-- plan-summary:production -->\n### Terraform plan: `production`\n\n> [!WARNING]\n> **No plan**: No role: set `AWS_PLAN_ROLE_ARN`.\n> Then re-run.\n',
    );
  });
});
