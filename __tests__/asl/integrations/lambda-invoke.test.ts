import { lambdaInvoke } from '../../../asl';
import { FUNCTION_ARN } from '../fixtures';

describe('lambdaInvoke', () => {
  it('renders the Lambda invoke helper with its payload selection and AWS recommended retry', () => {
    expect(lambdaInvoke('Invoke', { functionArn: FUNCTION_ARN, next: 'X' }).render()).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Retry: [
        {
          ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
          IntervalSeconds: 1,
          MaxAttempts: 3,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Next: 'X',
    });
  });

  it('passes resource strings such as CDKTF tokens through untouched', () => {
    const token = '${TfToken[TOKEN.42]}';

    const rendered = lambdaInvoke('Invoke', { functionArn: token, end: true }).render();

    expect(rendered.Parameters).toStrictEqual({ FunctionName: token, 'Payload.$': '$' });
  });
});
