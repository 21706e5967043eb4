import { largestPayloadBytes } from '../../local/payload-size';
import { DefinitionError, createLocalWorkflow } from '../../local/run-workflow';
import type { EventLog, LocalExecution } from '../../local/run-workflow';
import { validAsl } from './valid-asl';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:work';

const machine = (States: Record<string, object>, StartAt = Object.keys(States)[0]!) =>
  validAsl({ QueryLanguage: 'JSONata', StartAt, States });

const run = (definition: object, input: unknown, functions: Record<string, (event: unknown) => unknown> = {}) =>
  createLocalWorkflow(definition).run({ input, functions });

const stateNames = (execution: LocalExecution, type: EventLog['type']) =>
  execution.events.filter((event) => event.type === type).map((event) => ('state' in event ? event.state.name : ''));

describe('createLocalWorkflow', () => {
  describe('states', () => {
    it('Pass gives its Output, its input when it has none, and Succeed ends the execution with its input', async () => {
      const definition = machine({
        Shape: { Type: 'Pass', Output: { doubled: '{% $states.input.n * 2 %}', fixed: 'text' }, Next: 'Keep' },
        Keep: { Type: 'Pass', Next: 'Done' },
        Done: { Type: 'Succeed' },
      });

      const execution = await run(definition, { n: 21 });

      expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { doubled: 42, fixed: 'text' } });
      expect(stateNames(execution, 'StateExited')).toStrictEqual(['Shape', 'Keep', 'Done']);
    });

    it('Task calls the function with its Arguments; $states.result is {ExecutedVersion, Payload, StatusCode}', async () => {
      const definition = machine({
        Work: {
          Type: 'Task',
          Resource: LAMBDA_INVOKE,
          Arguments: { FunctionName: FUNCTION, Payload: { value: '{% $states.input.value %}' } },
          Output: { result: '{% $states.result %}' },
          End: true,
        },
      });
      const received: unknown[] = [];

      const execution = await run(definition, { value: 'a' }, { [FUNCTION]: (event) => (received.push(event), { echoed: event }) });

      expect(received).toStrictEqual([{ value: 'a' }]);
      expect(execution.output).toStrictEqual({
        result: { ExecutedVersion: '$LATEST', Payload: { echoed: { value: 'a' } }, StatusCode: 200 },
      });
    });

    it('Task output is $states.result when it has no Output', async () => {
      const definition = machine({ Work: { Type: 'Task', Resource: LAMBDA_INVOKE, Arguments: { FunctionName: FUNCTION }, End: true } });

      const execution = await run(definition, {}, { [FUNCTION]: () => undefined });

      expect(execution.output).toStrictEqual({ ExecutedVersion: '$LATEST', Payload: null, StatusCode: 200 });
    });

    describe('Choice', () => {
      const definition = machine({
        Route: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% $states.input.score >= 0.9 %}', Next: 'Done', Output: { verdict: 'high' }, Assign: { route: 'first' } },
            { Condition: '{% $states.input.score >= 0.5 %}', Next: 'Done', Output: { verdict: 'middle' } },
          ],
          Default: 'Done',
          Output: { verdict: 'low' },
          Assign: { route: 'default' },
        },
        Done: {
          Type: 'Pass',
          Output: { verdict: '{% $states.input.verdict %}', route: '{% $exists($route) ? $route : null %}' },
          End: true,
        },
      });

      it.each([
        [0.95, { verdict: 'high', route: 'first' }],
        [0.6, { verdict: 'middle', route: 'default' }],
        [0.1, { verdict: 'low', route: 'default' }],
      ])(
        "with score %p goes by the first true rule with its Output, the state's Assign applying whichever way it leaves, under the rule's own",
        async (score, output) => {
          await expect(run(definition, { score })).resolves.toMatchObject({ status: 'SUCCEEDED', output });
        },
      );

      it('fails with States.NoChoiceMatched when no rule matches and there is no Default', async () => {
        const noDefault = machine({
          Route: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'Done' }] },
          Done: { Type: 'Succeed' },
        });

        await expect(run(noDefault, {})).resolves.toMatchObject({
          status: 'FAILED',
          error: 'States.NoChoiceMatched',
          cause:
            "An error occurred while executing the state 'Route' (entered at the event id #2). No Choice rule matched and the state has no Default.",
        });
      });
    });

    it('Wait goes on at once, whatever its Seconds', async () => {
      const definition = machine({ Hold: { Type: 'Wait', Seconds: '{% 3600 %}', Output: { waited: true }, End: true } });
      const timers = jest.spyOn(global, 'setTimeout');

      const execution = await run(definition, {});

      expect(execution.output).toStrictEqual({ waited: true });
      expect(timers).not.toHaveBeenCalled();
    });

    it('Fail ends the execution with its Error and Cause, either an expression', async () => {
      const definition = machine({
        Stop: { Type: 'Fail', Error: '{% $states.input.kind %}', Cause: "{% 'bad input: ' & $states.input.why %}" },
      });

      await expect(run(definition, { kind: 'InvalidInput', why: 'no key' })).resolves.toMatchObject({
        status: 'FAILED',
        error: 'InvalidInput',
        cause: 'bad input: no key',
      });
    });

    it('Parallel runs each branch on its Arguments and gives their outputs in order', async () => {
      const branch = (name: string, Output: string) => ({ StartAt: name, States: { [name]: { Type: 'Pass', Output, End: true } } });
      const definition = machine({
        Both: {
          Type: 'Parallel',
          Arguments: { n: '{% $states.input.n %}' },
          Branches: [branch('Add', '{% $states.input.n + 1 %}'), branch('Multiply', '{% $states.input.n * 10 %}')],
          End: true,
        },
      });

      await expect(run(definition, { n: 2, other: 'dropped' })).resolves.toMatchObject({ status: 'SUCCEEDED', output: [3, 20] });
    });

    it('an inline Map runs each item through ItemSelector ($states.context.Map.Item) and the processor, outputs in item order', async () => {
      let inFlight = 0;
      let peak = 0;
      const definition = machine({
        Each: {
          Type: 'Map',
          Items: '{% $states.input.values %}',
          ItemSelector: {
            index: '{% $states.context.Map.Item.Index %}',
            value: '{% $states.context.Map.Item.Value %}',
            tag: '{% $states.input.tag %}',
          },
          MaxConcurrency: 2,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Work',
            States: {
              Work: {
                Type: 'Task',
                Resource: LAMBDA_INVOKE,
                Arguments: { FunctionName: FUNCTION, Payload: '{% $states.input %}' },
                Output: '{% $states.result.Payload %}',
                End: true,
              },
            },
          },
          End: true,
        },
      });
      const work = async (event: unknown) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        const { index, value, tag } = event as { index: number; value: number; tag: string };
        return `${tag}${index}:${value * 2}`;
      };

      const execution = await run(definition, { values: [5, 6, 7, 8], tag: '#' }, { [FUNCTION]: work });

      expect(execution.output).toStrictEqual(['#0:10', '#1:12', '#2:14', '#3:16']);
      expect(peak).toBe(2);
      expect(execution.events.filter((event) => event.type === 'MapIterationSucceeded')).toHaveLength(4);
    });

    it('an inline Map fails with the error of its first failed iteration, which its Catch sees', async () => {
      const definition = machine({
        Each: {
          Type: 'Map',
          Items: '{% $states.input %}',
          ItemProcessor: { StartAt: 'Check', States: { Check: { Type: 'Fail', Error: '{% "Bad" & $states.input %}', Cause: 'no' } } },
          MaxConcurrency: 1,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      });

      const execution = await run(definition, [1, 2]);

      expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { Error: 'Bad1', Cause: 'no' } });
      expect(execution.events.filter((event) => event.type === 'MapIterationStarted')).toHaveLength(1);
    });

    it('an inline Map over an input that is not an array fails with States.QueryEvaluationError', async () => {
      const definition = machine({
        Each: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      });

      await expect(run(definition, { not: 'an array' })).resolves.toMatchObject({
        status: 'FAILED',
        error: 'States.QueryEvaluationError',
        cause: `An error occurred while executing the state 'Each' (entered at the event id #2). Map state input must be an array but was: {"not":"an array"}`,
      });
    });
  });

  it('gives expressions the context object: the execution, the state machine and the state', async () => {
    const definition = machine({ Look: { Type: 'Pass', Output: '{% $states.context %}', End: true } });
    const startTime = new Date('2026-01-02T03:04:05.678Z');

    const execution = await createLocalWorkflow(definition, {
      region: 'eu-west-1',
      accountId: '123456789012',
      stateMachineName: 'images',
    }).run({
      input: { a: 1 },
      functions: {},
      executionName: 'run-7',
      startTime,
    });

    expect(execution.output).toStrictEqual({
      Execution: {
        Id: 'arn:aws:states:eu-west-1:123456789012:execution:images:run-7',
        Input: { a: 1 },
        Name: 'run-7',
        StartTime: '2026-01-02T03:04:05.678Z',
        RedriveCount: 0,
      },
      StateMachine: { Id: 'arn:aws:states:eu-west-1:123456789012:stateMachine:images', Name: 'images' },
      State: { Name: 'Look', EnteredTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
    });
  });

  it('logs each event with its state input and output, numbered as a history, and hands each to onEvent as it happens', async () => {
    const seen: EventLog[] = [];
    const definition = machine({ One: { Type: 'Pass', Output: { b: 2 }, Next: 'Two' }, Two: { Type: 'Succeed' } });

    const execution = await createLocalWorkflow(definition).run({ input: { a: 1 }, functions: {}, onEvent: (event) => seen.push(event) });

    expect(execution.events.map(({ id, type }) => [id, type])).toStrictEqual([
      [1, 'ExecutionStarted'],
      [2, 'StateEntered'],
      [3, 'StateExited'],
      [4, 'StateEntered'],
      [5, 'StateExited'],
      [6, 'ExecutionSucceeded'],
    ]);
    expect(execution.events[2]).toMatchObject({ state: { name: 'One', type: 'Pass', input: { a: 1 }, output: { b: 2 } } });
    expect(seen).toStrictEqual(execution.events);
  });

  describe('the payload quota', () => {
    const answering = (bytes: number) => ({ [FUNCTION]: () => ({ text: 'x'.repeat(bytes) }) });
    const invokeThenNotify = (ErrorEquals: string[]) =>
      machine({
        Invoke: {
          Type: 'Task',
          Resource: LAMBDA_INVOKE,
          Arguments: { FunctionName: FUNCTION },
          Catch: [{ ErrorEquals, Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      });

    it('fails a task whose result exceeds 256 KB with States.DataLimitExceeded, which States.ALL does not catch', async () => {
      const execution = await run(invokeThenNotify(['States.ALL']), {}, answering(262_144));

      expect(execution).toMatchObject({
        status: 'FAILED',
        error: 'States.DataLimitExceeded',
        cause: "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
      });
    });

    it('lets a catcher that names States.DataLimitExceeded catch it', async () => {
      const execution = await run(invokeThenNotify(['States.DataLimitExceeded']), {}, answering(262_144));

      expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { Error: 'States.DataLimitExceeded' } });
    });

    it('fails the execution, past any catcher, when a state output exceeds 256 KB', async () => {
      const definition = machine({
        Grow: {
          Type: 'Task',
          Resource: LAMBDA_INVOKE,
          Arguments: { FunctionName: FUNCTION },
          Output: '{% $pad("", 270000, "x") %}',
          Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      });

      const execution = await run(definition, {}, { [FUNCTION]: () => 'small' });

      expect(execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
      expect(execution.cause).toMatch(/^State 'Grow' has a 270002-byte payload, over the 262144-byte quota$/);
    });

    it('runs a payload just under the quota to the end, and largestPayloadBytes reports it', async () => {
      const execution = await run(invokeThenNotify(['States.ALL']), {}, answering(200_000));

      expect(execution.status).toBe('SUCCEEDED');
      expect(largestPayloadBytes(execution)).toBe(Buffer.byteLength(JSON.stringify(execution.output)));
    });
  });

  describe('refused definitions', () => {
    it('refuses JSONPath states, naming each', () => {
      const definition = {
        StartAt: 'A',
        States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', QueryLanguage: 'JSONata', End: true } },
      };

      expect(() => createLocalWorkflow(validAsl(definition))).toThrow(
        new DefinitionError(["The local executor runs JSONata states; state 'A' is JSONPath"]),
      );
    });

    it('refuses what it does not emulate in a Distributed Map: ItemBatcher, WriterConfig, other readers', () => {
      const definition = machine({
        Each: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSONL' },
            Arguments: { Bucket: 'b', Key: 'k' },
          },
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Arguments: { Bucket: 'b', Prefix: 'p' },
            WriterConfig: { OutputType: 'JSONL', Transformation: 'NONE' },
          },
          End: true,
        },
      });

      expect(() => createLocalWorkflow(definition)).toThrow(
        new DefinitionError([
          "State 'Each': the local ItemReader reads InputType JSON or CSV, not JSONL",
          "State 'Each': the local ResultWriter writes Transformation NONE as JSON only (no WriterConfig)",
          "State 'Each': ItemBatcher is not emulated locally",
        ]),
      );
    });

    it('lists every problem at once: syntax errors, missing targets, resources without a local integration', () => {
      const definition = {
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Output: { x: '{% 1 + %}' }, Next: 'Missing' },
          B: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
        },
      };

      expect(() => createLocalWorkflow(definition)).toThrow(
        new DefinitionError([
          "State 'A' goes to 'Missing', which is not a state here",
          "State 'A': the JSONata expression '1 +' in Output/x does not parse: S0207: Unexpected end of expression",
          "State 'B': no local integration for the Resource arn:aws:states:::sqs:sendMessage",
        ]),
      );
    });
  });
});
