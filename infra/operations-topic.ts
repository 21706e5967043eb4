import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Fn, Op, TerraformIterator, Token } from 'cdktf';
import type { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import type { AwsContext } from './aws-context';
import { hcl, TerraformTestSuite } from './terraform-tests';

interface OperationsTopicProps {
  readonly topicName: string;
  /** Every alarm that publishes here is named with this prefix; the key and topic policies admit only those. */
  readonly alarmNamePrefix: string;
  /** Recipients, as a Terraform list: one email subscription each. */
  readonly emails: string[];
  /** Who is subscribed when `emails` is empty, so that an alarm always reaches a person. */
  readonly fallbackEmail: string;
  readonly aws: AwsContext;
}

/**
 * The topic CloudWatch alarms publish to, apart from the per-image notifications. It is encrypted
 * with a customer-managed key: CloudWatch cannot use the AWS-managed `alias/aws/sns` key, and an
 * alarm whose topic it cannot encrypt for is dropped with only a line in the alarm's history.
 */
class OperationsTopic extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: OperationsTopicProps) {
    super(scope, id);
    const { aws } = props;
    const fromOwnAlarms = [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [aws.arn('cloudwatch', `alarm:${props.alarmNamePrefix}-*`)] },
    ];
    const cloudwatch = [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }];

    const keyPolicy = new DataAwsIamPolicyDocument(this, 'key_policy', {
      statement: [
        {
          // The default key policy: the account administers the key through IAM, so it never becomes unmanageable.
          sid: 'AccountAdministersKey',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [`arn:${aws.partition}:iam::${aws.accountId}:root`] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'CloudWatchAlarmsEncryptForTopic',
          effect: 'Allow',
          principals: cloudwatch,
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          condition: fromOwnAlarms,
        },
      ],
    });
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the ${props.topicName} SNS topic; CloudWatch alarms may use it`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.topicName}`, targetKeyId: this.key.keyId });

    this.topic = new SnsTopic(this, 'topic', { name: props.topicName, kmsMasterKeyId: this.key.arn });
    const topicPolicy = new DataAwsIamPolicyDocument(this, 'topic_policy', {
      statement: [
        {
          sid: 'CloudWatchAlarmsPublish',
          effect: 'Allow',
          principals: cloudwatch,
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: fromOwnAlarms,
        },
      ],
    });
    new SnsTopicPolicy(this, 'policy', { arn: this.topic.arn, policy: topicPolicy.json });

    const recipients = Fn.conditional(Op.gte(Fn.lengthOf(props.emails), 1), props.emails, [props.fallbackEmail]) as IResolvable;
    const iterator = TerraformIterator.fromList(Token.asList(recipients));
    const subscriptions = new SnsTopicSubscription(this, 'email', {
      forEach: iterator,
      topicArn: this.topic.arn,
      protocol: 'email',
      endpoint: iterator.value as string,
    });
    TerraformTestSuite.of(this).assert(
      hcl`sort([for subscription in values(${subscriptions}) : subscription.endpoint]) == sort(distinct(${recipients}))`,
      'The operations topic emails every address of ops_emails, or notification_email when ops_emails is empty.',
    );
  }
}

export { OperationsTopic };
export type { OperationsTopicProps };
