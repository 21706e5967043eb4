import { NotATerraformPlan, PlanNotJson, UnsupportedPlanFormat } from '../../../scripts/plan-summary/errors';
import { decodePlanBytes, parsePlan } from '../../../scripts/plan-summary/plan';
import { fixturePlan, fixtureText } from './plans';
import { thrownBy } from '../../helpers/thrown-by';

describe('parsePlan', () => {
  it("reads a real plan's changes, drift, outputs and flags", () => {
    const plan = fixturePlan('state-machines.json');

    expect(plan.format_version).toBe('1.2');
    expect(plan.terraform_version).toBe('1.11.4');
    expect(plan.resource_changes.map((change) => [change.address, change.change.actions])).toStrictEqual([
      ['aws_sfn_state_machine.batch', ['update']],
      ['aws_sfn_state_machine.secret', ['update']],
      ['aws_sfn_state_machine.workflow', ['update']],
      ['aws_sns_topic.alerts', ['create']],
    ]);
    expect(plan.resource_drift.map((change) => change.address)).toHaveLength(3);
    expect(plan.relevant_attributes).toContainEqual({ resource: 'aws_sfn_state_machine.batch', attribute: ['tags_all'] });
    expect(Object.keys(plan.output_changes)).toStrictEqual(['batch_tags']);
    expect([plan.errored, plan.complete]).toStrictEqual([false, true]);
  });

  it('reads an errored plan with its failed check', () => {
    const plan = fixturePlan('errored.json');

    expect([plan.errored, plan.complete]).toStrictEqual([true, false]);
    expect(plan.checks[0]?.instances?.[0]?.problems).toStrictEqual([{ message: 'Always fails.' }]);
  });

  it.each([
    ['', 'in.json is not JSON (the file is empty)'],
    ['{"format_version": "1.2",', 'in.json is not JSON: '],
  ])('throws PlanNotJson for %j', (text, message) => {
    const error = thrownBy(() => parsePlan(text, 'in.json'));

    expect(error).toBeInstanceOf(PlanNotJson);
    expect(error.message).toMatch(
      new RegExp(`^${message.replace(/[()]/g, '\\$&')}.*; pass the output of \`terraform show -json <planfile>\`$`),
    );
  });

  it.each([
    ['[1, 2]', 'in.json holds JSON but not an object: pass the output of `terraform show -json <planfile>`'],
    ['{"resource_changes": []}', 'in.json has no format_version: pass the output of `terraform show -json <planfile>`'],
    [
      '{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {}}}',
      'in.json is a Terraform state (`terraform show -json` without a plan file): pass the output of `terraform show -json <planfile>`',
    ],
    ['{"format_version": "1.2", "name": "x"}', 'in.json is not a Terraform plan: pass the output of `terraform show -json <planfile>`'],
  ])('throws NotATerraformPlan for %s', (text, message) => {
    const error = thrownBy(() => parsePlan(text, 'in.json'));

    expect(error).toBeInstanceOf(NotATerraformPlan);
    expect(error.message).toBe(message);
  });

  it('lists every malformed entry at once', () => {
    const text = JSON.stringify({
      format_version: '1.2',
      resource_changes: [{ address: 'a.b', type: 'a', change: {} }, { type: 'x' }, 'nope'],
      resource_drift: {},
      output_changes: { out: {} },
    });

    const error = thrownBy(() => parsePlan(text, 'in.json'));

    expect(error).toBeInstanceOf(NotATerraformPlan);
    expect(error.message).toBe(
      'in.json is not a well-formed Terraform plan:\n- resource_changes[0] (a.b) has no change.actions list\n- resource_changes[1] has no address\n- resource_changes[2] is not an object\n- resource_drift is not an array\n- output_changes.out has no actions list',
    );
  });

  it('refuses another major format version', () => {
    const error = thrownBy(() => parsePlan('{"format_version": "2.0", "planned_values": {}}', 'in.json'));

    expect(error).toBeInstanceOf(UnsupportedPlanFormat);
    expect(error.message).toBe('in.json is in plan JSON format 2.0; this summary reads format 1.x (Terraform >= 1.0)');
  });
});

describe('decodePlanBytes', () => {
  it('reads UTF-8 with or without a byte-order mark, and UTF-16 with one (PowerShell redirection)', () => {
    const text = fixtureText('no-changes.json');
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);

    expect(decodePlanBytes(Buffer.from(text), 'p')).toBe(text);
    expect(decodePlanBytes(Buffer.concat([bom, Buffer.from(text)]), 'p')).toBe(text);
    expect(decodePlanBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'p')).toBe(text);
  });

  it('refuses a binary plan file with what to run instead', () => {
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(20)]);

    const error = thrownBy(() => decodePlanBytes(zip, 'tfplan'));

    expect(error).toBeInstanceOf(NotATerraformPlan);
    expect(error.message).toBe('tfplan is a binary plan file, not its JSON form: pass the output of `terraform show -json <planfile>`');
  });
});
