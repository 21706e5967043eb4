import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { Construct } from 'constructs';

interface AwsContextProps {
  /**
   * The provider's region when synthesis fixes it (a deployable stack). Absent, the region is the
   * caller's provider's (the module form), read from `data.aws_region`.
   */
  readonly region?: string;
}

/** The account, partition and region Terraform deploys into, for building exact ARNs. */
class AwsContext extends Construct {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  constructor(scope: Construct, id: string, props: AwsContextProps = {}) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'caller').accountId;
    this.partition = new DataAwsPartition(this, 'partition').partition;
    // `id` is the region's name in provider 5.x and 6.x alike: `name` is deprecated in 6.x and
    // `region` is absent from 5.x, whose mirror the shipped tests also run on.
    this.region = props.region ?? new DataAwsRegion(this, 'region').id;
  }

  arn(service: string, resource: string, { regional = true }: { regional?: boolean } = {}): string {
    return `arn:${this.partition}:${service}:${regional ? this.region : ''}:${regional ? this.accountId : ''}:${resource}`;
  }
}

export { AwsContext };
export type { AwsContextProps };
