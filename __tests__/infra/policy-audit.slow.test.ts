import { byConstruct, synthesizedConfiguration } from '../helpers/synthesized-stack';
import { READ_IMAGES_STATEMENTS, XRAY_ACTIONS, FROM_OWN_ACCOUNT } from '../helpers/policies';

interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources?: readonly string[];
  readonly principals?: readonly { type: string; identifiers: readonly string[] }[];
  readonly condition?: readonly { test: string; variable: string; values: readonly string[] }[];
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
  'xray:PutTraceSegments': 'X-Ray tracing of the state machine and the functions has no resource-level permissions',
  'xray:PutTelemetryRecords': 'as above',
  'xray:GetSamplingRules': 'as above',
  'xray:GetSamplingTargets': 'as above',
};

const { json, config } = synthesizedConfiguration();
const documents = Object.entries(config.data.aws_iam_policy_document!).map(([id, document]) => ({
  id,
  statements: document.statement as Statement[],
}));
const permissionStatements = documents.filter(({ id }) => id.includes('_permissions_')).flatMap(({ statements }) => statements);
/** Key policies are resource policies of their key: `kms:*` for the account root is the one administrative grant AWS expects. */
const isKeyPolicy = ({ id }: { id: string }) => id.includes('_key_policy_');
const keyPolicies = documents.filter(isKeyPolicy);

/** The two folders of result objects under the results prefix in the image bucket (not the class_labels object beside them). */
const IMAGE_RESULTS: unknown[] = ['images', 'requests'].map((folder): unknown =>
  expect.stringMatching(new RegExp(`:s3:::\\$\\{var\\.image_bucket\\}/\\$\\{var\\.results_prefix\\}${folder}/\\*$`)),
);

describe('policy audit of the synthesized configuration', () => {
  it('has no action with a wildcard outside key policies', () => {
    const wildcardActions = documents
      .filter((document) => !isKeyPolicy(document))
      .flatMap(({ statements }) => statements.flatMap((statement) => statement.actions))
      .filter((action) => action.includes('*'));

    expect(wildcardActions).toStrictEqual([]);
  });

  it('grants kms:* in a key policy to the account root principal only', () => {
    const statements = keyPolicies.flatMap(({ statements }) => statements);
    const administrative = statements.filter((statement) => statement.actions.some((action) => action === 'kms:*' || action === '*'));

    expect(keyPolicies).toHaveLength(1);
    expect(administrative).toStrictEqual([
      {
        sid: 'AccountAdministersKey',
        effect: 'Allow',
        actions: ['kms:*'],
        resources: ['*'],
        principals: [
          {
            type: 'AWS',
            identifiers: [
              expect.stringMatching(
                /^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::\$\{data\.aws_caller_identity\.\w+\.account_id\}:root$/,
              ),
            ],
          },
        ],
      },
    ]);
  });

  it('lets services use a key only for encryption, and only on behalf of the alarms of this deployment', () => {
    const serviceStatements = keyPolicies
      .flatMap(({ statements }) => statements)
      .filter((statement) => statement.principals?.[0]?.type === 'Service');

    expect(serviceStatements).toHaveLength(1);
    for (const statement of serviceStatements) {
      expect(statement.actions).toStrictEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
      expect(statement.principals).toStrictEqual([{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
      expect(statement.condition).toStrictEqual([
        FROM_OWN_ACCOUNT,
        {
          test: 'ArnLike',
          variable: 'aws:SourceArn',
          values: [
            expect.stringMatching(/:cloudwatch:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:alarm:image-classification-\*$/),
          ],
        },
      ]);
    }
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

    expect(trusts).toHaveLength(7);
    for (const { statements } of trusts) {
      expect(statements).toHaveLength(1);
      expect(statements[0]!.principals).toStrictEqual([
        { type: 'Service', identifiers: [expect.stringMatching(/^(lambda|states|events)\.amazonaws\.com$/)] },
      ]);
    }
  });

  it('grants the state machine role every action its definition needs, on those exact resources', () => {
    const definition = byConstruct(config.resource.aws_sfn_state_machine, 'workflow').definition as string;
    const functionArns = [...new Set([...definition.matchAll(/"FunctionName": "([^"]+)"/g)].map((match) => match[1]!))];
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

  it('scopes each function to its own log group, the images it reads, the endpoint it calls and the one class_labels object', () => {
    const byFunction = Object.fromEntries(
      ['serialize', 'classify', 'filter'].map((name) => [
        name,
        documents.find(({ id }) => id.startsWith(`${name}_role_permissions`))!.statements,
      ]),
    );

    for (const [name, statements] of Object.entries(byFunction)) {
      expect(statements[0]).toStrictEqual({
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [expect.stringMatching(new RegExp(`^\\$\\{aws_cloudwatch_log_group\\.${name}_logs_\\w+\\.arn\\}:\\*$`))],
      });
    }
    const xray = XRAY_ACTIONS;
    const readImages = READ_IMAGES_STATEMENTS;
    expect(byFunction.serialize!.slice(1)).toStrictEqual([...readImages, { effect: 'Allow', actions: xray, resources: ['*'] }]);
    expect(byFunction.classify!.slice(1)).toStrictEqual([
      ...readImages,
      {
        effect: 'Allow',
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [
          expect.stringMatching(
            /:sagemaker:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:endpoint\/\$\{lower\(var\.endpoint_name\)\}$/,
          ),
        ],
      },
      {
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: [expect.stringMatching(/:s3:::\$\{var\.image_bucket\}\/\$\{local\.class_labels_key\}$/)],
      },
      { effect: 'Allow', actions: xray, resources: ['*'] },
    ]);
    expect(byFunction.filter!.slice(1)).toStrictEqual([{ effect: 'Allow', actions: xray, resources: ['*'] }]);
  });
  it('lets the EventBridge trigger only start the per-image state machine, assumed by EventBridge for its rules', () => {
    const trust = documents.find(({ id }) => id.startsWith('trigger_role_trust'))!.statements;
    const permissions = documents.find(({ id }) => id.startsWith('trigger_role_permissions'))!.statements;
    const workflowArn = `\${aws_sfn_state_machine.${Object.keys(config.resource.aws_sfn_state_machine!).find((id) => id.startsWith('workflow_'))}.arn}`;
    const ruleArns = Object.keys(config.resource.aws_cloudwatch_event_rule!).map((id) => `\${aws_cloudwatch_event_rule.${id}.arn}`);

    expect(permissions).toStrictEqual([{ effect: 'Allow', actions: ['states:StartExecution'], resources: [workflowArn] }]);
    expect(trust[0]!.condition).toStrictEqual([FROM_OWN_ACCOUNT, { test: 'ArnEquals', variable: 'aws:SourceArn', values: ruleArns }]);
  });

  it('lets only EventBridge, for the trigger rules, send to the dead-letter queue', () => {
    const queuePolicy = documents.find(({ id }) => id.startsWith('trigger_queue_policy_document'))!.statements;
    const ruleArns = Object.keys(config.resource.aws_cloudwatch_event_rule!).map((id) => `\${aws_cloudwatch_event_rule.${id}.arn}`);
    const queueArn = `\${aws_sqs_queue.${Object.keys(config.resource.aws_sqs_queue!)[0]}.arn}`;

    expect(queuePolicy).toStrictEqual([
      {
        effect: 'Allow',
        actions: ['sqs:SendMessage'],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        resources: [queueArn],
        condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ruleArns }],
      },
    ]);
  });

  it('grants the batch state machine its Distributed Maps, listing under the prefix, reading manifests and writing results under the results prefix, and the summary only', () => {
    const definition = byConstruct(config.resource.aws_sfn_state_machine, 'batch').definition as string;
    const functionArns = [...new Set([...definition.matchAll(/"FunctionName": "([^"]+)"/g)].map((match) => match[1]!))];
    const statements = documents.find(({ id }) => id.startsWith('batch_role_permissions'))!.statements;
    const stateMachine =
      /^arn:\$\{data\.aws_partition\.\w+\.partition\}:states:[^:]+:\$\{data\.aws_caller_identity\.\w+\.account_id\}:stateMachine:image-classification-batch$/;
    const bucket = /^arn:\$\{data\.aws_partition\.\w+\.partition\}:s3:::\$\{var\.image_bucket\}$/;

    expect(functionArns).toHaveLength(4);
    expect(statements.filter((statement) => !statement.resources?.includes('*'))).toStrictEqual([
      { effect: 'Allow', actions: ['states:StartExecution'], resources: [expect.stringMatching(stateMachine)] },
      {
        effect: 'Allow',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [expect.stringMatching(/:execution:image-classification-batch\/\*$/)],
      },
      {
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: [expect.stringMatching(bucket)],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['${var.image_key_prefix}*'] }],
      },
      {
        effect: 'Allow',
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        resources: [expect.stringMatching(/:s3:::\$\{var\.image_bucket\}\/\$\{var\.batch_results_prefix\}\*$/)],
      },
      { effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: functionArns.flatMap((arn) => [arn, `${arn}:*`]) },
      { effect: 'Allow', actions: ['s3:PutObject'], resources: IMAGE_RESULTS },
      {
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: [expect.stringMatching(/:s3:::\$\{var\.image_bucket\}\/\$\{var\.batch_results_prefix\}\*$/)],
      },
      { effect: 'Allow', actions: ['sns:Publish'], resources: [expect.stringMatching(/^\$\{aws_sns_topic\.\w+\.arn\}$/)] },
    ]);
  });

  it('lets the per-image state machine write upload records to its table and result objects under the results prefix only', () => {
    const statements = documents.find(({ id }) => id.startsWith('workflow_role_permissions'))!.statements;
    const tableArn = `\${aws_dynamodb_table.${Object.keys(config.resource.aws_dynamodb_table!)[0]}.arn}`;

    expect(statements.filter((statement) => statement.actions.some((action) => action.startsWith('dynamodb:')))).toStrictEqual([
      { effect: 'Allow', actions: ['dynamodb:PutItem'], resources: [tableArn] },
    ]);
    expect(statements.filter((statement) => statement.actions.some((action) => action.startsWith('s3:')))).toStrictEqual([
      { effect: 'Allow', actions: ['s3:PutObject'], resources: IMAGE_RESULTS },
    ]);
  });

  it('lets the summary function read batch results (listing only under the results prefix) and write its list of images not classified beside them, only', () => {
    const statements = documents.find(({ id }) => id.startsWith('summarize_role_permissions'))!.statements;
    const results = [expect.stringMatching(/:s3:::\$\{var\.image_bucket\}\/\$\{var\.batch_results_prefix\}\*$/)];

    expect(statements.slice(1).filter((statement) => !statement.resources?.includes('*'))).toStrictEqual([
      { effect: 'Allow', actions: ['s3:GetObject'], resources: results },
      {
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: [expect.stringMatching(/:s3:::\$\{var\.image_bucket\}$/)],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['${var.batch_results_prefix}*'] }],
      },
      { effect: 'Allow', actions: ['s3:AbortMultipartUpload', 's3:PutObject'], resources: results },
    ]);
  });
});
