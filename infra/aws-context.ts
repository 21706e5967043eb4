import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { Construct } from 'constructs';

interface AwsContextProps {
  /**
   * The provider's region, fixed at synthesis. Not `data.aws_region`: its attribute is `name` in
   * provider 5.x and `region` in 6.x, and the synth-time value is the one the provider is given.
   */
  readonly region: string;
}

/** The account, partition and region Terraform deploys into, for building exact ARNs. */
class AwsContext extends Construct {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  constructor(scope: Construct, id: string, props: AwsContextProps) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'caller').accountId;
    this.partition = new DataAwsPartition(this, 'partition').partition;
    this.region = props.region;
  }

  arn(service: string, resource: string, { regional = true }: { regional?: boolean } = {}): string {
    return `arn:${this.partition}:${service}:${regional ? this.region : ''}:${regional ? this.accountId : ''}:${resource}`;
  }
}

export { AwsContext };
export type { AwsContextProps };
