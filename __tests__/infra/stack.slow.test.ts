import { CORRELATION_FIELDS } from '../../contract/correlation';
import { TERRAFORM_VARIABLE_NAMES } from '../../contract/variables';
import { VARIABLES } from '../../infra/deployment-variables';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { aslValidationErrors } from '../helpers/asl-validator';
import { byConstruct, synthesizedConfiguration } from '../helpers/synthesized-stack';
import { READ_IMAGES_STATEMENTS, XRAY_ACTIONS, FROM_OWN_ACCOUNT } from '../helpers/policies';

const { json, config } = synthesizedConfiguration();

function trustStatementFor(service: string) {
  return Object.values(config.data.aws_iam_policy_document!)
    .flatMap((document) => document.statement as { actions: string[]; principals?: { identifiers: string[] }[]; condition?: unknown[] }[])
    .filter((statement) => statement.actions.includes('sts:AssumeRole') && statement.principals?.[0]?.identifiers.includes(service));
}

describe('the synthesized stack', () => {
  it('gives each function a role that only Lambda can assume', () => {
    const statements = trustStatementFor('lambda.amazonaws.com');

    expect(statements).toHaveLength(4);
    for (const statement of statements) {
      expect(statement.principals).toStrictEqual([{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
    }
    // Four functions, the two state machines and the trigger.
    expect(Object.keys(config.resource.aws_iam_role!)).toHaveLength(7);
  });

  it('lets only Step Functions from this account and this state machine assume the workflow role', () => {
    expect(
      trustStatementFor('states.amazonaws.com').filter((statement) =>
        JSON.stringify(statement).includes(':stateMachine:image-classification-workflow"'),
      ),
    ).toStrictEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['states.amazonaws.com'] }],
        condition: [
          FROM_OWN_ACCOUNT,
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: [
              expect.stringMatching(
                /^arn:\$\{data\.aws_partition\.\w+\.partition\}:states:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:stateMachine:image-classification-workflow$/,
              ),
              expect.stringMatching(/:stateMachine:image-classification-workflow\/\*$/),
            ],
          },
        ],
      },
    ]);
  });

  it('creates an encrypted topic with an email subscription to the notification address', () => {
    expect(json).toHaveResourceWithProperties(SnsTopic, { name: 'image-classification-notifications', kms_master_key_id: 'alias/aws/sns' });
    expect(json).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: 'email', endpoint: '${var.notification_email}' });
  });

  it.each([
    ['serializeImageData', 128, 10, { MAX_IMAGE_BYTES: '${var.max_image_bytes}' }],
    [
      'classifyImageData',
      192,
      65,
      {
        ENDPOINT_NAME: '${var.endpoint_name}',
        MAX_IMAGE_BYTES: '${var.max_image_bytes}',
        MAX_SCORES: '${var.max_scores}',
        ENDPOINT_RESPONSE_FORMAT: '${var.endpoint_response_format}',
        ENDPOINT_CONTENT_TYPE: '${var.endpoint_content_type}',
        ENDPOINT_ACCEPT: '${var.endpoint_accept}',
        ENDPOINT_TARGET_MODEL: '${var.endpoint_target_model}',
        ENDPOINT_TARGET_VARIANT: '${var.endpoint_target_variant}',
        ENDPOINT_INFERENCE_COMPONENT: '${var.endpoint_inference_component}',
        CLASS_LABELS_OBJECT: '${local.class_labels_location}',
      },
    ],
    ['filterInferenceData', 128, 5, { CONFIDENCE_THRESHOLD: '${var.confidence_threshold}' }],
  ])('deploys %s on nodejs22.x with %i MB, a %i s timeout, its environment and X-Ray tracing', (name, memory, timeout, variables) => {
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: `image-classification-${name}`,
      runtime: 'nodejs22.x',
      memory_size: memory,
      timeout,
      handler: 'index.handler',
      environment: { variables },
      tracing_config: { mode: 'Active' },
    });
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: `/aws/lambda/image-classification-${name}`,
      retention_in_days: 30,
    });
  });

  it('creates each function after its log group and its role policy (classify also after the class_labels object), from its zip, with the zip hash Terraform computes', () => {
    const functions = Object.values(config.resource.aws_lambda_function!);

    for (const fn of functions) {
      expect(fn.depends_on).toStrictEqual([
        expect.stringMatching(/^aws_cloudwatch_log_group\./),
        expect.stringMatching(/^aws_iam_role_policy\./),
        ...((fn.function_name as string).endsWith('-classifyImageData') ? ['aws_s3_object.class_labels'] : []),
      ]);
      expect(fn.filename).toMatch(/^assets\/\w+\/[0-9A-F]+\/\w+\.zip$/);
      expect(fn.source_code_hash).toBe(`\${filebase64sha256("${fn.filename as string}")}`);
      expect((fn.logging_config as { log_group: string }).log_group).toMatch(/^\$\{aws_cloudwatch_log_group\.\w+\.name\}$/);
    }
  });

  it('runs a STANDARD state machine with error logging and X-Ray tracing by default', () => {
    expect(json).toHaveResourceWithProperties(SfnStateMachine, {
      name: 'image-classification-workflow',
      type: 'STANDARD',
      logging_configuration: {
        level: 'ERROR',
        include_execution_data: false,
        log_destination: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.\w+\.arn\}:\*$/),
      },
      tracing_configuration: { enabled: true },
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.workflow_role_policy_/)],
    });
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/vendedlogs/states/image-classification-workflow',
      retention_in_days: 30,
    });
  });

  it('selects EXPRESS, ALL logging and another retention from the synth options', () => {
    const express = synthesizedConfiguration({ workflowType: 'EXPRESS', logLevel: 'ALL', logRetentionDays: 7, namePrefix: 'staging' });

    expect(express.json).toHaveResourceWithProperties(SfnStateMachine, {
      name: 'staging-workflow',
      type: 'EXPRESS',
      logging_configuration: expect.objectContaining({ level: 'ALL' }),
    });
    expect(express.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/staging-classifyImageData',
      retention_in_days: 7,
    });
  });

  it('deploys a definition that parses and passes asl-validator with the Terraform references in it', () => {
    const definition = byConstruct(config.resource.aws_sfn_state_machine, 'workflow').definition as string;

    expect(aslValidationErrors(definition)).toBe('');
    expect(definition).toMatch(/"FunctionName": "\$\{aws_lambda_function\.serialize_function_\w+\.arn\}"/);
    expect(definition).toMatch(/"TopicArn": "\$\{aws_sns_topic\.notifications_topic_\w+\.arn\}"/);
  });

  it('holds string variables in definitions and event patterns only JSON-encoded, and the prefixes never inside a JSONata expression', () => {
    const texts = [
      ...Object.values(config.resource.aws_sfn_state_machine!).map((machine) => machine.definition as string),
      ...Object.values(config.resource.aws_cloudwatch_event_rule!).map((rule) => rule.event_pattern as string),
      ...Object.values(config.resource.aws_cloudwatch_event_archive!).map((archive) => archive.event_pattern as string),
    ];
    const references = [...new Set(texts.flatMap((text) => [...text.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1]!)))];
    const stringVariables = TERRAFORM_VARIABLE_NAMES.filter((name) => VARIABLES[name].type === 'string');
    const jsonataTexts = (value: unknown): string[] =>
      typeof value === 'string'
        ? value.startsWith('{%')
          ? [value]
          : []
        : typeof value === 'object' && value !== null
          ? Object.values(value).flatMap(jsonataTexts)
          : [];

    expect(
      references.filter(
        (reference) => /\bvar\./.test(reference) && !/^var\.batch_(max_concurrency|tolerated_failure_percentage)$/.test(reference),
      ),
    ).toStrictEqual([]);
    const embedded = ['batch_results_prefix', 'endpoint_name', 'image_bucket', 'image_key_prefix', 'notify_on', 'results_prefix'];
    expect(references.filter((reference) => reference.startsWith('local.')).sort()).toStrictEqual(
      embedded.map((name) => `local.${name}_json`),
    );
    const locals = Object.entries((config as unknown as { locals: Record<string, string> }).locals);
    expect(Object.fromEntries(locals.filter(([name]) => name.endsWith('_json')))).toStrictEqual(
      Object.fromEntries(embedded.map((name) => [`${name}_json`, `\${trimsuffix(trimprefix(jsonencode(var.${name}), "\\""), "\\"")}`])),
    );
    expect(stringVariables).toEqual(expect.arrayContaining(['image_bucket', 'image_key_prefix', 'batch_results_prefix']));
    const expressions = texts.flatMap((text) => jsonataTexts(JSON.parse(text.replace(/\$\{var\.batch_\w+\}/g, '0'))));
    expect(expressions.length).toBeGreaterThan(10);
    expect(
      expressions.filter((expression) =>
        /local\.(image_key_prefix|batch_results_prefix|results_prefix|notify_on|endpoint_name)_json/.test(expression),
      ),
    ).toStrictEqual([]);
  });

  it('lets every task wait longer than its function may run', () => {
    const states = (
      JSON.parse(byConstruct(config.resource.aws_sfn_state_machine, 'workflow').definition as string) as {
        States: Record<string, { TimeoutSeconds?: number; Arguments?: { FunctionName?: string } }>;
      }
    ).States;
    const functionTimeouts = Object.fromEntries(
      Object.entries(config.resource.aws_lambda_function!).map(([id, fn]) => [`\${aws_lambda_function.${id}.arn}`, fn.timeout as number]),
    );

    const invokes = Object.values(states).filter((state) => state.Arguments?.FunctionName !== undefined);

    expect(invokes).toHaveLength(3);
    for (const state of invokes) expect(state.TimeoutSeconds).toBe(functionTimeouts[state.Arguments!.FunctionName!]! + 15);
  });

  it('declares the per-environment variables with validation, needing none to synthesize', () => {
    const variables = config.variable;

    expect(Object.keys(variables).sort()).toStrictEqual([...TERRAFORM_VARIABLE_NAMES].sort());
    for (const [name, variable] of Object.entries(variables)) {
      expect((variable.validation as { condition: string }[])[0]!.condition).toContain(`var.${name}`);
    }
    expect(variables.confidence_threshold).toMatchObject({ type: 'number', default: 0.93 });
    expect(variables.image_key_prefix).toMatchObject({ type: 'string', default: '' });
  });

  it('outputs the state machine, topic, function names and a start-execution example', () => {
    expect(Object.keys(config.output).sort()).toStrictEqual([
      'batch_state_machine_arn',
      'dashboard_url',
      'function_names',
      'operations_topic_arn',
      'start_batch_example',
      'start_execution_example',
      'state_machine_arn',
      'topic_arn',
      'trigger_archive_arn',
      'trigger_dead_letter_queue_url',
      'trigger_replay_command',
    ]);
    // One expression, with no literal quote outside it, so that the HCL rendering parses too.
    // Each value JSON-encoded, its single quotes written for the single-quoted shell word ('\'').
    const workflowId = Object.keys(config.resource.aws_sfn_state_machine!).find((id) => id.startsWith('workflow_'))!;
    expect(config.output.start_execution_example!.value).toBe(
      `\${format("aws stepfunctions start-execution --state-machine-arn %s --input '{\\"s3_bucket\\":%s,\\"s3_key\\":%s}'", aws_sfn_state_machine.${workflowId}.arn, replace(jsonencode(var.image_bucket), "'", "'\\\\''"), replace(jsonencode(format("%sexample.png", var.image_key_prefix)), "'", "'\\\\''"))}`,
    );
  });

  it("starts each execution with the upload's fields, its version in quotes (absent when unversioned) and the event id under the name the functions log it by", () => {
    const targets = Object.values(config.resource.aws_cloudwatch_event_target!);
    const inputs = targets.map((target) => {
      const { input_paths: paths, input_template: template } = target.input_transformer as {
        input_paths: Record<string, string>;
        input_template: string;
      };
      // Each placeholder as its path: a bare one as a JSON string, a quoted one as the text of its string.
      return JSON.parse(
        template.replace(/("?)<(\w+)>\1/g, (_, quote: string, placeholder: string) =>
          quote === '' ? JSON.stringify(`bare ${paths[placeholder]}`) : JSON.stringify(`quoted ${paths[placeholder]}`),
        ),
      ) as unknown;
    });

    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input).toStrictEqual({
        s3_bucket: 'bare $.detail.bucket.name',
        s3_key: 'bare $.detail.object.key',
        s3_etag: 'bare $.detail.object.etag',
        s3_version_id: 'quoted $.detail.object.version-id',
        s3_sequencer: 'bare $.detail.object.sequencer',
        [CORRELATION_FIELDS.sourceEventId]: 'bare $.id',
      });
    }
  });

  it("archives the bucket's Object Created events under the image prefix on the default bus, for the retention the variable sets", () => {
    const archive = Object.values(config.resource.aws_cloudwatch_event_archive!)[0]!;

    expect(archive).toMatchObject({
      name: 'image-classification-image-created',
      event_source_arn: expect.stringMatching(
        /^arn:\$\{data\.aws_partition\.\w+\.partition\}:events:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:event-bus\/default$/,
      ),
      retention_days: '${var.trigger_archive_retention_days}',
    });
    expect(JSON.parse(archive.event_pattern as string)).toStrictEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['${local.image_bucket_json}'] }, object: { key: [{ wildcard: '${local.image_key_prefix_json}*' }] } },
    });
  });

  it('outputs the replay command: the archive, the default bus and only the trigger rules as destination, a unique name and a window', () => {
    const archiveId = Object.keys(config.resource.aws_cloudwatch_event_archive!)[0]!;
    const [lower, upper] = Object.keys(config.resource.aws_cloudwatch_event_rule!);

    expect(config.output.trigger_replay_command!.value).toBe(
      `\${format("aws events start-replay --replay-name %s-$(date -u +%%Y%%m%%d%%H%%M%%S) --event-source-arn %s --event-start-time \\"$START\\" --event-end-time \\"$END\\" --destination '%s'", "image-classification", aws_cloudwatch_event_archive.${archiveId}.arn, jsonencode({"Arn" = aws_cloudwatch_event_archive.${archiveId}.event_source_arn, "FilterArns" = [aws_cloudwatch_event_rule.${lower}.arn, aws_cloudwatch_event_rule.${upper}.arn]}))}`,
    );
    expect(config.output.trigger_archive_arn!.value).toBe(`\${aws_cloudwatch_event_archive.${archiveId}.arn}`);
  });

  it('tags every taggable resource through the provider default tags', () => {
    const tagged = synthesizedConfiguration({ tags: { Team: 'ml-platform' } });

    expect(tagged.config.provider.aws).toStrictEqual([
      {
        region: 'us-east-1',
        default_tags: [{ tags: { Project: 'image-classification-workflow', ManagedBy: 'cdktf', Team: 'ml-platform' } }],
      },
    ]);
  });

  it('keeps the policy documents as data sources that tests and reviewers can read', () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
        ...READ_IMAGES_STATEMENTS,
        expect.objectContaining({
          actions: XRAY_ACTIONS,
        }),
      ],
    });
  });
});
