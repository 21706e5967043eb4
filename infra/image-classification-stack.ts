import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, LocalBackend, TerraformOutput, TerraformStack, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { ENVIRONMENT_VARIABLES } from '../contract/environment';
import { FUNCTIONS, FUNCTION_NAMES } from '../contract/functions';
import type { FunctionAccess, FunctionName } from '../contract/functions';
import { batchClassificationWorkflow } from '../workflow/batch-classification';
import { imageClassificationWorkflow } from '../workflow/image-classification';
import { AwsContext } from './aws-context';
import { BundledFunction } from './bundled-function';
import { DeploymentVariables } from './deployment-variables';
import { ImageTrigger } from './image-trigger';
import type { IamStatement } from './iam';
import { bundleAllLambdas } from './lambda-bundle';
import { METRICS } from './metrics';
import { Notifications } from './notifications';
import { Operations } from './operations';
import { address, TerraformTestSuite } from './terraform-tests';
import type { SynthConfig } from './synth-config';
import { UploadRecords } from './upload-records';
import { WorkflowStateMachine } from './workflow-state-machine';

const BASE_TAGS = { Project: 'image-classification-workflow', ManagedBy: 'cdktf' };

interface ImageClassificationStackProps {
  readonly config: SynthConfig;
  /** Where esbuild writes the zips before Terraform's asset copy. */
  readonly bundleDir?: string;
}

/**
 * `aws stepfunctions start-execution` with `input` as JSON, as one Terraform expression: the HCL
 * renderer copies strings holding references verbatim, so literal quotes outside `${...}` would end
 * the HCL string, and `terraform fmt` (run by `cdktf synth --hcl`) would respace an object constructor.
 */
function startExecutionCommand(stateMachineArn: string, input: Readonly<Record<string, string>>): string {
  const fields = Object.keys(input).map((field) => `"${field}":%s`);
  return Token.asString(
    Fn.format(Fn.rawString(`aws stepfunctions start-execution --state-machine-arn %s --input '{${fields.join(',')}}'`), [
      stateMachineArn,
      ...Object.values(input).map((value) => Fn.jsonencode(value)),
    ]),
  );
}

/** The construct id of a function: the first word of its name (`serializeImageData` -> `serialize`). */
function constructId(name: FunctionName): string {
  return /^[a-z]+/.exec(name)![0];
}

function functionArns(functions: Readonly<Record<FunctionName, BundledFunction>>): Record<FunctionName, string> {
  return Object.fromEntries(FUNCTION_NAMES.map((functionName) => [functionName, functions[functionName].function.arn])) as Record<
    FunctionName,
    string
  >;
}

/** The whole system: notifications, the catalogue's functions, and the state machine that runs them. */
class ImageClassificationStack extends TerraformStack {
  readonly workflow: WorkflowStateMachine;
  /** The batch state machine: a Distributed Map over a prefix, one summary. */
  readonly batch: WorkflowStateMachine;
  readonly trigger: ImageTrigger;
  readonly uploadRecords: UploadRecords;
  readonly functions: Readonly<Record<FunctionName, BundledFunction>>;
  readonly operations: Operations;
  readonly config: SynthConfig;

  constructor(scope: Construct, props: ImageClassificationStackProps) {
    const { config, bundleDir } = props;
    super(scope, config.stackName);
    this.config = config;
    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: { ...BASE_TAGS, ...config.tags } }] });
    // cdktf's default local backend is an absolute path on the synthesizing machine; this one is
    // relative to the stack folder (cdktf.out/stacks/<stack>), so the configuration travels.
    new LocalBackend(this, { path: `../../../terraform.${config.stackName}.tfstate` });

    const vars = new DeploymentVariables(this, 'variables');
    const aws = new AwsContext(this, 'aws_context', { region: config.region });
    const name = (suffix: string) => `${config.namePrefix}-${suffix}`;
    const notifications = new Notifications(this, 'notifications', {
      topicName: name('notifications'),
      email: vars.value('notification_email'),
    });

    const bucket = vars.value('image_bucket');
    const prefix = vars.value('image_key_prefix');
    const bucketArn = aws.arn('s3', bucket, { regional: false });
    const accessStatements: Record<FunctionAccess, IamStatement[]> = {
      readImages: [
        { actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [aws.arn('s3', `${bucket}/${prefix}*`, { regional: false })] },
        // Without s3:ListBucket, S3 answers 403 instead of 404 for a missing key.
        {
          actions: ['s3:ListBucket'],
          resources: [aws.arn('s3', bucket, { regional: false })],
          conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${prefix}*`] }],
        },
      ],
      // SageMaker endpoint ARNs spell the name in lowercase.
      invokeEndpoint: [
        { actions: ['sagemaker:InvokeEndpoint'], resources: [aws.arn('sagemaker', `endpoint/${Fn.lower(vars.value('endpoint_name'))}`)] },
      ],
      readBatchResults: [{ actions: ['s3:GetObject'], resources: [`${bucketArn}/${vars.value('batch_results_prefix')}*`] }],
      writeBatchResults: [
        { actions: ['s3:AbortMultipartUpload', 's3:PutObject'], resources: [`${bucketArn}/${vars.value('batch_results_prefix')}*`] },
      ],
    };
    const bundles = new Map(bundleAllLambdas(bundleDir).map((bundle) => [bundle.functionName, bundle]));
    const functions = Object.fromEntries(
      FUNCTION_NAMES.map((functionName) => {
        const spec = FUNCTIONS[functionName];
        const environment = spec.environment.map((variable): [string, string] => [
          variable,
          vars.value(ENVIRONMENT_VARIABLES[variable].terraformVariable),
        ]);
        const bundled = new BundledFunction(this, constructId(functionName), {
          bundle: bundles.get(functionName)!,
          functionName: name(functionName),
          timeoutSeconds: spec.timeoutSeconds,
          memoryMb: spec.memoryMb,
          environment: environment.length === 0 ? undefined : Object.fromEntries(environment),
          statements: spec.access.flatMap((access) => accessStatements[access]),
          logRetentionDays: config.logRetentionDays,
        });
        return [functionName, bundled];
      }),
    ) as Record<FunctionName, BundledFunction>;
    this.functions = functions;

    const uploadRecords = new UploadRecords(this, 'upload_records', { tableName: name('uploads') });
    const definition = imageClassificationWorkflow({
      functionArns: functionArns(functions),
      topicArn: notifications.topic.arn,
      region: config.region,
      workflowType: config.workflowType,
      uploadRecords: { tableName: uploadRecords.table.name, tableArn: uploadRecords.table.arn },
    });
    this.workflow = new WorkflowStateMachine(this, 'workflow', { name: name('workflow'), definition, aws, config });
    this.uploadRecords = uploadRecords;
    this.trigger = new ImageTrigger(this, 'trigger', {
      name: config.namePrefix,
      aws,
      bucketName: vars.value('image_bucket'),
      keyPrefix: vars.value('image_key_prefix'),
      stateMachineArn: this.workflow.stateMachine.arn,
      enableBucketNotification: vars.value('enable_trigger'),
    });

    // Its own ARN from its name: the definition names it, and a reference would be a cycle.
    const batchName = name('batch');
    this.batch = new WorkflowStateMachine(this, 'batch', {
      name: batchName,
      definition: batchClassificationWorkflow({
        functionArns: functionArns(functions),
        topicArn: notifications.topic.arn,
        region: config.region,
        stateMachineArn: aws.arn('states', `stateMachine:${batchName}`),
        bucketName: vars.value('image_bucket'),
        bucketArn,
        listablePrefix: vars.value('image_key_prefix'),
        resultsPrefix: vars.value('batch_results_prefix'),
        maxConcurrency: Token.asNumber(vars.value('batch_max_concurrency')),
        toleratedFailurePercentage: Token.asNumber(vars.value('batch_tolerated_failure_percentage')),
      }),
      aws,
      // A Distributed Map runs in STANDARD executions only; its children are EXPRESS.
      config: { ...config, workflowType: 'STANDARD' },
    });

    const filter = functions.filterInferenceData.function;
    this.operations = new Operations(this, 'operations', {
      namePrefix: config.namePrefix,
      region: config.region,
      aws,
      vars,
      stateMachines: [{ label: 'workflow', resource: this.workflow.stateMachine }],
      batchStateMachines: [{ label: 'batch', resource: this.batch.stateMachine }],
      deadLetterQueues: [{ label: 'trigger', resource: this.trigger.deadLetterQueue }],
      functions: FUNCTION_NAMES.map((functionName) => ({
        label: functionName,
        resource: functions[functionName].function,
        // The filter's ThresholdConfidenceNotMet is an outcome, not a fault: each one is counted by BelowThreshold.
        ...(functionName === 'filterInferenceData'
          ? { expectedErrors: METRICS.classification(filter.functionName, 'belowThreshold') }
          : {}),
      })),
      endpoint: { endpointName: vars.value('endpoint_name'), variantName: vars.value('endpoint_variant_name') },
      modelQuality: { label: 'filterInferenceData', resource: filter },
    });

    new TerraformOutput(this, 'state_machine_arn', { value: this.workflow.stateMachine.arn });
    new TerraformOutput(this, 'batch_state_machine_arn', { value: this.batch.stateMachine.arn });
    new TerraformOutput(this, 'trigger_dead_letter_queue_url', { value: this.trigger.deadLetterQueue.url });
    new TerraformOutput(this, 'start_batch_example', {
      description: 'Classifies every object under the configured prefix in one batch, with one summary notification.',
      value: startExecutionCommand(this.batch.stateMachine.arn, {
        s3_bucket: vars.value('image_bucket'),
        s3_prefix: vars.value('image_key_prefix'),
      }),
    });
    new TerraformOutput(this, 'topic_arn', { value: notifications.topic.arn });
    new TerraformOutput(this, 'function_names', {
      value: Object.fromEntries(FUNCTION_NAMES.map((functionName) => [functionName, functions[functionName].function.functionName])),
    });
    new TerraformOutput(this, 'operations_topic_arn', { value: this.operations.topic.topic.arn });
    new TerraformOutput(this, 'dashboard_url', {
      value: `https://${config.region}.console.aws.amazon.com/cloudwatch/home?region=${config.region}#dashboards/dashboard/${this.operations.dashboard.dashboard.dashboardName}`,
    });
    new TerraformOutput(this, 'start_execution_example', {
      description: 'Starts one execution on an image under the configured prefix (replace example.png).',
      value: startExecutionCommand(this.workflow.stateMachine.arn, {
        s3_bucket: vars.value('image_bucket'),
        s3_key: Token.asString(Fn.format('%sexample.png', [vars.value('image_key_prefix')])),
      }),
    });

    const stateMachine = address(this.workflow.stateMachine);
    const tests = TerraformTestSuite.of(this);
    const { classifyImageData: classify, filterInferenceData: filterFunction } = functions;
    const invokedBy = (machine: string) =>
      `[for state in values(jsondecode(${machine}.definition).States) : try(state.Parameters.FunctionName, "")]`;
    for (const fn of Object.values(functions)) {
      tests.assert(
        `contains(concat(${invokedBy(stateMachine)}, ${invokedBy(address(this.batch.stateMachine))}), ${address(fn.function)}.arn)`,
        `A state machine invokes ${fn.function.friendlyUniqueId}.`,
      );
    }
    tests.assert(
      `length(${address(this.trigger.bucketNotification)}) == (var.enable_trigger ? 1 : 0)`,
      "The bucket's notification configuration exists only with enable_trigger.",
    );
    tests
      .assert(
        `${address(classify.function)}.environment[0].variables.ENDPOINT_NAME == var.endpoint_name`,
        'The classify function calls the endpoint of var.endpoint_name.',
      )
      .assert(
        `${address(filterFunction.function)}.environment[0].variables.CONFIDENCE_THRESHOLD == tostring(var.confidence_threshold)`,
        'The filter function applies var.confidence_threshold.',
      )
      .assert(
        `output.start_execution_example == "aws stepfunctions start-execution --state-machine-arn \${${stateMachine}.arn} --input '{\\"s3_bucket\\":\\"\${var.image_bucket}\\",\\"s3_key\\":\\"\${var.image_key_prefix}example.png\\"}'"`,
        'start_execution_example is a shell command with the input as JSON.',
      );
  }
}

export { ImageClassificationStack };
export type { ImageClassificationStackProps };
