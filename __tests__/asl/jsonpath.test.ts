import fc from 'fast-check';
import { INTRINSIC_FUNCTIONS, intrinsicSyntaxError, pathSyntaxError } from '../../asl';

describe('pathSyntaxError', () => {
  it.each([
    ['$', {}],
    ['$.a.b', {}],
    ['$..name', {}],
    ['$.items[*].id', {}],
    ['$.items[0,2]', {}],
    ['$.items[-2:]', {}],
    ["$.items[?(@.tag == 'a)b')]", {}],
    ['$var.field', {}],
    ['$$.Map.Item.Value', { context: true }],
    ["$.a['b c'][3]", { reference: true }],
  ] as const)('accepts %s', (path, options) => {
    expect(pathSyntaxError(path, options)).toBeUndefined();
  });

  it.each([
    ['a path without $', 'a.b', {}, "expected a JSONPath starting with '$'"],
    ['the context object where it is not allowed', '$$.Execution', {}, "expected a JSONPath starting with '$'"],
    ['an empty step', '$.a..', {}, "expected a name after '.' at position 5"],
    ['an unclosed bracket', '$.a[0', {}, "unclosed '['"],
    ['an empty bracket', '$.a[]', {}, 'unexpected []'],
    ['an unterminated quoted name', "$['a]", {}, "unterminated string '..."],
    ['text after the path', '$.a b', {}, "unexpected ' b' at position 3"],
    ['a wildcard in a reference path', '$.a.*', { reference: true }, "a reference path cannot use '*'"],
    ['a filter in a reference path', '$.a[?(@.b)]', { reference: true }, 'a reference path cannot have filters or expressions'],
    ['a variable where none is allowed', '$v.a', { variables: false }, 'expected a path into the state data, not a variable'],
  ] as const)('rejects %s', (_, path, options, reason) => {
    expect(pathSyntaxError(path, options)).toBe(reason);
  });

  it('answers, never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (text, reference) => {
        expect(() => pathSyntaxError(`$${text}`, { reference })).not.toThrow();
      }),
    );
  });
});

describe('intrinsicSyntaxError', () => {
  it('knows exactly the intrinsic functions of ASL', () => {
    expect(INTRINSIC_FUNCTIONS.map((name) => intrinsicSyntaxError(`${name}()`))).toStrictEqual(INTRINSIC_FUNCTIONS.map(() => undefined));
    expect(INTRINSIC_FUNCTIONS).toHaveLength(18);
  });

  it.each([
    ["States.Format('{} and {}', $.a, States.JsonToString($$.Execution.Input))"],
    ["States.Array(1, -2.5e3, 'x', null, true, false, $.list[0])"],
    ["States.Format('a \\' quote, a \\{ brace')"],
    ["States.Hash( $.value , 'SHA-256' )"],
  ])('accepts %s', (expression) => {
    expect(intrinsicSyntaxError(expression)).toBeUndefined();
  });

  it.each([
    ['an unclosed call', 'States.Format(', 'unbalanced parentheses: States.Format( is not closed'],
    ['an unknown function', 'States.NoSuchFn()', 'unknown intrinsic function States.NoSuchFn'],
    ['a missing comma', "States.Format('a' $.b)", "expected ',' or ')' in States.Format(...), got '$'"],
    ['a bare word argument', 'States.Array(abc)', 'unexpected argument at position 13: abc)'],
    ['text after the call', 'States.UUID() + 1', "unexpected ' + 1' at position 13"],
    ['no call at all', 'States.', 'expected an intrinsic function such as States.Format(...)'],
  ])('rejects %s', (_, expression, reason) => {
    expect(intrinsicSyntaxError(expression)).toBe(reason);
  });

  it('answers, never throws, whatever the arguments', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => intrinsicSyntaxError(`States.Format(${text}`)).not.toThrow();
      }),
    );
  });
});
