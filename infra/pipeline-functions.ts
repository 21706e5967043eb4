import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Fn, dependable } from 'cdktf';
import type { Construct } from 'constructs';
import { ENVIRONMENT_VARIABLES } from '../contract/environment';
import type { EnvironmentVariableName } from '../contract/environment';
import { FUNCTIONS, FUNCTION_NAMES } from '../contract/functions';
import type { FunctionAccess, FunctionName } from '../contract/functions';
import { CLASSIFICATION_METRICS } from '../contract/metrics';
import type { AwsContext } from './aws-context';
import { BundledFunction } from './bundled-function';
import { ClassLabels } from './class-labels';
import type { DeploymentVariables } from './deployment-variables';
import { Grouping } from './groupings';
import type { IamStatement } from './iam';
import { objectsUnder } from './image-bucket';
import type { ImageBucket } from './image-bucket';
import { bundleAllLambdas } from './lambda-bundle';
import { METRICS } from './metrics';
import type { Monitored, MonitoredFunction } from './monitored';
import { hcl, TerraformTestSuite } from './terraform-tests';

/**
 * The function that emits the classification metrics (contract/metrics.ts). Its
 * ThresholdConfidenceNotMet errors are an outcome, not a fault: each one is counted by BelowThreshold,
 * which its errors alarm leaves out.
 */
const CLASSIFIER: FunctionName = 'filterInferenceData';

interface PipelineFunctionsProps {
  readonly namePrefix: string;
  readonly vars: DeploymentVariables;
  readonly aws: AwsContext;
  readonly bucket: ImageBucket;
  readonly logRetentionDays: number;
  /** Where esbuild writes the zips before Terraform's asset copy. */
  readonly bundleDir?: string;
}

/** What each access of the catalogue allows, as IAM statements on this deployment's resources. */
function accessStatements({ vars, aws, bucket }: PipelineFunctionsProps, classLabels: ClassLabels): Record<FunctionAccess, IamStatement[]> {
  return {
    readImages: [
      // GetObjectVersion: reading the exact version an S3 event names (`VersionId`) needs it beside GetObject.
      { actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [objectsUnder(bucket, bucket.imagePrefix)] },
      // Without s3:ListBucket, S3 answers 403 instead of 404 for a missing key.
      {
        actions: ['s3:ListBucket'],
        resources: [bucket.arn],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${bucket.imagePrefix}*`] }],
      },
    ],
    // SageMaker endpoint ARNs spell the name in lowercase.
    invokeEndpoint: [
      { actions: ['sagemaker:InvokeEndpoint'], resources: [aws.arn('sagemaker', `endpoint/${Fn.lower(vars.value('endpoint_name'))}`)] },
    ],
    // TargetModel, TargetVariant and InferenceComponentName need no more: InvokeEndpoint's resource is the endpoint.
    readClassLabels: [{ actions: ['s3:GetObject'], resources: [classLabels.arn] }],
    readBatchResults: [
      { actions: ['s3:GetObject'], resources: [objectsUnder(bucket, bucket.batchResultsPrefix)] },
      // A stopped Map Run's manifest is found by listing the folder it wrote to.
      {
        actions: ['s3:ListBucket'],
        resources: [bucket.arn],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${bucket.batchResultsPrefix}*`] }],
      },
    ],
    writeBatchResults: [
      { actions: ['s3:AbortMultipartUpload', 's3:PutObject'], resources: [objectsUnder(bucket, bucket.batchResultsPrefix)] },
    ],
  };
}

/** The construct id of a function: the first word of its name (`serializeImageData` -> `serialize`). */
function constructId(name: FunctionName): string {
  return /^[a-z]+/.exec(name)![0];
}

/**
 * The catalogue's functions (contract/functions.ts), each with its zip, its environment from the
 * Terraform variables and a role granting what its access list names.
 */
class PipelineFunctions extends Grouping {
  readonly functions: Readonly<Record<FunctionName, BundledFunction>>;
  readonly arns: Readonly<Record<FunctionName, string>>;
  /** Each function as the operations watch it. */
  readonly monitored: readonly MonitoredFunction[];
  /** The function that emits the classification metrics. */
  readonly classifier: Monitored<LambdaFunction>;

  constructor(scope: Construct, id: string, props: PipelineFunctionsProps) {
    super(scope, id);
    const { vars } = props;
    const classLabels = new ClassLabels(this, 'class-labels', { vars, bucket: props.bucket });
    const statements = accessStatements(props, classLabels);
    /** Each variable from its Terraform variable, but CLASS_LABELS_OBJECT, which names the object written from one. */
    const environmentValue = (variable: EnvironmentVariableName): string =>
      variable === 'CLASS_LABELS_OBJECT' ? classLabels.location : vars.value(ENVIRONMENT_VARIABLES[variable].terraformVariable);
    const bundles = new Map(bundleAllLambdas(props.bundleDir).map((bundle) => [bundle.functionName, bundle]));
    const tests = TerraformTestSuite.of(this);
    const deploy = (functionName: FunctionName): BundledFunction => {
      const spec = FUNCTIONS[functionName];
      const environment = Object.fromEntries(spec.environment.map((variable) => [variable, environmentValue(variable)]));
      const bundled = new BundledFunction(this, constructId(functionName), {
        bundle: bundles.get(functionName)!,
        functionName: `${props.namePrefix}-${functionName}`,
        timeoutSeconds: spec.timeoutSeconds,
        memoryMb: spec.memoryMb,
        environment: spec.environment.length === 0 ? undefined : environment,
        statements: spec.access.flatMap((access) => statements[access]),
        logRetentionDays: props.logRetentionDays,
      });
      // A fresh container reads the object its configuration names: write the object before the configuration.
      if ((spec.access as readonly FunctionAccess[]).includes('readClassLabels'))
        bundled.function.dependsOn = [...(bundled.function.dependsOn ?? []), dependable(classLabels.object)];
      for (const variable of spec.environment) {
        tests.assert(
          hcl`${bundled.function}.environment[0].variables[${variable}] == tostring(${environment[variable]!})`,
          `${functionName} reads ${variable} from var.${ENVIRONMENT_VARIABLES[variable].terraformVariable}.`,
        );
      }
      return bundled;
    };
    this.functions = Object.fromEntries(FUNCTION_NAMES.map((functionName) => [functionName, deploy(functionName)])) as Record<
      FunctionName,
      BundledFunction
    >;
    this.arns = Object.fromEntries(
      FUNCTION_NAMES.map((functionName) => [functionName, this.functions[functionName].function.arn]),
    ) as Record<FunctionName, string>;
    const classifier = this.functions[CLASSIFIER].function;
    this.classifier = { label: CLASSIFIER, resource: classifier };
    this.monitored = FUNCTION_NAMES.map((functionName) => ({
      label: functionName,
      resource: this.functions[functionName].function,
      ...(functionName === CLASSIFIER
        ? { expectedErrors: METRICS.classification(classifier.functionName, CLASSIFICATION_METRICS.belowThreshold.name) }
        : {}),
    }));
  }
}

export { PipelineFunctions };
