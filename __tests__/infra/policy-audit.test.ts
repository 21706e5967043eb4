import { only, synthesizeStack } from '../helpers/synthesized-stack';

interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources?: readonly string[];
  readonly principals?: readonly { type: string; identifiers: readonly string[] }[];
}

/** Actions AWS grants only on `*`, each with the reason it is needed. */
const WILDCARD_RESOURCE_ALLOW_LIST: Readonly<Record<string, string>> = {
  'logs:CreateLogDelivery': 'Step Functions log delivery to CloudWatch Logs (vended logs) has no resource-level permissions',
  'logs:GetLogDelivery': 'as above',
  'logs:UpdateLogDelivery': 'as above',
  'logs:DeleteLogDelivery': 'as above',
  'logs:ListLogDeliveries': 'as above',
  'logs:PutResourcePolicy': 'as above: log delivery writes the log group resource policy',
  'logs:DescribeResourcePolicies': 'as above',
  'logs:DescribeLogGroups': 'as above',
  'xray:PutTraceSegments': 'X-Ray tracing of the state machine has no resource-level permissions',
  'xray:PutTelemetryRecords': 'as above',
  'xray:GetSamplingRules': 'as above',
  'xray:GetSamplingTargets': 'as above',
};

const { json, config } = synthesizeStack();
const documents = Object.entries(config.data.aws_iam_policy_document!).map(([id, document]) => ({
  id,
  statements: document.statement as Statement[],
}));
const permissionStatements = documents.filter(({ id }) => id.includes('_permissions_')).flatMap(({ statements }) => statements);

describe('policy audit of the synthesized configuration', () => {
  it('has no action with a wildcard', () => {
    const wildcardActions = documents.flatMap(({ statements }) => statements.flatMap((statement) => statement.actions)).filter((action) => action.includes('*'));

    expect(wildcardActions).toStrictEqual([]);
  });

  it('attaches no managed policy, FullAccess or other', () => {
    expect(json).not.toMatch(/arn:aws:iam::aws:policy\//);
    expect(config.resource.aws_iam_role_policy_attachment).toBeUndefined();
    expect(config.resource.aws_iam_policy).toBeUndefined();
    for (const role of Object.values(config.resource.aws_iam_role!)) expect(role.managed_policy_arns).toBeUndefined();
  });

  it('uses a * resource only for actions on the allow-list', () => {
    const wildcardStatements = permissionStatements.filter((statement) => statement.resources?.includes('*'));

    expect(wildcardStatements.length).toBeGreaterThan(0);
    for (const statement of wildcardStatements) {
      expect(statement.resources).toStrictEqual(['*']);
      expect(statement.actions.filter((action) => WILDCARD_RESOURCE_ALLOW_LIST[action] === undefined)).toStrictEqual([]);
    }
  });

  it('allows only Allow statements', () => {
    expect(documents.flatMap(({ statements }) => statements).every((statement) => statement.effect === 'Allow')).toBe(true);
  });

  it('lets each role be assumed by exactly one service', () => {
    const trusts = documents.filter(({ id }) => id.includes('_trust_'));

    expect(trusts).toHaveLength(4);
    for (const { statements } of trusts) {
      expect(statements).toHaveLength(1);
      expect(statements[0]!.principals).toStrictEqual([{ type: 'Service', identifiers: [expect.stringMatching(/^(lambda|states)\.amazonaws\.com$/)] }]);
    }
  });

  it('grants the state machine role every action its definition needs, on those exact resources', () => {
    const definition = only(config.resource.aws_sfn_state_machine).definition as string;
    const functionArns = [...definition.matchAll(/"FunctionName": "([^"]+)"/g)].map((match) => match[1]!);
    const topicArns = [...new Set([...definition.matchAll(/"TopicArn": "([^"]+)"/g)].map((match) => match[1]!))];
    const workflowStatements = documents.find(({ id }) => id.startsWith('workflow_role_permissions'))!.statements;

    expect(functionArns).toHaveLength(3);
    expect(workflowStatements).toEqual(
      expect.arrayContaining([
        { effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: functionArns.flatMap((arn) => [arn, `${arn}:*`]) },
        { effect: 'Allow', actions: ['sns:Publish'], resources: topicArns },
      ]),
    );
  });

  it('scopes each function to its own log group and its one service call', () => {
    const byFunction = Object.fromEntries(
      ['serialize', 'classify', 'filter'].map((name) => [name, documents.find(({ id }) => id.startsWith(`${name}_role_permissions`))!.statements]),
    );

    for (const [name, statements] of Object.entries(byFunction)) {
      expect(statements[0]).toStrictEqual({
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [expect.stringMatching(new RegExp(`^\\$\\{aws_cloudwatch_log_group\\.${name}_logs_\\w+\\.arn\\}:\\*$`))],
      });
    }
    expect(byFunction.serialize!.slice(1).map((statement) => statement.actions)).toStrictEqual([['s3:GetObject']]);
    expect(byFunction.classify!.slice(1)).toStrictEqual([
      { effect: 'Allow', actions: ['sagemaker:InvokeEndpoint'], resources: [expect.stringMatching(/:sagemaker:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:endpoint\/\$\{lower\(var\.endpoint_name\)\}$/)] },
    ]);
    expect(byFunction.filter!.slice(1)).toStrictEqual([]);
  });
});
