import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GroupedStack, Grouping } from '../../infra/groupings';

class TestStack extends GroupedStack {}

describe('GroupedStack', () => {
  it('addresses a resource under groupings as cdktf addresses it without them', () => {
    const plain = new TerraformStack(Testing.app(), 'plain');
    const expected = new SnsTopic(new Construct(plain, 'notifications'), 'topic', { name: 't' }).friendlyUniqueId;
    const grouped = new TestStack(Testing.app(), 'grouped');
    const outer = new Grouping(grouped, 'pipeline');

    const topic = new SnsTopic(new Construct(new Grouping(outer, 'messaging'), 'notifications'), 'topic', { name: 't' });

    expect(topic.friendlyUniqueId).toBe(expected);
    expect(topic.friendlyUniqueId).toMatch(/^notifications_topic_[0-9A-F]{8}$/);
  });

  it('keeps the constructs that are not groupings in the address', () => {
    const stack = new TestStack(Testing.app(), 'stack');

    const topic = new SnsTopic(new Construct(new Grouping(stack, 'pipeline'), 'operations'), 'topic', { name: 't' });

    expect(topic.friendlyUniqueId).toMatch(/^operations_topic_/);
  });

  it('refuses two constructs that only groupings tell apart, naming both', () => {
    const stack = new TestStack(Testing.app(), 'stack');
    const first = new SnsTopic(new Grouping(stack, 'first'), 'topic', { name: 'a' });
    const second = new SnsTopic(new Grouping(stack, 'second'), 'topic', { name: 'b' });

    expect(first.friendlyUniqueId).toBe('topic');

    expect(() => second.friendlyUniqueId).toThrow(
      'Two constructs would share the Terraform address topic: stack/first/topic and stack/second/topic; give one of them another id.',
    );
  });
});
