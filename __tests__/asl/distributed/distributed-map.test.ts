import {
  InvalidStateArgument,
  MapState,
  StateGraph,
  StateMachineDefinition,
  lambdaInvoke,
  s3ListObjectsReader,
  s3ResultWriter,
} from '../../../asl';
import type { DistributedOptions, QueryLanguage } from '../../../asl';
import { aslValidationErrors } from '../../helpers/asl-validator';
import { CHILD_EXECUTION_STATEMENTS, FUNCTION_ARN, RENDERED_LAMBDA_RETRIES, STATE_MACHINE_ARN } from '../fixtures';

function distributedMap(queryLanguage: QueryLanguage, options: Partial<DistributedOptions> = {}): StateMachineDefinition {
  return new StateMachineDefinition({
    queryLanguage,
    states: [
      new MapState('Process objects', {
        itemProcessor: new StateGraph({ states: [lambdaInvoke('Process batch', { functionArn: FUNCTION_ARN, end: true })] }),
        itemSelector:
          queryLanguage === 'JSONata' ? { key: '{% $states.context.Map.Item.Value.Key %}' } : { 'key.$': '$$.Map.Item.Value.Key' },
        maxConcurrency: 50,
        distributed: {
          executionType: 'EXPRESS',
          stateMachineArn: STATE_MACHINE_ARN,
          itemReader: s3ListObjectsReader({ bucket: 'data-bucket', prefix: 'incoming/' }),
          itemBatcher: { maxItemsPerBatch: 10, maxInputBytesPerBatch: 65_536, batchInput: { source: 'listing' } },
          resultWriter: s3ResultWriter({ bucket: 'results-bucket', prefix: 'runs/' }),
          toleratedFailurePercentage: 5,
          ...options,
        },
        end: true,
      }),
    ],
  });
}

describe('a Distributed Map', () => {
  it('renders its reader, selector, batcher, processor, limits and writer as ASL that asl-validator accepts', () => {
    const definition = distributedMap('JSONPath');

    expect(definition.toJSON()).toStrictEqual({
      QueryLanguage: 'JSONPath',
      StartAt: 'Process objects',
      States: {
        'Process objects': {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'data-bucket', Prefix: 'incoming/' } },
          ItemSelector: { 'key.$': '$$.Map.Item.Value.Key' },
          ItemBatcher: { MaxItemsPerBatch: 10, MaxInputBytesPerBatch: 65_536, BatchInput: { source: 'listing' } },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'Process batch',
            States: {
              'Process batch': {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
                OutputPath: '$.Payload',
                Retry: RENDERED_LAMBDA_RETRIES,
                End: true,
              },
            },
          },
          MaxConcurrency: 50,
          ToleratedFailurePercentage: 5,
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results-bucket', Prefix: 'runs/' } },
          End: true,
        },
      },
    });
    expect(aslValidationErrors(definition.render())).toBe('');
  });

  it('renders Arguments for its reader, writer and child states in a JSONata definition', () => {
    const definition = distributedMap('JSONata');

    const map = (definition.toJSON().States as Record<string, Record<string, unknown>>)['Process objects']!;

    expect(map.ItemReader).toStrictEqual({
      Resource: 'arn:aws:states:::s3:listObjectsV2',
      Arguments: { Bucket: 'data-bucket', Prefix: 'incoming/' },
    });
    expect(map.ResultWriter).toStrictEqual({
      Resource: 'arn:aws:states:::s3:putObject',
      Arguments: { Bucket: 'results-bucket', Prefix: 'runs/' },
    });
    expect(map.ItemProcessor).toMatchObject({
      States: {
        'Process batch': {
          Arguments: { FunctionName: FUNCTION_ARN, Payload: '{% $states.input %}' },
          Output: '{% $states.result.Payload %}',
        },
      },
    });
    expect(aslValidationErrors(definition.render())).toBe('');
  });

  it('declares the exact statements its role needs: child executions, the listing, the results and the child states', () => {
    expect(distributedMap('JSONPath').permissions()).toStrictEqual([
      ...CHILD_EXECUTION_STATEMENTS,
      {
        actions: ['s3:ListBucket'],
        resources: ['arn:aws:s3:::data-bucket'],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: ['incoming/'] }],
      },
      {
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        resources: ['arn:aws:s3:::results-bucket/runs/*'],
      },
      { actions: ['lambda:InvokeFunction'], resources: [FUNCTION_ARN, `${FUNCTION_ARN}:*`] },
    ]);
  });

  it('derives the executions ARN around CDKTF tokens', () => {
    const token = 'arn:aws:states:${TfToken[TOKEN.1]}:${TfToken[TOKEN.2]}:stateMachine:machine';

    expect(distributedMap('JSONPath', { stateMachineArn: token }).permissions()[1]).toStrictEqual({
      actions: ['states:DescribeExecution', 'states:StopExecution'],
      resources: ['arn:aws:states:${TfToken[TOKEN.1]}:${TfToken[TOKEN.2]}:execution:machine/*'],
    });
  });

  it('is a graph problem without the state machine ARN', () => {
    const definition = distributedMap('JSONPath', { stateMachineArn: undefined });

    expect(definition.problems()).toStrictEqual([
      "Distributed Map 'Process objects' needs the state machine ARN (distributed.stateMachineArn) to derive its permissions",
    ]);
  });

  it('is a graph problem to read a JSONPath value in a JSONata state', () => {
    const reader = s3ListObjectsReader({ bucket: { path: '$.bucket' }, bucketArn: 'arn:aws:s3:::data-*' });

    expect(distributedMap('JSONata', { itemReader: reader }).problems()).toStrictEqual([
      "State 'Process objects' ItemReader reads a JSONPath value, which JSONata states cannot have",
    ]);
  });

  it('is a graph problem to read a JSONata expression in a JSONPath state', () => {
    const reader = s3ListObjectsReader({ bucket: 'data-bucket', prefix: '{% $states.input.prefix %}' });

    expect(distributedMap('JSONPath', { itemReader: reader }).problems()).toStrictEqual([
      "State 'Process objects' ItemReader holds a JSONata expression, which JSONPath states cannot have",
    ]);
  });

  it.each([
    [
      'an ARN that is not a state machine',
      { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:activity:a' },
      'stateMachineArn: expected a state machine ARN containing \':stateMachine:\', got: "arn:aws:states:us-east-1:123456789012:activity:a"',
    ],
    [
      'a batcher without a limit',
      { itemBatcher: { batchInput: {} } },
      'ItemBatcher: expected maxItemsPerBatch, maxInputBytesPerBatch or both',
    ],
    [
      'a batch over 256 KiB',
      { itemBatcher: { maxInputBytesPerBatch: 262_145 } },
      'ItemBatcher.MaxInputBytesPerBatch: expected an integer from 1 to 262144, got: 262145',
    ],
    [
      'zero items per batch',
      { itemBatcher: { maxItemsPerBatch: 0 } },
      'ItemBatcher.MaxItemsPerBatch: expected an integer from 1 to 9007199254740991, got: 0',
    ],
  ] as const)('throws InvalidStateArgument for %s', (_, options, message) => {
    expect(() => distributedMap('JSONPath', options)).toThrow(new InvalidStateArgument(message));
  });
});
