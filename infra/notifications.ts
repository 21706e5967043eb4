import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { address, TerraformTestSuite } from './terraform-tests';

interface NotificationsProps {
  readonly topicName: string;
  readonly email: string;
}

/** The topic the workflow reports to, encrypted at rest, with the email subscription. */
class Notifications extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name: props.topicName, kmsMasterKeyId: 'alias/aws/sns' });
    const subscription = new SnsTopicSubscription(this, 'email', { topicArn: this.topic.arn, protocol: 'email', endpoint: props.email });
    TerraformTestSuite.of(this)
      .assert(`${address(this.topic)}.kms_master_key_id == "alias/aws/sns"`, 'The topic is encrypted with the AWS managed SNS key.')
      .assert(`${address(subscription)}.protocol == "email"`, 'The subscription delivers by email.')
      .assert(`${address(subscription)}.topic_arn == ${address(this.topic)}.arn`, 'The subscription is to the notification topic.');
  }
}

export { Notifications };
export type { NotificationsProps };
