import { createLocalWorkflow } from '../../../local/run-workflow';
import { DefinitionError } from '../../../local/executor/errors';
import { validAsl } from '../valid-asl';

const machine = (States: Record<string, object>) => validAsl({ QueryLanguage: 'JSONata', StartAt: Object.keys(States)[0]!, States });
const run = (definition: object, input: unknown = {}) => createLocalWorkflow(definition).run({ input, functions: {} });

describe('workflow variables', () => {
  it('evaluates every Assign value against the variables as they were before the state, so two can swap', async () => {
    const definition = machine({
      Set: { Type: 'Pass', Assign: { x: 1, y: 2 }, Next: 'Swap' },
      Swap: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'Read' },
      Read: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}' }, End: true },
    });

    await expect(run(definition)).resolves.toMatchObject({ output: { x: 2, y: 1 } });
  });

  it("does not show a state's Output its own assignments; the next state sees them", async () => {
    const definition = machine({
      Set: { Type: 'Pass', Assign: { count: 1 }, Next: 'Bump' },
      Bump: { Type: 'Pass', Assign: { count: '{% $count + 1 %}' }, Output: { during: '{% $count %}' }, Next: 'After' },
      After: { Type: 'Pass', Output: { during: '{% $states.input.during %}', after: '{% $count %}' }, End: true },
    });

    await expect(run(definition)).resolves.toMatchObject({ output: { during: 1, after: 2 } });
  });

  it('assigns a Task result from $states.result, and nothing when the state fails and is caught but what the catcher assigns', async () => {
    const definition = machine({
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f' },
        Assign: { result: '{% $states.result.Payload %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Assign: { failureName: '{% $states.errorOutput.Error %}' }, Next: 'Read' }],
        Next: 'Read',
      },
      Read: {
        Type: 'Pass',
        Output: { result: '{% $exists($result) ? $result : null %}', failureName: '{% $exists($failureName) ? $failureName : null %}' },
        End: true,
      },
    });
    const runWith = (f: () => unknown) => createLocalWorkflow(definition).run({ input: {}, functions: { f } });

    await expect(runWith(() => 'answer')).resolves.toMatchObject({ output: { result: 'answer', failureName: null } });
    await expect(runWith(() => Promise.reject(Object.assign(new Error('no'), { name: 'Refused' })))).resolves.toMatchObject({
      output: { result: null, failureName: 'Refused' },
    });
  });

  it("lets a Map iteration read the enclosing variables as the Map found them; the iteration's own do not leak out", async () => {
    const definition = machine({
      Set: { Type: 'Pass', Assign: { factor: 10 }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: [1, 2],
        ItemProcessor: {
          StartAt: 'Scale',
          States: {
            Scale: { Type: 'Pass', Assign: { scaled: '{% $states.input * $factor %}' }, Next: 'Give' },
            Give: { Type: 'Pass', Output: '{% $scaled %}', End: true },
          },
        },
        Next: 'After',
      },
      After: { Type: 'Pass', Output: { results: '{% $states.input %}', leaked: '{% $exists($scaled) %}' }, End: true },
    });

    await expect(run(definition)).resolves.toMatchObject({ output: { results: [10, 20], leaked: false } });
  });

  it('refuses a definition whose Map iteration assigns a variable of the enclosing scope', () => {
    const definition = machine({
      Set: { Type: 'Pass', Assign: { total: 0 }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: [1],
        ItemProcessor: { StartAt: 'Add', States: { Add: { Type: 'Pass', Assign: { total: 1 }, End: true } } },
        End: true,
      },
    });

    expect(() => createLocalWorkflow(definition)).toThrow(
      new DefinitionError(["State 'Add' assigns total, assigned in an enclosing scope"]),
    );
  });
});
