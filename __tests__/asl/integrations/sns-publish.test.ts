import { StateMachineDefinition, snsPublish } from '../../../asl';
import { TOPIC_ARN, renderedTransientRetry } from '../fixtures';

describe('snsPublish', () => {
  const retry = [renderedTransientRetry(['SNS.InternalErrorException', 'SNS.ThrottledException', 'SNS.KMSThrottlingException'])];

  it.each([
    ['JSONPath', 'Parameters', { 'text.$': '$.name' }],
    ['JSONata', 'Arguments', '{% $states.input.name %}'],
  ] as const)('renders its request as %s %s, following the definition', (queryLanguage, field, message) => {
    const definition = new StateMachineDefinition({
      queryLanguage,
      states: [snsPublish('Tell', { topicArn: TOPIC_ARN, message, subject: 'Done', end: true })],
    });

    expect(definition.toJSON().States).toStrictEqual({
      Tell: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        [field]: { TopicArn: TOPIC_ARN, Message: message, Subject: 'Done' },
        Retry: retry,
        End: true,
      },
    });
    expect(definition.permissions()).toStrictEqual([{ actions: ['sns:Publish'], resources: [TOPIC_ARN] }]);
  });
});
