import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSIENT_AWS_ERROR_NAMES, WORKFLOW_ERROR_NAMES } from '../../contract/errors';
import { ALARM_ROWS } from '../../infra/alarm-table';
import { synthesizedConfiguration } from '../helpers/synthesized-stack';

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
    const alarmNames = Object.values(synthesizedConfiguration().config.resource.aws_cloudwatch_metric_alarm!).map(
      (alarm) => alarm.alarm_name as string,
    );

    expect(alarmNames.filter((name) => !documentedAlarms.some((pattern) => pattern.test(name)))).toStrictEqual([]);
  });

  it('documents every alarm of the alarm table, whatever resource it watches', () => {
    const names = Object.values(ALARM_ROWS).map((row) => `image-classification-${row.name('someLabel')}`);

    expect(names.filter((name) => !documentedAlarms.some((pattern) => pattern.test(name)))).toStrictEqual([]);
  });
});
