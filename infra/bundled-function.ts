import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { assetPath } from './asset-paths';
import { ServiceRole } from './iam';
import type { IamStatement } from './iam';
import { XRAY_STATEMENTS } from './wildcard-statements';
import { address, TerraformTestSuite } from './terraform-tests';
import type { LambdaBundle } from './lambda-bundle';

interface BundledFunctionProps {
  /** The handler's zip, built by esbuild. */
  readonly bundle: LambdaBundle;
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment?: Readonly<Record<string, string>>;
  /** What the function needs beyond writing its own logs. */
  readonly statements: readonly IamStatement[];
  readonly logRetentionDays: number;
}

const RUNTIME = 'nodejs22.x';

/** A function from an esbuild zip, with its own role and a log group created before it. */
class BundledFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    const { bundle } = props;
    const code = new TerraformAsset(this, 'code', { path: bundle.zipPath, type: AssetType.FILE });

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
    });
    this.role = new ServiceRole(this, 'role', {
      roleName: `${props.functionName}-role`,
      service: 'lambda.amazonaws.com',
      statements: [
        { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.arn}:*`] },
        ...props.statements,
        ...XRAY_STATEMENTS,
      ],
    });
    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      role: this.role.role.arn,
      runtime: RUNTIME,
      architectures: ['arm64'],
      handler: bundle.handler,
      filename: assetPath(this, code),
      sourceCodeHash: Fn.filebase64sha256(assetPath(this, code)),
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      environment: props.environment === undefined ? undefined : { variables: { ...props.environment } },
      // Referencing the log group orders it before the function; no `depends_on`, which cdktf's HCL
      // renderer writes as quoted references (deprecated in Terraform).
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      tracingConfig: { mode: 'Active' },
      // The first invocations after a deploy must not run before the role may do its work.
      dependsOn: [this.logGroup, this.role.policy],
    });
    const fn = address(this.function);
    TerraformTestSuite.of(this)
      .assert(`${fn}.role == ${address(this.role.role)}.arn`, `${props.functionName} runs as its own role.`)
      .assert(`${fn}.logging_config[0].log_group == ${address(this.logGroup)}.name`, `${props.functionName} logs to its own log group.`);
  }
}

export { BundledFunction };
export type { BundledFunctionProps };
