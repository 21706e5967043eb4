import { randomUUID } from 'node:crypto';
import type { Json } from '../../json';
import { StatesError } from '../errors';
import type { Integration } from './integration';
import { optimizedIntegrationCause } from './service-errors';

/** SNS refuses a message over 256 KB. */
const SNS_MAX_MESSAGE_BYTES = 256 * 1024;

const invalidParameter = (message: string) =>
  new StatesError('SNS.InvalidParameterException', optimizedIntegrationCause(message, 'AmazonSNS', 400, 'InvalidParameter'));

/**
 * sns:publish: captures the message as SNS would deliver it (an object Message as JSON text), or
 * fails as SNS does for a message over 256 KB, or as the run's rejectPublish says.
 */
const snsPublish: Integration = {
  label: 'sns',
  async call(parameters, { environment, publish }) {
    const { TopicArn, Message, Subject } = parameters as { TopicArn?: Json; Message?: Json; Subject?: Json };
    if (typeof TopicArn !== 'string')
      throw invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    if (Message === undefined || Message === '') throw invalidParameter('Invalid parameter: Empty message');
    const message = typeof Message === 'string' ? Message : JSON.stringify(Message);
    if (Buffer.byteLength(message) > SNS_MAX_MESSAGE_BYTES) throw invalidParameter('Invalid parameter: Message too long');
    const rejection = environment.rejectPublish?.(message);
    if (rejection !== undefined) throw rejection;
    publish({ topicArn: TopicArn, subject: typeof Subject === 'string' ? Subject : undefined, message });
    return { MessageId: randomUUID() };
  },
};

export { snsPublish };
