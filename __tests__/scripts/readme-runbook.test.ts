import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { TRANSIENT_AWS_ERROR_NAMES, WORKFLOW_ERROR_NAMES } from '../../contract/errors';
import { batchRunAlarmSpecs, deadLetterQueueAlarmSpec } from '../../infra/alarms';
import type { AlarmThresholds } from '../../infra/alarms';
import { synthesizeStack } from '../helpers/synthesized-stack';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const runbook = readme.slice(readme.indexOf('## Runbook'), readme.indexOf('\n## ', readme.indexOf('## Runbook') + 1));

/** The alarm names the runbook documents, as patterns: `<namePrefix>-<function>-errors` and the like. */
const documentedAlarms = [...runbook.matchAll(/^\| `(<namePrefix>-[^`]+)` \|/gm)].map(
  ([, pattern]) => new RegExp(`^${pattern!.replace('<namePrefix>', 'image-classification').replace(/<[a-z ]+>/g, '[A-Za-z-]+')}$`),
);

describe('the README runbook', () => {
  it.each([
    ...WORKFLOW_ERROR_NAMES,
    ...TRANSIENT_AWS_ERROR_NAMES,
    'States.Timeout',
    'States.TaskFailed',
    'Lambda.TooManyRequestsException',
  ])('says what %s means and what to do', (name) => {
    expect(runbook).toContain(`\`${name}\``);
  });

  it('documents every alarm the stack creates', () => {
    const alarmNames = Object.values(synthesizeStack().config.resource.aws_cloudwatch_metric_alarm!).map(
      (alarm) => alarm.alarm_name as string,
    );

    expect(alarmNames.filter((name) => !documentedAlarms.some((pattern) => pattern.test(name)))).toStrictEqual([]);
  });

  it('documents the dead-letter queue and batch-run alarms the trigger and batch parts will add', () => {
    const thresholds = {} as AlarmThresholds;
    const names = [
      deadLetterQueueAlarmSpec({ label: 'trigger', resource: { name: 'dlq' } as SqsQueue }, thresholds),
      ...batchRunAlarmSpecs({ label: 'batch', resource: { arn: 'arn' } as SfnStateMachine }, thresholds),
    ].map(({ what }) => `image-classification-${what}`);

    expect(names.filter((name) => !documentedAlarms.some((pattern) => pattern.test(name)))).toStrictEqual([]);
  });
});
