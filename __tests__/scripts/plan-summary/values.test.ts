import { NO_SECRETS, SensitiveStrings } from '../../../scripts/plan-summary/secrets';
import { attributeChanges, formatShown, reveal, SENSITIVE, UNKNOWN } from '../../../scripts/plan-summary/values';
import type { Shown } from '../../../scripts/plan-summary/values';
import { fixturePlan } from './plans';

describe('reveal', () => {
  it('hides each value its sensitivity mask marks and marks each unknown one', () => {
    const value = { user: 'app', password: 'hunter2', labels: ['a', 'b'], nested: { token: 't', id: 1 } };
    const sensitive = { password: true, labels: [false, true], nested: { token: true } };
    const unknown = { arn: true, nested: { generated: true } };

    expect(reveal(value, sensitive, unknown, NO_SECRETS)).toStrictEqual({
      arn: UNKNOWN,
      labels: ['a', SENSITIVE],
      nested: { generated: UNKNOWN, id: 1, token: SENSITIVE },
      password: SENSITIVE,
      user: 'app',
    });
  });

  it('hides the whole value when its mask has another shape than the value', () => {
    expect(reveal(['a', 'b'], { 0: true }, undefined, NO_SECRETS)).toBe(SENSITIVE);
    expect(reveal({ a: 'x' }, [true], undefined, NO_SECRETS)).toBe(SENSITIVE);
    expect(reveal('plain', { any: true }, undefined, NO_SECRETS)).toBe(SENSITIVE);
  });

  it('hides a string that is or holds a value the plan marks sensitive elsewhere', () => {
    const secrets = new SensitiveStrings(['hunter2', 'long-secret-value']);

    expect(
      reveal({ copy: 'hunter2', url: 'https://x/?token=long-secret-value', short: 'xhunter2', other: 'ok' }, {}, {}, secrets),
    ).toStrictEqual({
      copy: SENSITIVE,
      other: 'ok',
      short: 'xhunter2',
      url: SENSITIVE,
    });
  });
});

describe('SensitiveStrings', () => {
  it('finds a secret of 8 or more characters anywhere in a string, a shorter one only as the whole string', () => {
    const secrets = new SensitiveStrings(['12345678', 'abc', '']);

    expect(['12345678', 'x12345678y', '1234567', 'abc', 'xabc', '', 'no secret here'].map((text) => secrets.holds(text))).toStrictEqual([
      true,
      true,
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it('finds many secrets in long strings, whatever their hashes share', () => {
    const secrets = new SensitiveStrings(Array.from({ length: 1000 }, (_, index) => `secret-${index}-${'k'.repeat(16)}`));
    const haystack = `${'x'.repeat(100_000)}secret-999-${'k'.repeat(16)}`;

    expect(secrets.holds(haystack)).toBe(true);
    expect(secrets.holds(haystack.slice(0, -1))).toBe(false);
  });
});

describe('formatShown', () => {
  it('writes compact JSON with bare markers, cut with an ellipsis at the length given', () => {
    const shown: Shown = { b: [1, SENSITIVE], a: UNKNOWN, s: 'x"y' };

    expect(formatShown(shown, 200)).toBe('{"b":[1,(sensitive value)],"a":(known after apply),"s":"x\\"y"}');
    expect(formatShown(shown, 12)).toBe('{"b":[1,(se…');
    expect(formatShown('x'.repeat(1_000_000), 10)).toBe('"xxxxxxxx…');
  });
});

describe('attributeChanges', () => {
  it("lists a replacement's changed attributes with the ones forcing it, hiding sensitive and unknown values", () => {
    const plan = fixturePlan('changes.json');
    const change = (address: string) => plan.resource_changes.find((resource) => resource.address === address)!.change;

    expect(attributeChanges(change('terraform_data.endpoint_config'), NO_SECRETS)).toStrictEqual([
      { name: 'id', before: 'cd8e3c56-529c-9165-7d99-d65e55441ec2', after: UNKNOWN, forcesReplacement: false },
      { name: 'input', before: 'endpoint-config-v1', after: 'endpoint-config-v2', forcesReplacement: false },
      { name: 'output', before: 'endpoint-config-v1', after: UNKNOWN, forcesReplacement: false },
      {
        name: 'triggers_replace',
        before: { instance_type: 'ml.m5.large', variant: 'v1' },
        after: { instance_type: 'ml.m5.large', variant: 'v2' },
        forcesReplacement: true,
      },
    ]);
    expect(attributeChanges(change('terraform_data.credentials'), NO_SECRETS)[0]).toStrictEqual({
      name: 'input',
      before: { password: SENSITIVE, user: 'app' },
      after: { password: SENSITIVE, user: 'app' },
      forcesReplacement: false,
    });
  });

  it('lists nothing for a deletion and every set or unknown attribute for a creation', () => {
    const plan = fixturePlan('changes.json');
    const change = (address: string) => plan.resource_changes.find((resource) => resource.address === address)!.change;

    expect(attributeChanges(change('terraform_data.legacy_queue'), NO_SECRETS)).toStrictEqual([]);
    expect(attributeChanges(change('terraform_data.results_prefix'), NO_SECRETS)).toStrictEqual([
      { name: 'id', before: undefined, after: UNKNOWN, forcesReplacement: false },
      { name: 'input', before: undefined, after: 'batch-results/', forcesReplacement: false },
      { name: 'output', before: undefined, after: UNKNOWN, forcesReplacement: false },
    ]);
  });

  it('hides a side that has a value but no sensitivity mask', () => {
    const change = { actions: ['update'], before: { a: 'x' }, after: { a: 'y' }, after_unknown: {}, after_sensitive: {} };

    expect(attributeChanges(change, NO_SECRETS)).toStrictEqual([{ name: 'a', before: SENSITIVE, after: 'y', forcesReplacement: false }]);
  });
});
