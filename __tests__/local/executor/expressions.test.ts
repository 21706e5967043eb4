import { createHash } from 'node:crypto';
import { StatesError } from '../../../local/executor/errors';
import { evaluateTemplate, evaluateTyped, expressionOf, syntaxProblem } from '../../../local/executor/expressions';
import type { ExpressionScope } from '../../../local/executor/expressions';

const scope: ExpressionScope = {
  stateName: 'Shape',
  enteredEventId: 2,
  states: { input: { items: [{ n: 3 }, { n: 9 }], text: '{"a":[1,2]}' }, context: { Execution: { Name: 'run-1' } } },
  variables: { limit: 5 },
};

/** The StatesError an evaluation fails with, as `{Error, Cause}`. */
async function failureOf(evaluation: Promise<unknown>): Promise<{ Error: string; Cause: string | undefined }> {
  const error = await evaluation.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof StatesError)) throw new Error(`Expected a StatesError, got ${String(error)}`);
  return { Error: error.name, Cause: error.cause };
}

const cause = (expression: string, field: string, problem: string) =>
  `An error occurred while executing the state 'Shape' (entered at the event id #2). The JSONata expression '${expression}' specified for the field '${field}' ${problem}`;

describe('expressionOf', () => {
  it('takes a string that is wholly {% ... %} as an expression, trimmed, and anything else as a literal', () => {
    expect([
      expressionOf('{% $states.input %}'),
      expressionOf(' {% 1 %}'),
      expressionOf('{% 1 %} '),
      expressionOf('$states'),
      expressionOf(3),
    ]).toStrictEqual(['$states.input', undefined, undefined, undefined, undefined]);
  });
});

describe('evaluateTemplate', () => {
  it('evaluates expressions inside objects and arrays and keeps literals, with $states and the variables bound', async () => {
    const template = {
      total: '{% $sum($states.input.items.n) %}',
      under: '{% $states.input.items[n < $limit].n %}',
      name: '{% $states.context.Execution.Name %}',
      literal: '$states.input',
      list: [1, '{% $limit * 2 %}', { deep: '{% $states.input.items[1] %}' }],
    };

    await expect(evaluateTemplate(template, scope, 'Output')).resolves.toStrictEqual({
      total: 12,
      under: 3,
      name: 'run-1',
      literal: '$states.input',
      list: [1, 10, { deep: { n: 9 } }],
    });
  });

  it('returns plain JSON: sequences as arrays, objects with a prototype', async () => {
    const result = await evaluateTemplate('{% {"ns": $states.input.items.n} %}', scope, 'Output');

    expect(JSON.stringify(result)).toBe('{"ns":[3,9]}');
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('fails with States.QueryEvaluationError when the whole field returns nothing', async () => {
    await expect(failureOf(evaluateTemplate('{% $states.input.missing %}', scope, 'Output'))).resolves.toStrictEqual({
      Error: 'States.QueryEvaluationError',
      Cause: cause('$states.input.missing', 'Output', 'returned nothing (undefined).'),
    });
  });

  it('fails the same way for a field of an object or an item of an array that returns nothing, naming where it is', async () => {
    await expect(failureOf(evaluateTemplate({ result: '{% $doesNotExist %}' }, scope, 'Output'))).resolves.toStrictEqual({
      Error: 'States.QueryEvaluationError',
      Cause: cause('$doesNotExist', 'Output/result', 'returned nothing (undefined).'),
    });
    await expect(failureOf(evaluateTemplate({ list: [1, '{% $nope %}'] }, scope, 'Arguments'))).resolves.toMatchObject({
      Cause: cause('$nope', 'Arguments/list[1]', 'returned nothing (undefined).'),
    });
  });

  it('fails when an expression throws, with its JSONata error code and message', async () => {
    await expect(failureOf(evaluateTemplate('{% $number("abc") %}', scope, 'Output'))).resolves.toStrictEqual({
      Error: 'States.QueryEvaluationError',
      Cause: cause('$number("abc")', 'Output', 'threw an error during evaluation. D3030: Unable to cast value to a number: "abc"'),
    });
  });

  it('fails when an expression returns a function', async () => {
    await expect(failureOf(evaluateTemplate('{% function($x){$x} %}', scope, 'Output'))).resolves.toStrictEqual({
      Error: 'States.QueryEvaluationError',
      Cause: cause('function($x){$x}', 'Output', 'returned an unsupported result type.'),
    });
  });
});

describe('evaluateTyped', () => {
  it('fails when an expression returns another kind of value than the field takes', async () => {
    await expect(failureOf(evaluateTyped('{% $states.input.items %}', scope, 'Choices[0]/Condition', 'boolean'))).resolves.toStrictEqual({
      Error: 'States.QueryEvaluationError',
      Cause: cause(
        '$states.input.items',
        'Choices[0]/Condition',
        `returned an unexpected result type. Expected 'boolean', but was 'array' for value: [{"n":3},{"n":9}]`,
      ),
    });
  });
});

describe("Step Functions' JSONata functions", () => {
  const evaluate = (expression: string) => evaluateTemplate(`{% ${expression} %}`, scope, 'Output');

  it('$parse reads JSON text', async () => {
    await expect(evaluate('$parse($states.input.text).a[1]')).resolves.toBe(2);
  });

  it('$parse of text that is not JSON fails the evaluation', async () => {
    await expect(failureOf(evaluate('$parse("{nope")'))).resolves.toMatchObject({ Error: 'States.QueryEvaluationError' });
  });

  it('$partition chunks an array, the last chunk shorter', async () => {
    await expect(evaluate('$partition([1,2,3,4,5], 2)')).resolves.toStrictEqual([[1, 2], [3, 4], [5]]);
  });

  it('$range includes both ends and takes a step, negative too', async () => {
    await expect(evaluate('{"up": $range(0, 10, 2), "down": $range(3, 1, -1)}')).resolves.toStrictEqual({
      up: [0, 2, 4, 6, 8, 10],
      down: [3, 2, 1],
    });
  });

  it('$hash gives the hex digest with the named algorithm', async () => {
    await expect(evaluate('$hash("abc", "SHA-256")')).resolves.toBe(createHash('sha256').update('abc').digest('hex'));
    await expect(failureOf(evaluate('$hash("abc", "SHA-3")'))).resolves.toMatchObject({ Error: 'States.QueryEvaluationError' });
  });

  it('$random gives a number in [0, 1), the same one for the same seed', async () => {
    const { a, b, c } = (await evaluate('{"a": $random(7), "b": $random(7), "c": $random()}')) as Record<string, number>;

    expect(a).toBe(b);
    for (const value of [a!, c!]) expect(value >= 0 && value < 1).toBe(true);
  });

  it('$uuid gives a version 4 UUID', async () => {
    await expect(evaluate('$uuid()')).resolves.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('$eval is not available', async () => {
    await expect(failureOf(evaluate('$eval("1")'))).resolves.toStrictEqual({
      Error: 'States.QueryEvaluationError',
      Cause: cause('$eval("1")', 'Output', 'threw an error during evaluation. $eval is not available in Step Functions; use $parse'),
    });
  });
});

describe('syntaxProblem', () => {
  it('names the syntax error of an expression that does not parse, and nothing for one that does', () => {
    expect([syntaxProblem('1 +'), syntaxProblem('$states.input')]).toStrictEqual(['S0207: Unexpected end of expression', undefined]);
  });
});
