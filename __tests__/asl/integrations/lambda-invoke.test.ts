import { MapState, ParallelState, StateGraph, StateMachineDefinition, lambdaInvoke } from '../../../asl';
import type { JsonObject } from '../../../asl';
import { FUNCTION_ARN, RENDERED_LAMBDA_RETRIES } from '../fixtures';

describe('lambdaInvoke', () => {
  it('renders the Lambda invoke helper with its payload selection and AWS recommended retry', () => {
    expect(lambdaInvoke('Invoke', { functionArn: FUNCTION_ARN, next: 'X' }).render()).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Retry: RENDERED_LAMBDA_RETRIES,
      Next: 'X',
    });
  });

  it('passes resource strings such as CDKTF tokens through untouched', () => {
    const token = '${TfToken[TOKEN.42]}';

    const rendered = lambdaInvoke('Invoke', { functionArn: token, end: true }).render();

    expect(rendered.Parameters).toStrictEqual({ FunctionName: token, 'Payload.$': '$' });
  });
});

describe('lambdaInvoke in the language of its definition', () => {
  it('renders Arguments and Output in a JSONata definition without its own queryLanguage', () => {
    const definition = new StateMachineDefinition({
      queryLanguage: 'JSONata',
      states: [lambdaInvoke('Invoke', { functionArn: FUNCTION_ARN, end: true })],
    });

    expect(definition.toJSON()).toStrictEqual({
      QueryLanguage: 'JSONata',
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: FUNCTION_ARN, Payload: '{% $states.input %}' },
          Output: '{% $states.result.Payload %}',
          Retry: RENDERED_LAMBDA_RETRIES,
          End: true,
        },
      },
    });
  });

  it('renders Parameters and OutputPath in a JSONPath definition', () => {
    const definition = new StateMachineDefinition({
      states: [lambdaInvoke('Invoke', { functionArn: FUNCTION_ARN, payload: { 'id.$': '$.id' }, end: true })],
    });

    expect(definition.toJSON()).toStrictEqual({
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: FUNCTION_ARN, Payload: { 'id.$': '$.id' } },
          OutputPath: '$.Payload',
          Retry: RENDERED_LAMBDA_RETRIES,
          End: true,
        },
      },
    });
  });

  it('keeps the caller’s own Output and leaves the result whole when selectPayload is false', () => {
    const own = lambdaInvoke('Own', { functionArn: FUNCTION_ARN, output: '{% $states.result.StatusCode %}', end: true });
    const whole = lambdaInvoke('Whole', { functionArn: FUNCTION_ARN, selectPayload: false, end: true });

    expect(own.render('JSONata').Output).toBe('{% $states.result.StatusCode %}');
    expect(whole.render('JSONata').Output).toBeUndefined();
    expect(whole.render('JSONPath').OutputPath).toBeUndefined();
  });

  it('inherits the language of the Map or Parallel state around it', () => {
    const invoke = (name: string) => new StateGraph({ states: [lambdaInvoke(name, { functionArn: FUNCTION_ARN, end: true })] });
    const definition = new StateMachineDefinition({
      states: [
        new ParallelState('Both', { queryLanguage: 'JSONata', branches: [invoke('In branch')], next: 'Each' }),
        new MapState('Each', { itemProcessor: invoke('In items'), end: true }),
      ],
    });

    const states = definition.toJSON().States as Record<
      string,
      { Branches?: { States: JsonObject }[]; ItemProcessor?: { States: JsonObject } }
    >;

    expect(states.Both!.Branches![0]!.States['In branch']).toMatchObject({
      Arguments: { FunctionName: FUNCTION_ARN, Payload: '{% $states.input %}' },
      Output: '{% $states.result.Payload %}',
    });
    expect(states.Each!.ItemProcessor!.States['In items']).toMatchObject({
      Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      OutputPath: '$.Payload',
    });
    expect(definition.problems()).toStrictEqual([]);
  });

  it('follows its own queryLanguage over the definition’s', () => {
    const definition = new StateMachineDefinition({
      states: [lambdaInvoke('Invoke', { queryLanguage: 'JSONata', functionArn: FUNCTION_ARN, end: true })],
    });

    expect(definition.toJSON().States).toMatchObject({
      Invoke: { QueryLanguage: 'JSONata', Arguments: { Payload: '{% $states.input %}' } },
    });
  });

  it('reports a JSONPath-only field set by the caller in a JSONata definition', () => {
    const definition = new StateMachineDefinition({
      queryLanguage: 'JSONata',
      states: [lambdaInvoke('Invoke', { functionArn: FUNCTION_ARN, resultPath: '$.r', end: true })],
    });

    expect(definition.problems()).toStrictEqual(["State 'Invoke' uses ResultPath, which JSONata states cannot have"]);
  });
});
