import { canonicalProviderSource, compareOutputs, formatDifference } from '../../scripts/synthesis-comparison';

const STACK = 'stacks/app/cdk.tf.json';

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));
const files = (entries: Record<string, unknown>) =>
  new Map(Object.entries(entries).map(([file, contents]) => [file, Buffer.isBuffer(contents) ? contents : json(contents)]));

/** A configuration as cdktf writes it, with the parts a test changes. */
function configuration({
  version = '0.21.0',
  source = 'aws',
  providerVersion = '6.25.0',
  resource = {},
}: { version?: string; source?: string; providerVersion?: string; resource?: object } = {}) {
  return {
    '//': { metadata: { backend: 'local', stackName: 'app', version }, outputs: {} },
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: { aws_sns_topic: { topic: { name: 'alerts', ...resource } } },
    terraform: { backend: { local: { path: 'terraform.tfstate' } }, required_providers: { aws: { source, version: providerVersion } } },
  };
}

describe('compareOutputs', () => {
  it('finds nothing in identical outputs, whatever their formatting', () => {
    const cdktf = files({ [STACK]: Buffer.from('{"a": [\n]}'), 'stacks/app/workflow.mmd': Buffer.from('flowchart TD\n') });
    const cdktn = files({ [STACK]: Buffer.from('{"a":[]}'), 'stacks/app/workflow.mmd': Buffer.from('flowchart TD\n') });

    expect(compareOutputs(cdktf, cdktn)).toStrictEqual({ expected: [], unexpected: [] });
  });

  it('expects the framework version, the provider version and the same provider under another source spelling', () => {
    const cdktf = files({ [STACK]: configuration(), 'manifest.json': { version: '0.21.0', stacks: {} } });
    const cdktn = files({
      [STACK]: configuration({ version: '0.24.0', source: 'hashicorp/aws', providerVersion: '6.64.0' }),
      'manifest.json': { version: '0.24.0', stacks: {} },
    });

    expect(compareOutputs(cdktf, cdktn)).toStrictEqual({
      expected: [
        { file: 'manifest.json', path: 'version', cdktf: '"0.21.0"', cdktn: '"0.24.0"', reason: "the framework's version in the manifest" },
        {
          file: STACK,
          path: '["//"].metadata.version',
          cdktf: '"0.21.0"',
          cdktn: '"0.24.0"',
          reason: "the framework's version in the configuration's metadata",
        },
        {
          file: STACK,
          path: 'terraform.required_providers.aws.source',
          cdktf: '"aws"',
          cdktn: '"hashicorp/aws"',
          reason: 'the same provider address, registry.terraform.io/hashicorp/aws',
        },
        {
          file: STACK,
          path: 'terraform.required_providers.aws.version',
          cdktf: '"6.25.0"',
          cdktn: '"6.64.0"',
          reason: 'the provider version each provider package was generated from',
        },
      ],
      unexpected: [],
    });
  });

  it('reports a provider source that names another provider', () => {
    const comparison = compareOutputs(files({ [STACK]: configuration() }), files({ [STACK]: configuration({ source: 'opentofu/aws' }) }));

    expect(comparison.unexpected).toStrictEqual([
      { file: STACK, path: 'terraform.required_providers.aws.source', cdktf: '"aws"', cdktn: '"opentofu/aws"' },
    ]);
  });

  it('reports every other difference: a changed value, a member on one side only, an array of another length', () => {
    const cdktf = files({ [STACK]: configuration({ resource: { tags: { Team: 'ml' }, policy: ['a', 'b'] } }) });
    const cdktn = files({ [STACK]: configuration({ resource: { name: 'alarms', kms_master_key_id: 'k', policy: ['a'] } }) });

    expect(compareOutputs(cdktf, cdktn)).toStrictEqual({
      expected: [],
      unexpected: [
        { file: STACK, path: 'resource.aws_sns_topic.topic.name', cdktf: '"alerts"', cdktn: '"alarms"' },
        { file: STACK, path: 'resource.aws_sns_topic.topic.tags', cdktf: '{"Team":"ml"}', cdktn: '(absent)' },
        { file: STACK, path: 'resource.aws_sns_topic.topic.policy', cdktf: '["a","b"]', cdktn: '["a"]' },
        { file: STACK, path: 'resource.aws_sns_topic.topic.kms_master_key_id', cdktf: '(absent)', cdktn: '"k"' },
      ],
    });
  });

  it('expects members in another order, and still reports their values', () => {
    const comparison = compareOutputs(files({ [STACK]: { a: 1, b: 2, c: 3 } }), files({ [STACK]: { b: 2, a: 1, c: 4 } }));

    expect(comparison).toStrictEqual({
      expected: [
        {
          file: STACK,
          path: '',
          cdktf: '["a","b","c"]',
          cdktn: '["b","a","c"]',
          reason: 'Terraform reads JSON object members by name, in any order',
        },
      ],
      unexpected: [{ file: STACK, path: 'c', cdktf: '3', cdktn: '4' }],
    });
  });

  it('reads inherited names such as constructor as absent members', () => {
    const comparison = compareOutputs(files({ [STACK]: { constructor: 'x' } }), files({ [STACK]: {} }));

    expect(comparison.unexpected).toStrictEqual([{ file: STACK, path: 'constructor', cdktf: '"x"', cdktn: '(absent)' }]);
  });

  it('reports the version outside the metadata and the manifest', () => {
    const comparison = compareOutputs(
      files({ [STACK]: { output: { version: { value: '0.21.0' } } } }),
      files({ [STACK]: { output: { version: { value: '0.24.0' } } } }),
    );

    expect(comparison.unexpected).toStrictEqual([{ file: STACK, path: 'output.version.value', cdktf: '"0.21.0"', cdktn: '"0.24.0"' }]);
  });

  it('reports a file written by one synthesis only', () => {
    const comparison = compareOutputs(files({ [STACK]: {} }), files({ [STACK]: {}, 'stacks/app/cdk.tf': Buffer.from('') }));

    expect(comparison.unexpected).toStrictEqual([{ file: 'stacks/app/cdk.tf', path: '', cdktf: '(absent)', cdktn: 'present' }]);
  });

  it('reports the first differing line of a text file and the sizes of binary files', () => {
    const cdktf = files({ 'tests/main.tftest.hcl': Buffer.from('run "a" {\n  command = plan\n}\n'), 'a.zip': Buffer.from([80, 75, 0, 1]) });
    const cdktn = files({
      'tests/main.tftest.hcl': Buffer.from('run "a" {\n  command = apply\n}\n'),
      'a.zip': Buffer.from([80, 75, 0, 2, 3]),
    });

    expect(compareOutputs(cdktf, cdktn).unexpected).toStrictEqual([
      { file: 'a.zip', path: '', cdktf: '4 bytes, sha256 a518c300aff1', cdktn: '5 bytes, sha256 04f79e51eff8' },
      { file: 'tests/main.tftest.hcl', path: 'line 2', cdktf: '"  command = plan"', cdktn: '"  command = apply"' },
    ]);
  });

  it('shortens long values', () => {
    const [difference] = compareOutputs(files({ [STACK]: { policy: 'x'.repeat(300) } }), files({ [STACK]: { policy: 'y' } })).unexpected;

    expect(difference!.cdktf).toHaveLength(120);
    expect(difference!.cdktf.endsWith('…')).toBe(true);
  });
});

describe('canonicalProviderSource', () => {
  it.each([
    ['aws', 'registry.terraform.io/hashicorp/aws'],
    ['hashicorp/aws', 'registry.terraform.io/hashicorp/aws'],
    ['registry.terraform.io/hashicorp/aws', 'registry.terraform.io/hashicorp/aws'],
    ['HashiCorp/AWS', 'registry.terraform.io/hashicorp/aws'],
    ['registry.opentofu.org/hashicorp/aws', 'registry.opentofu.org/hashicorp/aws'],
    ['a/b/c/aws', 'a/b/c/aws'],
  ])('reads %s as %s', (source, canonical) => {
    expect(canonicalProviderSource(source)).toBe(canonical);
  });
});

describe('formatDifference', () => {
  it('names the file, the place and both values', () => {
    expect(formatDifference({ file: STACK, path: 'terraform.required_providers.aws.version', cdktf: '"6.25.0"', cdktn: '"6.64.0"' })).toBe(
      `${STACK} terraform.required_providers.aws.version: cdktf "6.25.0", cdktn "6.64.0"`,
    );
    expect(formatDifference({ file: 'a.zip', path: '', cdktf: '(absent)', cdktn: 'present' })).toBe('a.zip: cdktf (absent), cdktn present');
  });
});
