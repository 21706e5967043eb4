import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { imageClassificationWorkflow } from '../asl';
import type { LambdaFunctionName } from '../handlers/functions';
import { ENVIRONMENT_VARIABLES } from '../handlers/configuration';
import { AwsContext } from './aws-context';
import { BundledFunction } from './bundled-function';
import type { BundledFunctionProps } from './bundled-function';
import { DeploymentVariables } from './deployment-variables';
import { bundleAllLambdas } from './lambda-bundle';
import { Notifications } from './notifications';
import { address, TerraformTestSuite } from './terraform-tests';
import type { SynthConfig } from './synth-config';
import { WorkflowStateMachine } from './workflow-state-machine';

/** Each function's own timeout (classify keeps the original's 60 s). */
const FUNCTION_TIMEOUT_SECONDS = {
  serializeImageData: 30,
  classifyImageData: 60,
  filterInferenceData: 10,
} as const satisfies Record<LambdaFunctionName, number>;

/** How much longer a task waits than its function may run, so a slow invoke ends as the function's own timeout. */
const TASK_TIMEOUT_MARGIN_SECONDS = 15;

const BASE_TAGS = { Project: 'image-classification-workflow', ManagedBy: 'cdktf' };

interface ImageClassificationStackProps {
  readonly config: SynthConfig;
  /** Where esbuild writes the zips before Terraform's asset copy. */
  readonly bundleDir?: string;
}

/** The whole system: notifications, the three functions, and the state machine that runs them. */
class ImageClassificationStack extends TerraformStack {
  readonly workflow: WorkflowStateMachine;
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
    const notifications = new Notifications(this, 'notifications', { topicName: name('notifications'), email: vars.notificationEmail });
    const bundles = new Map(bundleAllLambdas(bundleDir).map((bundle) => [bundle.functionName, bundle]));
    const lambda = (id: string, handler: LambdaFunctionName, access: Pick<BundledFunctionProps, 'environment' | 'statements'>) =>
      new BundledFunction(this, id, {
        ...access,
        bundle: bundles.get(handler)!,
        functionName: name(handler),
        timeoutSeconds: FUNCTION_TIMEOUT_SECONDS[handler],
        logRetentionDays: config.logRetentionDays,
      });

    const serialize = lambda('serialize', 'serializeImageData', {
      statements: [
        { actions: ['s3:GetObject'], resources: [aws.arn('s3', `${vars.imageBucket}/${vars.imageKeyPrefix}*`, { regional: false })] },
      ],
    });
    const classify = lambda('classify', 'classifyImageData', {
      environment: { [ENVIRONMENT_VARIABLES.endpointName]: vars.endpointName },
      // SageMaker endpoint ARNs spell the name in lowercase.
      statements: [{ actions: ['sagemaker:InvokeEndpoint'], resources: [aws.arn('sagemaker', `endpoint/${Fn.lower(vars.endpointName)}`)] }],
    });
    const filter = lambda('filter', 'filterInferenceData', {
      environment: { [ENVIRONMENT_VARIABLES.confidenceThreshold]: vars.confidenceThreshold },
      statements: [],
    });

    const definition = imageClassificationWorkflow({
      functionArns: {
        serializeImageData: serialize.function.arn,
        classifyImageData: classify.function.arn,
        filterInferenceData: filter.function.arn,
      },
      topicArn: notifications.topic.arn,
      taskTimeouts: {
        serializeImageData: FUNCTION_TIMEOUT_SECONDS.serializeImageData + TASK_TIMEOUT_MARGIN_SECONDS,
        classifyImageData: FUNCTION_TIMEOUT_SECONDS.classifyImageData + TASK_TIMEOUT_MARGIN_SECONDS,
        filterInferenceData: FUNCTION_TIMEOUT_SECONDS.filterInferenceData + TASK_TIMEOUT_MARGIN_SECONDS,
      },
      executionTimeoutSeconds: 300,
    });
    this.workflow = new WorkflowStateMachine(this, 'workflow', { name: name('workflow'), definition, aws, config });

    new TerraformOutput(this, 'state_machine_arn', { value: this.workflow.stateMachine.arn });
    new TerraformOutput(this, 'topic_arn', { value: notifications.topic.arn });
    new TerraformOutput(this, 'function_names', {
      value: { serializeImageData: serialize.function.functionName, classifyImageData: classify.function.functionName, filterInferenceData: filter.function.functionName },
    });
    new TerraformOutput(this, 'start_execution_example', {
      description: 'Starts one execution on an image under the configured prefix (replace example.png).',
      // One Terraform expression, not a template with quotes in it: the HCL renderer copies strings
      // holding references verbatim, so literal quotes outside `${...}` would end the HCL string. No
      // object constructor either: `terraform fmt` (run by `cdktf synth --hcl`) would respace it.
      value: Fn.format(Fn.rawString(`aws stepfunctions start-execution --state-machine-arn %s --input '{"s3_bucket":%s,"s3_key":%s}'`), [
        this.workflow.stateMachine.arn,
        Fn.jsonencode(vars.imageBucket),
        Fn.jsonencode(Fn.format('%sexample.png', [vars.imageKeyPrefix])),
      ]),
    });

    const stateMachine = address(this.workflow.stateMachine);
    const tests = TerraformTestSuite.of(this);
    for (const fn of [serialize, classify, filter]) {
      tests.assert(
        `contains([for state in values(jsondecode(${stateMachine}.definition).States) : try(state.Parameters.FunctionName, "")], ${address(fn.function)}.arn)`,
        `The state machine invokes ${fn.function.friendlyUniqueId}.`,
      );
    }
    tests
      .assert(`${address(classify.function)}.environment[0].variables.ENDPOINT_NAME == var.endpoint_name`, 'The classify function calls the endpoint of var.endpoint_name.')
      .assert(`${address(filter.function)}.environment[0].variables.CONFIDENCE_THRESHOLD == tostring(var.confidence_threshold)`, 'The filter function applies var.confidence_threshold.')
      .assert(
        `output.start_execution_example == "aws stepfunctions start-execution --state-machine-arn \${${stateMachine}.arn} --input '{\\"s3_bucket\\":\\"\${var.image_bucket}\\",\\"s3_key\\":\\"\${var.image_key_prefix}example.png\\"}'"`,
        'start_execution_example is a shell command with the input as JSON.',
      );
  }
}

export { ImageClassificationStack, FUNCTION_TIMEOUT_SECONDS, BASE_TAGS };
export type { ImageClassificationStackProps };
