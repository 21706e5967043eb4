import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../../../scripts/plan-summary/plan';
import type { Json, ResourceChange, TerraformPlan } from '../../../scripts/plan-summary/plan';

const FIXTURES = join(__dirname, '..', 'fixtures', 'plan-summary');

/** The sensitive values the real fixtures hold (see fixtures/plan-summary/README.md). */
const FIXTURE_SECRETS = ['hunter2-old', 'hunter2-new', 'old-token-value', 'new-token-value'] as const;

const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const fixturePlan = (name: string): TerraformPlan => parsePlan(fixtureText(name), name);

const STATES_PER_MACHINE = 150;

function definition(version: number, machine: number): string {
  const states: Record<string, Json> = {};
  for (let state = 0; state < STATES_PER_MACHINE; state++) {
    // Version 2 drops every 10th state, adds one, and changes every 7th state's retry.
    if (version === 2 && state % 10 === 3) continue;
    states[`Step ${state}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:fn-${machine}-${state}`, Payload: '{% $states.input %}' },
      Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: version === 2 && state % 7 === 0 ? 6 : 3 }],
      Next: state + 1 < STATES_PER_MACHINE ? `Step ${state + 1}` : 'Done',
    };
  }
  if (version === 2) states['Audit'] = { Type: 'Pass', Next: 'Done' };
  states['Done'] = { Type: 'Succeed' };
  return JSON.stringify({ Comment: `Machine ${machine}`, StartAt: 'Step 0', States: states }, null, 2);
}

const policy = (version: number, index: number): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 6 }, (_, statement) => ({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', `sqs:SendMessage${version === 2 && statement === 0 ? '' : 'Batch'}`],
      Resource: `arn:aws:s3:::bucket-${index}-${statement}/prefix/${'x'.repeat(40)}/*`,
    })),
  });

const base = (type: string, name: string, actions: string[]): Omit<ResourceChange, 'change'> & { change: { actions: string[] } } => ({
  address: `${type}.${name}`,
  mode: 'managed',
  type,
  name,
  change: { actions },
});

/** An in-place update with nothing sensitive or unknown. */
const update = (type: string, name: string, before: Json, after: Json) => ({
  ...base(type, name, ['update']),
  change: { actions: ['update'], before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
});

interface LargePlan {
  readonly json: string;
  readonly counts: { readonly create: number; readonly update: number; readonly replace: number; readonly destroy: number };
  /** Every sensitive value in it, none of which may be shown. */
  readonly secretPattern: RegExp;
  readonly firstReplaced: string;
}

/**
 * A plan of at least `minBytes` of JSON in Terraform's format: policies updated, functions replaced
 * (with sensitive environment variables), log groups created, queues destroyed, large state machine
 * definitions changed, drift and outputs.
 */
function largePlan(minBytes: number, machines = 12): LargePlan {
  const changes: Json[] = [];
  const counts = { create: 0, update: 0, replace: 0, destroy: 0 };
  for (let machine = 0; machine < machines; machine++) {
    const before = { name: `machine-${machine}`, definition: definition(1, machine), role_arn: 'arn:aws:iam::123456789012:role/sfn' };
    changes.push(update('aws_sfn_state_machine', `machine_${machine}`, before, { ...before, definition: definition(2, machine) }));
    counts.update += 1;
  }
  let size = JSON.stringify(changes).length;
  for (let index = 0; size < minBytes; index++) {
    let change: Json;
    switch (index % 4) {
      case 0: {
        const before = { name: `policy-${index}`, policy: policy(1, index), role: 'app' };
        change = update('aws_iam_role_policy', `policy_${index}`, before, { ...before, policy: policy(2, index) });
        counts.update += 1;
        break;
      }
      case 1: {
        const environment = [{ variables: { API_KEY: `secret-${index}-${'k'.repeat(24)}`, STAGE: 'prod' } }];
        const sensitive = { environment: [{ variables: { API_KEY: true } }] };
        change = {
          ...base('aws_lambda_function', `function_${index}`, ['delete', 'create']),
          action_reason: 'replace_because_cannot_update',
          change: {
            actions: ['delete', 'create'],
            before: {
              function_name: `fn-${index}`,
              environment,
              memory_size: 512,
              arn: `arn:aws:lambda:us-east-1:123456789012:function:fn-${index}`,
            },
            after: { function_name: `fn-${index}-v2`, environment, memory_size: 512 },
            after_unknown: { arn: true },
            before_sensitive: sensitive,
            after_sensitive: sensitive,
            replace_paths: [['function_name']],
          },
        };
        counts.replace += 1;
        break;
      }
      case 2:
        change = {
          ...base('aws_cloudwatch_log_group', `group_${index}`, ['create']),
          change: {
            actions: ['create'],
            before: null,
            after: {
              name: `/aws/lambda/fn-${index}`,
              retention_in_days: 30,
              tags: { Project: 'image-classification', Index: String(index) },
            },
            after_unknown: { arn: true, id: true, tags_all: true },
            before_sensitive: false,
            after_sensitive: { tags: {} },
          },
        };
        counts.create += 1;
        break;
      default:
        change = {
          ...base('aws_sqs_queue', `queue_${index}`, ['delete']),
          action_reason: 'delete_because_no_resource_config',
          change: {
            actions: ['delete'],
            before: { name: `queue-${index}`, visibility_timeout_seconds: 30, policy: policy(1, index) },
            after: null,
            after_unknown: {},
            before_sensitive: {},
            after_sensitive: false,
          },
        };
        counts.destroy += 1;
    }
    changes.push(change);
    size += JSON.stringify(change).length + 1;
  }
  const drift = Array.from({ length: 200 }, (_, index) =>
    update(
      'aws_iam_role_policy',
      `policy_${index * 4}`,
      { policy: policy(1, index), role: 'app' },
      { policy: policy(2, index), role: 'app' },
    ),
  );
  const plan = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_drift: drift,
    resource_changes: changes,
    relevant_attributes: drift.map((entry) => ({ resource: entry.address, attribute: ['policy'] })),
    output_changes: Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [
        `output_${index}`,
        {
          actions: ['create'],
          before: null,
          after: `value-${index}`,
          after_unknown: false,
          before_sensitive: false,
          after_sensitive: false,
        },
      ]),
    ),
    applyable: true,
    complete: true,
    errored: false,
  };
  return { json: JSON.stringify(plan), counts, secretPattern: /secret-\d+-k+/, firstReplaced: 'aws_lambda_function.function_1' };
}

export { fixturePlan, fixtureText, largePlan, FIXTURE_SECRETS, FIXTURES };
export type { LargePlan };
