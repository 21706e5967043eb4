import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { hcl, mockArn, mockDataDefaults, renderString, renderTerraformTestFile, TerraformTestSuite } from '../../infra/terraform-tests';
import { synthesizedConfiguration } from '../helpers/synthesized-stack';

describe('renderTerraformTestFile', () => {
  it('renders the mock provider, a distinct ARN per resource, the variables and each run with its asserts and expected failures', () => {
    const text = renderTerraformTestFile(
      {
        fileName: 'example.tftest.hcl',
        variables: { name: 'a', threshold: 0.5 },
        runs: [
          {
            name: 'apply',
            command: 'apply',
            asserts: [{ condition: 'aws_sns_topic.t.name == var.name', errorMessage: renderString('The topic is named "a".') }],
          },
          { name: 'rejects_1', command: 'plan', variables: { name: '${x}' }, expectFailures: ['var.name'] },
        ],
      },
      { region: 'eu-west-1', resources: [{ type: 'aws_sns_topic', logicalId: 't' }] },
    );

    expect(text).toContain('mock_provider "aws" {\n  mock_data "aws_caller_identity" {');
    expect(text).toContain(
      'override_resource {\n  target = aws_sns_topic.t\n  values = { arn = "arn:aws:sns:eu-west-1:123456789012:aws_sns_topic/t" }\n}',
    );
    expect(text).toContain('variables {\n  name      = "a"\n  threshold = 0.5\n}');
    expect(text).toContain(
      'run "apply" {\n  command = apply\n\n  assert {\n    condition     = aws_sns_topic.t.name == var.name\n    error_message = "The topic is named \\"a\\"."\n  }\n}',
    );
    expect(text).toContain(
      'run "rejects_1" {\n  command = plan\n\n  variables {\n    name = "$${x}"\n  }\n\n  expect_failures = [var.name]\n}',
    );
  });

  it('escapes template sequences so that Terraform reads the literal text', () => {
    expect(renderString('home/${aws:username}/%{if}')).toBe('"home/$${aws:username}/%%{if}"');
  });

  it.each([
    ['aws_iam_role', 'arn:aws:iam::123456789012:aws_iam_role/r'],
    ['aws_s3_bucket', 'arn:aws:s3:::aws_s3_bucket/r'],
    ['aws_sfn_state_machine', 'arn:aws:states:us-east-1:123456789012:aws_sfn_state_machine/r'],
    ['aws_cloudwatch_log_group', 'arn:aws:logs:us-east-1:123456789012:aws_cloudwatch_log_group/r'],
    ['aws_sqs_queue', 'arn:aws:sqs:us-east-1:123456789012:aws_sqs_queue/r'],
  ])('mocks a well-formed ARN for %s', (type, arn) => {
    expect(mockArn(type, 'r', 'us-east-1')).toBe(arn);
  });

  it('has mock values for every data source type the stack reads (add one to mockDataDefaults for a new type)', () => {
    const { config } = synthesizedConfiguration();

    expect(Object.keys(config.data).filter((type) => mockDataDefaults('us-east-1')[type] === undefined)).toStrictEqual([]);
  });

  it('runs another root module when a run names one, and mocks each resource once per instance of a module called with for_each', () => {
    const text = renderTerraformTestFile(
      { fileName: 'two.tftest.hcl', variables: {}, runs: [{ name: 'apply', command: 'apply', module: './tests/root' }] },
      {
        region: 'eu-west-1',
        resources: [{ type: 'aws_sns_topic', logicalId: 't' }],
        moduleInstances: { address: 'module.pipeline', keys: ['a', 'b'] },
      },
    );

    expect(text).toContain('run "apply" {\n  command = apply\n\n  module {\n    source = "./tests/root"\n  }\n}');
    expect(text).toContain(
      'override_resource {\n  target = module.pipeline["a"].aws_sns_topic.t\n  values = { arn = "arn:aws:sns:eu-west-1:123456789012:aws_sns_topic/a/t" }\n}',
    );
    expect(text).toContain(
      'override_resource {\n  target = module.pipeline["b"].aws_sns_topic.t\n  values = { arn = "arn:aws:sns:eu-west-1:123456789012:aws_sns_topic/b/t" }\n}',
    );
    expect(text).toContain('mock_data "aws_region" {\n    defaults = {\n      id = "eu-west-1"\n    }\n  }');
    expect(text).not.toContain('variables {');
  });
});

describe('hcl assertions', () => {
  function testStack() {
    const stack = new TerraformStack(Testing.app(), 'test');
    const topic = new SnsTopic(stack, 'topic', { name: 'notifications' });
    const enabled = new TerraformVariable(stack, 'enabled', { type: 'bool' });
    const threshold = new TerraformVariable(stack, 'threshold', { type: 'number' });
    return { stack, topic, enabled, threshold };
  }

  it('writes a resource as its address, a token as its expression and a plain value as a literal', () => {
    const { stack, topic, enabled, threshold } = testStack();

    TerraformTestSuite.of(stack).assert(
      hcl`${topic}.name == ${'say "hi" to ${x}'} && ${enabled.booleanValue} == ${true} && ${threshold.numberValue} > ${0.5} && ${topic.arn} != ""`,
      'rendered',
    );

    expect(TerraformTestSuite.of(stack).assertions).toStrictEqual([
      {
        condition:
          'aws_sns_topic.topic.name == "say \\"hi\\" to $${x}" && var.enabled == true && var.threshold > 0.5 && aws_sns_topic.topic.arn != ""',
        errorMessage: '"rendered"',
      },
    ]);
  });

  it('refuses a token inside text, which it could not write as one expression', () => {
    const { stack, topic } = testStack();

    TerraformTestSuite.of(stack).assert(hcl`${`${topic.arn}:*`} != ""`, 'mixed');

    expect(() => TerraformTestSuite.of(stack).assertions).toThrow('An hcl template takes a token alone, not inside text');
  });

  it('writes a message holding a token as a template naming its expression, the rest escaped', () => {
    const { stack, enabled } = testStack();
    const prefix = new TerraformVariable(stack, 'name_prefix', { type: 'string' });

    TerraformTestSuite.of(stack).assert(`${enabled.stringValue} == true`, `${prefix.stringValue}-serialize runs as "its" role, not \${x}.`);

    expect(TerraformTestSuite.of(stack).assertions[0]!.errorMessage).toBe(
      '"${var.name_prefix}-serialize runs as \\"its\\" role, not $${x}."',
    );
  });

  it('keeps a condition written as text as it is', () => {
    const { stack } = testStack();

    TerraformTestSuite.of(stack).assert(`length(${Token.asString('x')}) > 0`, 'text');

    expect(TerraformTestSuite.of(stack).assertions).toStrictEqual([{ condition: 'length(x) > 0', errorMessage: '"text"' }]);
  });
});
