import { createLocalWorkflow } from '../../local/run-workflow';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:big';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:topic';

/** A task whose function answers `bytes` bytes, caught into a notification: what Step Functions cannot do past its quota. */
const definition = {
  StartAt: 'Invoke',
  States: {
    Invoke: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Notify' }],
      Next: 'Notify',
    },
    Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: TOPIC_ARN, Message: 'done' }, End: true },
  },
};

describe('createLocalWorkflow', () => {
  const workflow = createLocalWorkflow(definition);
  const answering = (bytes: number) => ({ [FUNCTION_ARN]: () => ({ text: 'x'.repeat(bytes) }) });

  it('fails the execution with States.DataLimitExceeded when a state payload exceeds 256 KB, as Step Functions does, uncaught', async () => {
    const execution = await workflow.run({ functions: answering(262_144), input: {} });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', published: [] });
    expect(execution.cause).toMatch(/^State 'Invoke' has a \d+-byte payload, over the 262144-byte quota$/);
  });

  it('runs a payload just under the quota to the end', async () => {
    const execution = await workflow.run({ functions: answering(200_000), input: {} });

    expect(execution).toMatchObject({ status: 'SUCCEEDED', published: [expect.objectContaining({ message: 'done' })] });
  });
});
