import { S3_SDK_TRANSIENT_RETRY, StateMachineDefinition, s3PutObject } from '../../../asl';
import { aslValidationErrors } from '../../helpers/asl-validator';
import { problemsOf, renderedTransientRetry, itThrowsInvalidStateArgument } from '../fixtures';

const RESULTS_ARN = 'arn:aws:s3:::results/out/*';

const S3_RETRY = renderedTransientRetry(['S3.S3Exception', 'S3.SdkClientException']);

describe('s3PutObject', () => {
  it.each([
    ['JSONPath', { path: '$.key' }, { Parameters: { Bucket: 'results', 'Key.$': '$.key', 'Body.$': '$' } }],
    [
      'JSONata',
      '{% $states.input.key %}',
      { Arguments: { Bucket: 'results', Key: '{% $states.input.key %}', Body: '{% $states.input %}' } },
    ],
  ] as const)(
    'writes the state input to a key read at run time, as a %s request that asl-validator accepts',
    (queryLanguage, key, request) => {
      const definition = new StateMachineDefinition({
        queryLanguage,
        states: [s3PutObject('Keep', { bucket: 'results', key, objectArn: RESULTS_ARN, timeoutSeconds: 10, end: true })],
      });

      expect(definition.toJSON().States).toStrictEqual({
        Keep: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
          ...request,
          TimeoutSeconds: 10,
          Retry: [S3_RETRY],
          End: true,
        },
      });
      expect(aslValidationErrors(definition.render())).toBe('');
      expect(definition.permissions()).toStrictEqual([{ actions: ['s3:PutObject'], resources: [RESULTS_ARN] }]);
    },
  );

  it('writes a JSON body with a content type to a literal key, allowing s3:PutObject on that object only', () => {
    const task = s3PutObject('Keep', {
      bucket: 'results',
      key: 'out/summary.json',
      body: { 'count.$': '$.count', kind: 'summary' },
      contentType: 'application/json',
      resultPath: null,
      end: true,
    });

    expect(task.render()).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
      Parameters: {
        Bucket: 'results',
        Key: 'out/summary.json',
        ContentType: 'application/json',
        Body: { 'count.$': '$.count', kind: 'summary' },
      },
      ResultPath: null,
      Retry: [S3_RETRY],
      End: true,
    });
    expect(task.permissions()).toStrictEqual([{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::results/out/summary.json'] }]);
  });

  it("puts the caller's retriers after the S3 one, which serviceRetry replaces or (null) removes", () => {
    const own = { errorEquals: ['States.Timeout'], maxAttempts: 1 };
    const retriersOf = (serviceRetry?: typeof S3_SDK_TRANSIENT_RETRY | null) =>
      s3PutObject('Keep', {
        bucket: 'results',
        key: 'k',
        retry: [own],
        ...(serviceRetry === undefined ? {} : { serviceRetry }),
        end: true,
      }).render().Retry;

    expect(retriersOf()).toStrictEqual([S3_RETRY, { ErrorEquals: ['States.Timeout'], MaxAttempts: 1 }]);
    expect(retriersOf({ ...S3_SDK_TRANSIENT_RETRY, maxAttempts: 1 })).toStrictEqual([
      { ...S3_RETRY, MaxAttempts: 1 },
      { ErrorEquals: ['States.Timeout'], MaxAttempts: 1 },
    ]);
    expect(retriersOf(null)).toStrictEqual([{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1 }]);
  });

  itThrowsInvalidStateArgument([
    [
      'a key read at run time without an objectArn',
      () => s3PutObject('Keep', { bucket: 'results', key: { path: '$.key' }, end: true }),
      'Parameters: expected an objectArn for the policy when the key is read at run time',
    ],
    [
      'a bucket read at run time without a bucketArn or objectArn',
      () => s3PutObject('Keep', { bucket: '{% $bucket %}', key: 'k', end: true }),
      'Parameters: expected a bucketArn for the policy when the bucket is read at run time',
    ],
    [
      'a bad key path',
      () => s3PutObject('Keep', { bucket: 'results', key: { path: '$.key[' }, objectArn: RESULTS_ARN, end: true }),
      'Parameters.Key.$: unclosed \'[\', got: "$.key["',
    ],
  ]);

  it('is a graph problem to give a state a value written for the other language', () => {
    const fromPath = s3PutObject('Keep', {
      queryLanguage: 'JSONata',
      bucket: 'results',
      key: { path: '$.key' },
      objectArn: RESULTS_ARN,
      end: true,
    });
    const expression = s3PutObject('Keep', { bucket: 'results', key: '{% $states.input.key %}', objectArn: RESULTS_ARN, end: true });

    expect(problemsOf('Keep', [fromPath])).toStrictEqual(["State 'Keep' request reads a JSONPath value, which JSONata states cannot have"]);
    expect(problemsOf('Keep', [expression])).toStrictEqual([
      "State 'Keep' request holds a JSONata expression, which JSONPath states cannot have",
    ]);
  });
});
