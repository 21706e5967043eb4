import fc from 'fast-check';
import { InvalidInput } from '../../handlers/errors';
import { STRING_BUFFER_BYTES, jsonArrayItems } from '../../handlers/json-array-items';

async function* chunksOf(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function readAll(text: string, cuts: readonly number[] = []): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of jsonArrayItems(chunksOf(Buffer.from(text), cuts), 'Result file s3://results/FAILED_0.json')) items.push(item);
  return items;
}

/** JSON values with the characters that matter to a tokenizer: quotes, backslashes, brackets and multi-byte UTF-8. */
const tricky = fc.string({ unit: fc.constantFrom('a', '"', '\\', '[', ']', '{', '}', ',', ':', ' ', '\n', 'é', '€', '😀', '\u0000') });
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((number) => (Object.is(number, -0) ? 0 : number)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('jsonArrayItems', () => {
  it('yields every element of an array, however its bytes are cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jsonValue, { maxLength: 20 }),
        fc.array(fc.nat({ max: 4000 }), { maxLength: 30 }),
        fc.constantFrom('', ' ', '\n\t '),
        async (items, cuts, padding) => {
          const text = `${padding}${JSON.stringify(items, null, cuts.length % 2 === 0 ? undefined : 1)}${padding}`;

          expect(await readAll(text, cuts)).toStrictEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads strings longer than the parser's string buffer, in runs longer than it and in escapes, cut anywhere", async () => {
    const mixed = 'aé€😀"\\\n'.repeat(STRING_BUFFER_BYTES / 8);
    const runs = ['a', 'é', '😀'].map((character) => character.repeat(STRING_BUFFER_BYTES + 1));
    const items = [mixed, ...runs, { [mixed]: 'a key as long' }];
    const text = JSON.stringify(items);
    const cuts = Array.from({ length: 40 }, (_, index) => Math.floor((text.length * (index + 0.37)) / 40) + (index % 4));

    expect(await readAll(text)).toStrictEqual(items);
    expect(await readAll(text, cuts)).toStrictEqual(items);
  });

  it('yields the elements of a chunk as the chunk arrives, before the array ends', async () => {
    const seen: unknown[] = [];
    async function* slowly(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('[{"a": 1}, {"b"');
      expect(seen).toStrictEqual([{ a: 1 }]);
      yield Buffer.from(': 2}]');
    }

    for await (const item of jsonArrayItems(slowly(), 'test')) seen.push(item);

    expect(seen).toStrictEqual([{ a: 1 }, { b: 2 }]);
  });

  it.each([
    ['an object', '{"SUCCEEDED": []}', 'it starts with "{", not "["'],
    ['a number', '42', 'it starts with "4", not "["'],
    ['nothing', '', 'it is empty'],
    ['only whitespace', ' \n ', 'it is empty'],
    [
      'an array cut short',
      '[{"Status": "FAILED"},',
      'it ends before the array does (Parser ended in mid-parsing (state: VALUE). Either not all the data was received or the data was invalid.)',
    ],
    ['two arrays', '[1][2]', 'Unexpected "[" at chunk position "3" (absolute position "3") in state ENDED'],
    ['an array followed by text', '[1] x', 'Unexpected "x" at chunk position "4" (absolute position "4") in state ENDED'],
  ])('throws InvalidInput naming the source for %s', async (_, text, detail) => {
    await expect(readAll(text)).rejects.toStrictEqual(
      new InvalidInput(`Result file s3://results/FAILED_0.json is not a JSON array: ${detail}`),
    );
  });
});
