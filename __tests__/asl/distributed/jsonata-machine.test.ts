import {
  ALL_ERRORS,
  ChoiceState,
  Condition,
  FailState,
  MapState,
  StateGraph,
  StateMachineDefinition,
  SucceedState,
  lambdaInvoke,
  s3ListObjectsReader,
  s3ObjectReader,
  s3PutObject,
  s3ResultWriter,
} from '../../../asl';
import { aslValidationErrors } from '../../helpers/asl-validator';
import { CHILD_EXECUTION_STATEMENTS, FUNCTION_ARN, RENDERED_LAMBDA_RETRIES, STATE_MACHINE_ARN, renderedTransientRetry } from '../fixtures';

const DATA_BUCKET_ARN = 'arn:aws:s3:::data-bucket';

/** A child workflow; state names are unique across the whole definition, nested graphs included. */
function child(name: string): StateGraph {
  return new StateGraph({ states: [lambdaInvoke(name, { functionArn: FUNCTION_ARN, timeoutSeconds: 30, end: true })] });
}

function jsonataMachine(): StateMachineDefinition {
  const toFailure = [
    {
      errorEquals: [ALL_ERRORS],
      output: '{% $states.errorOutput %}',
      assign: { failedIn: '{% $states.context.State.Name %}' },
      next: 'Failed',
    },
  ];
  return new StateMachineDefinition({
    queryLanguage: 'JSONata',
    startAt: 'Check input',
    states: [
      new ChoiceState('Check input', {
        choices: [
          {
            condition: Condition.jsonata('{% $type($states.input.bucket) = "string" and $type($states.input.prefix) = "string" %}'),
            assign: { bucket: '{% $states.input.bucket %}' },
            next: 'List objects',
          },
        ],
        default: 'Invalid input',
      }),
      new FailState('Invalid input', { error: 'InvalidInput', cause: '{% "Expected {bucket, prefix}, got " & $string($states.input) %}' }),
      new MapState('List objects', {
        itemProcessor: child('Process listed object'),
        itemSelector: { bucket: '{% $bucket %}', key: '{% $states.context.Map.Item.Value.Key %}' },
        maxConcurrency: 10,
        distributed: {
          executionType: 'EXPRESS',
          stateMachineArn: STATE_MACHINE_ARN,
          itemReader: s3ListObjectsReader({
            bucket: '{% $states.input.bucket %}',
            bucketArn: DATA_BUCKET_ARN,
            prefix: '{% $states.input.prefix %}',
          }),
          resultWriter: s3ResultWriter({ bucket: 'results-bucket', prefix: 'runs/' }),
          toleratedFailurePercentage: 5,
        },
        assign: { listingRun: '{% $states.result.MapRunArn %}' },
        catch: toFailure,
        next: 'Read JSON manifest',
      }),
      new MapState('Read JSON manifest', {
        itemProcessor: child('Process JSON entry'),
        distributed: {
          executionType: 'STANDARD',
          stateMachineArn: STATE_MACHINE_ARN,
          itemReader: s3ObjectReader({
            bucket: '{% $bucket %}',
            bucketArn: DATA_BUCKET_ARN,
            key: '{% $states.input.manifest %}',
            objectArn: `${DATA_BUCKET_ARN}/manifests/*`,
            inputType: 'JSON',
          }),
        },
        catch: toFailure,
        next: 'Read CSV manifest',
      }),
      new MapState('Read CSV manifest', {
        itemProcessor: child('Process CSV row'),
        itemSelector: { key: '{% $states.context.Map.Item.Value.key %}' },
        distributed: {
          executionType: 'EXPRESS',
          stateMachineArn: STATE_MACHINE_ARN,
          itemReader: s3ObjectReader({
            bucket: 'data-bucket',
            key: 'manifests/images.csv',
            inputType: 'CSV',
            csvHeaderLocation: 'FIRST_ROW',
            maxItems: 1000,
          }),
        },
        catch: toFailure,
        next: 'Write summary',
      }),
      s3PutObject('Write summary', {
        bucket: 'results-bucket',
        key: '{% "summaries/" & $states.context.Execution.Name & ".json" %}',
        objectArn: 'arn:aws:s3:::results-bucket/summaries/*',
        body: { listingRun: '{% $listingRun %}', finished: '{% $now() %}' },
        contentType: 'application/json',
        timeoutSeconds: 10,
        assign: { summaryEtag: '{% $states.result.ETag %}' },
        catch: toFailure,
        next: 'Done',
      }),
      new SucceedState('Done', { output: '{% {"summary": $summaryEtag} %}' }),
      new FailState('Failed', { error: '{% $states.input.Error %}', cause: '{% $failedIn & ": " & $states.input.Cause %}' }),
    ],
  });
}

const TO_FAILURE = {
  ErrorEquals: ['States.ALL'],
  Output: '{% $states.errorOutput %}',
  Assign: { failedIn: '{% $states.context.State.Name %}' },
  Next: 'Failed',
};

/** The child workflow `child(name)` renders in a JSONata definition. */
function renderedChild(name: string, executionType: string) {
  return {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
    StartAt: name,
    States: {
      [name]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: FUNCTION_ARN, Payload: '{% $states.input %}' },
        TimeoutSeconds: 30,
        Output: '{% $states.result.Payload %}',
        Retry: RENDERED_LAMBDA_RETRIES,
        End: true,
      },
    },
  };
}

describe('a JSONata state machine with Distributed Maps', () => {
  const definition = jsonataMachine();
  const states = definition.toJSON().States as Record<string, unknown>;

  it('renders as ASL that asl-validator accepts', () => {
    expect(aslValidationErrors(definition.render())).toBe('');
  });

  it('lists objects under a prefix both read at run time, selects each item and writes the results, all as Arguments and {% %}', () => {
    expect(states['List objects']).toStrictEqual({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:listObjectsV2',
        Arguments: { Bucket: '{% $states.input.bucket %}', Prefix: '{% $states.input.prefix %}' },
      },
      ItemSelector: { bucket: '{% $bucket %}', key: '{% $states.context.Map.Item.Value.Key %}' },
      ItemProcessor: renderedChild('Process listed object', 'EXPRESS'),
      MaxConcurrency: 10,
      ToleratedFailurePercentage: 5,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'results-bucket', Prefix: 'runs/' } },
      Assign: { listingRun: '{% $states.result.MapRunArn %}' },
      Catch: [TO_FAILURE],
      Next: 'Read JSON manifest',
    });
  });

  it('reads a JSON manifest named at run time and a CSV manifest with a header row', () => {
    expect(states['Read JSON manifest']).toStrictEqual({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Arguments: { Bucket: '{% $bucket %}', Key: '{% $states.input.manifest %}' },
      },
      ItemProcessor: renderedChild('Process JSON entry', 'STANDARD'),
      Catch: [TO_FAILURE],
      Next: 'Read CSV manifest',
    });
    expect(states['Read CSV manifest']).toMatchObject({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 1000 },
        Arguments: { Bucket: 'data-bucket', Key: 'manifests/images.csv' },
      },
      ItemSelector: { key: '{% $states.context.Map.Item.Value.key %}' },
    });
  });

  it('routes with a Condition that assigns, and fails with Error and Cause expressions', () => {
    expect(states['Check input']).toStrictEqual({
      Type: 'Choice',
      Choices: [
        {
          Condition: '{% $type($states.input.bucket) = "string" and $type($states.input.prefix) = "string" %}',
          Assign: { bucket: '{% $states.input.bucket %}' },
          Next: 'List objects',
        },
      ],
      Default: 'Invalid input',
    });
    expect(states.Failed).toStrictEqual({
      Type: 'Fail',
      Error: '{% $states.input.Error %}',
      Cause: '{% $failedIn & ": " & $states.input.Cause %}',
    });
  });

  it('writes the summary with s3PutObject: a JSON body, an assigned result and a catcher with Output and Assign', () => {
    expect(states['Write summary']).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
      Arguments: {
        Bucket: 'results-bucket',
        Key: '{% "summaries/" & $states.context.Execution.Name & ".json" %}',
        ContentType: 'application/json',
        Body: { listingRun: '{% $listingRun %}', finished: '{% $now() %}' },
      },
      TimeoutSeconds: 10,
      Assign: { summaryEtag: '{% $states.result.ETag %}' },
      Retry: [renderedTransientRetry(['S3.S3Exception', 'S3.SdkClientException'])],
      Catch: [TO_FAILURE],
      Next: 'Done',
    });
  });

  it("declares what its role needs: the listing, each manifest, the results, the summary, the children's function", () => {
    expect(definition.permissions()).toStrictEqual([
      ...CHILD_EXECUTION_STATEMENTS,
      // The prefix is read at run time, so the listing is not conditioned on one.
      { actions: ['s3:ListBucket'], resources: [DATA_BUCKET_ARN] },
      {
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        resources: ['arn:aws:s3:::results-bucket/runs/*'],
      },
      { actions: ['lambda:InvokeFunction'], resources: [FUNCTION_ARN, `${FUNCTION_ARN}:*`] },
      { actions: ['s3:GetObject'], resources: [`${DATA_BUCKET_ARN}/manifests/*`, `${DATA_BUCKET_ARN}/manifests/images.csv`] },
      { actions: ['s3:PutObject'], resources: ['arn:aws:s3:::results-bucket/summaries/*'] },
    ]);
  });
});
