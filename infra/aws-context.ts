import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { Construct } from 'constructs';

/** The account, partition and region Terraform deploys into, for building exact ARNs. */
class AwsContext extends Construct {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'caller').accountId;
    this.partition = new DataAwsPartition(this, 'partition').partition;
    this.region = new DataAwsRegion(this, 'region').region;
  }

  arn(service: string, resource: string, { regional = true }: { regional?: boolean } = {}): string {
    return `arn:${this.partition}:${service}:${regional ? this.region : ''}:${regional ? this.accountId : ''}:${resource}`;
  }
}

export { AwsContext };
