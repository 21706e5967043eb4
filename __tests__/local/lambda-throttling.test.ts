import { lambdaThrottling } from '../../local/lambda-throttling';

const CLASSIFY = '${aws_lambda_function.classify.arn}';
const FILTER = '${aws_lambda_function.filter.arn}';

describe('lambdaThrottling', () => {
  it('refuses the first N invokes of each distinct payload with Lambda.TooManyRequestsException as Step Functions reports it', () => {
    const throttling = lambdaThrottling({ failFirst: 2 });

    const answers = [{ key: 'a' }, { key: 'a' }, { key: 'a' }, { key: 'b' }].map((event) => throttling.rejectInvoke(CLASSIFY, event));

    expect(answers.map((answer) => answer?.error)).toStrictEqual([
      'Lambda.TooManyRequestsException',
      'Lambda.TooManyRequestsException',
      undefined,
      'Lambda.TooManyRequestsException',
    ]);
    expect(answers[0]!.cause).toMatch(
      /^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
    expect(throttling.report()).toStrictEqual({
      attempts: 4,
      distinctRequests: 2,
      injected: 3,
      byKind: { TooManyRequestsException: 3 },
      byOperation: { Invoke: 3 },
    });
  });

  it('treats the same payload sent to two functions as two requests, and throttles only the functions selected', () => {
    const throttling = lambdaThrottling({ failFirst: 1, functions: (name) => name === CLASSIFY });

    expect(throttling.rejectInvoke(CLASSIFY, { key: 'a' })?.error).toBe('Lambda.TooManyRequestsException');
    expect(throttling.rejectInvoke(FILTER, { key: 'a' })).toBeUndefined();
    expect(throttling.report().attempts).toBe(1);
  });

  it('throttles the same invokes for the same seed, close to the share asked', () => {
    const events = Array.from({ length: 2000 }, (_, index) => ({ s3_key: `test/${index}.png` }));
    const refused = (seed: number) =>
      events.map((event) => lambdaThrottling({ share: 0.3, seed }).rejectInvoke(CLASSIFY, event) !== undefined);

    const first = refused(5);

    expect(refused(5)).toStrictEqual(first);
    expect(refused(6)).not.toStrictEqual(first);
    expect(first.filter(Boolean).length / events.length).toBeGreaterThan(0.25);
    expect(first.filter(Boolean).length / events.length).toBeLessThan(0.35);
  });

  it('lists what is wrong with its options', () => {
    expect(() => lambdaThrottling({ share: 2 })).toThrow('share must be a number from 0 to 1, got 2');
  });
});
