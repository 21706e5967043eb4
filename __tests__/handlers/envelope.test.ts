import { InvalidInput } from '../../handlers';
import {
  MAX_KEY_BYTES,
  echo,
  parseScores,
  readImageReference,
  readInferences,
  readLocation,
  toEnvelope,
  unwrapBody,
} from '../../handlers/envelope';

const BUCKET_RULE = '"s3_bucket" must be an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens), got:';

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('echo', () => {
  it('repeats a short value as JSON', () => {
    expect(echo({ predictions: [0.1] })).toBe('{"predictions":[0.1]}');
  });

  it('writes undefined for a missing value', () => {
    expect(echo(undefined)).toBe('undefined');
  });

  it('keeps a value of exactly 200 characters whole', () => {
    const value = 'x'.repeat(198);

    expect(echo(value)).toBe(`"${value}"`);
  });

  it('cuts a longer value to its first 200 characters and says how long it was', () => {
    expect(echo('x'.repeat(1000))).toBe(`"${'x'.repeat(199)}… (1002 characters)`);
  });
});

describe('unwrapBody', () => {
  it('returns a bare body as it is', () => {
    const body = { s3_bucket: 'images', s3_key: 'a.png' };

    expect(unwrapBody(body)).toBe(body);
  });

  it("returns an envelope's body object", () => {
    const body = { s3_bucket: 'images', s3_key: 'a.png' };

    expect(unwrapBody({ statusCode: 200, body })).toBe(body);
  });

  it("parses an envelope's body given as a JSON string", () => {
    expect(unwrapBody({ statusCode: 200, body: '{"s3_bucket":"images","s3_key":"a.png"}' })).toStrictEqual({
      s3_bucket: 'images',
      s3_key: 'a.png',
    });
  });

  it.each([
    ['null', null],
    ['array', [1]],
    ['string', 'images/a.png'],
    ['number', 42],
    ['boolean', true],
  ])('throws InvalidInput for a %s input', (type, input) => {
    expect(() => unwrapBody(input)).toThrow(new InvalidInput(`Expected a JSON object as input, got: ${type}`));
  });

  it('throws InvalidInput for a body that is a number', () => {
    expect(() => unwrapBody({ statusCode: 200, body: 7 })).toThrow(new InvalidInput('Expected "body" to be a JSON object, got: number'));
  });

  it('throws InvalidInput for a body that is null', () => {
    expect(() => unwrapBody({ statusCode: 200, body: null })).toThrow(new InvalidInput('Expected "body" to be a JSON object, got: null'));
  });

  it('throws InvalidInput with the parse error as cause for a body string that is not JSON', () => {
    const error = thrownBy(() => unwrapBody({ statusCode: 200, body: '{"s3_bucket":' }));

    expect(error).toStrictEqual(new InvalidInput('Expected "body" to hold a JSON object, got a string that is not JSON'));
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('throws InvalidInput for a body string that holds an array', () => {
    expect(() => unwrapBody({ statusCode: 200, body: '[1, 2]' })).toThrow(new InvalidInput('Expected a JSON object as input, got: array'));
  });
});

describe('readLocation', () => {
  it('returns only the bucket and key', () => {
    expect(readLocation({ s3_bucket: 'images', s3_key: 'test/bicycle s_000513.png', image_data: '', inferences: [] })).toStrictEqual({
      bucket: 'images',
      key: 'test/bicycle s_000513.png',
    });
  });

  it.each(['abc', 'images', 'my.bucket-2026', '0-9', 'a'.repeat(63), '192.168.5', '1.2.3.4.5', 'a.b-c.d'])(
    'accepts the bucket name %p',
    (bucket) => {
      expect(readLocation({ s3_bucket: bucket, s3_key: 'a.png' })).toStrictEqual({ bucket, key: 'a.png' });
    },
  );

  it.each([
    ['two characters', 'ab'],
    ['64 characters', 'a'.repeat(64)],
    ['an uppercase letter', 'Images'],
    ['an underscore', 'my_bucket'],
    ['a slash', 'images/test'],
    ['a space', 'my bucket'],
    ['a leading hyphen', '-images'],
    ['a trailing hyphen', 'images-'],
    ['a leading dot', '.images'],
    ['a trailing dot', 'images.'],
    ['two adjacent dots', 'my..bucket'],
    ['a dot before a hyphen', 'my.-bucket'],
    ['a hyphen before a dot', 'my-.bucket'],
    ['the shape of an IP address', '192.168.5.4'],
    ['a non-ASCII letter', 'bücket'],
    ['nothing', ''],
  ])('throws InvalidInput for a bucket name with %s', (_, bucket) => {
    expect(() => readLocation({ s3_bucket: bucket, s3_key: 'a.png' })).toThrow(
      new InvalidInput(`Invalid input: ${BUCKET_RULE} ${JSON.stringify(bucket)}`),
    );
  });

  it.each([
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['an object', { name: 'images' }, '{"name":"images"}'],
    ['missing', undefined, 'undefined'],
  ])('throws InvalidInput for a bucket that is %s', (_, bucket, shown) => {
    expect(() => readLocation({ s3_bucket: bucket, s3_key: 'a.png' })).toThrow(new InvalidInput(`Invalid input: ${BUCKET_RULE} ${shown}`));
  });

  it.each([
    ['one character', 'a'],
    ['spaces and unicode', 'test/bicycle s_000513 – copie.png'],
    [`${MAX_KEY_BYTES} ASCII characters`, 'k'.repeat(1024)],
    ['512 two-byte characters (1024 bytes)', 'é'.repeat(512)],
  ])('accepts a key of %s', (_, key) => {
    expect(readLocation({ s3_bucket: 'images', s3_key: key })).toStrictEqual({ bucket: 'images', key });
  });

  it.each([
    ['empty', '', '""'],
    ['a number', 7, '7'],
    ['missing', undefined, 'undefined'],
  ])('throws InvalidInput for a key that is %s', (_, key, shown) => {
    expect(() => readLocation({ s3_bucket: 'images', s3_key: key })).toThrow(
      new InvalidInput(`Invalid input: "s3_key" must be a non-empty string, got: ${shown}`),
    );
  });

  it('throws InvalidInput for a key of 1025 bytes', () => {
    const key = 'k'.repeat(1025);

    expect(() => readLocation({ s3_bucket: 'images', s3_key: key })).toThrow(
      new InvalidInput(`Invalid input: "s3_key" must be at most 1024 bytes, got 1025 bytes: "${'k'.repeat(199)}… (1027 characters)`),
    );
  });

  it('counts the key in UTF-8 bytes, not characters: 513 two-byte characters are 1026 bytes', () => {
    const key = 'é'.repeat(513);

    expect(() => readLocation({ s3_bucket: 'images', s3_key: key })).toThrow(
      new InvalidInput(`Invalid input: "s3_key" must be at most 1024 bytes, got 1026 bytes: "${'é'.repeat(199)}… (515 characters)`),
    );
  });

  it('lists every problem in one InvalidInput', () => {
    expect(() => readLocation({ s3_bucket: '', image_data: '' })).toThrow(
      new InvalidInput(`Invalid input: ${BUCKET_RULE} ""; "s3_key" must be a non-empty string, got: undefined`),
    );
  });

  it('keeps the message short for a 150 KB bucket value', () => {
    const bucket = 'b'.repeat(150_000);

    const error = thrownBy(() => readLocation({ s3_bucket: bucket, s3_key: 'a.png' })) as Error;

    expect(error).toStrictEqual(new InvalidInput(`Invalid input: ${BUCKET_RULE} "${'b'.repeat(199)}… (150002 characters)`));
    expect(error.message.length).toBeLessThan(500);
  });

  it('keeps the message short for a 150 KB key', () => {
    const key = 'k'.repeat(150_000);

    const error = thrownBy(() => readLocation({ s3_bucket: 'images', s3_key: key })) as Error;

    expect(error).toStrictEqual(
      new InvalidInput(`Invalid input: "s3_key" must be at most 1024 bytes, got 150000 bytes: "${'k'.repeat(199)}… (150002 characters)`),
    );
    expect(error.message.length).toBeLessThan(500);
  });

  it('keeps the message short for a 150 KB object in place of the bucket', () => {
    const bucket = { image_data: 'A'.repeat(150_000) };

    const error = thrownBy(() => readLocation({ s3_bucket: bucket, s3_key: 'a.png' })) as Error;

    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.message.length).toBeLessThan(500);
  });
});

describe('readImageReference', () => {
  it('returns the location with the ETag and version id the serializer recorded', () => {
    const body = { s3_bucket: 'images', s3_key: 'a.png', s3_etag: '"9b2cf535f27731c974343645a3985328"', s3_version_id: 'v1' };

    expect(readImageReference(body)).toStrictEqual({
      bucket: 'images',
      key: 'a.png',
      etag: '"9b2cf535f27731c974343645a3985328"',
      versionId: 'v1',
    });
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
  ])('leaves out an ETag and version id that are %s', (_, value) => {
    expect(readImageReference({ s3_bucket: 'images', s3_key: 'a.png', s3_etag: value, s3_version_id: value })).toStrictEqual({
      bucket: 'images',
      key: 'a.png',
    });
  });

  it.each([
    ['s3_etag', 5, '5'],
    ['s3_version_id', ['v1'], '["v1"]'],
  ])('throws InvalidInput when %s is not a string', (field, value, shown) => {
    expect(() => readImageReference({ s3_bucket: 'images', s3_key: 'a.png', [field]: value })).toThrow(
      new InvalidInput(`"${field}" must be a string when given, got: ${shown}`),
    );
  });

  it('checks the location first', () => {
    expect(() => readImageReference({ s3_bucket: 'Images', s3_key: 'a.png', s3_etag: 5 })).toThrow(
      new InvalidInput(`Invalid input: ${BUCKET_RULE} "Images"`),
    );
  });
});

describe('parseScores', () => {
  it('returns an array of probabilities as it is', () => {
    expect(parseScores([0, 0.5, 1])).toStrictEqual([0, 0.5, 1]);
  });

  it('parses the JSON string form', () => {
    expect(parseScores('[0.0013, 0.9987]')).toStrictEqual([0.0013, 0.9987]);
  });

  it.each([
    ['an empty array', []],
    ['a score above 1', [0.2, 1.5]],
    ['a negative score', [-0.1, 0.9]],
    ['a string score', ['0.9']],
    ['null in the list', [null]],
    ['a string that is not JSON', '[0.1, '],
    ['a JSON string of an object', '{"a":1}'],
    ['a number', 0.9],
    ['missing', undefined],
  ])('returns undefined for %s', (_, value) => {
    expect(parseScores(value)).toBeUndefined();
  });
});

describe('readInferences', () => {
  it('reads up to maxScores scores', () => {
    expect(readInferences({ inferences: [0.1, 0.2, 0.7] }, 3)).toStrictEqual([0.1, 0.2, 0.7]);
  });

  it('throws InvalidInput for more than maxScores scores', () => {
    expect(() => readInferences({ inferences: [0.1, 0.2, 0.3, 0.4] }, 3)).toThrow(
      new InvalidInput('"inferences" holds 4 scores, more than the 3 allowed'),
    );
  });

  it('throws InvalidInput echoing at most 200 characters of bad inferences', () => {
    const inferences = Array.from({ length: 50_000 }, () => 2);

    expect(() => readInferences({ inferences }, 10)).toThrow(
      new InvalidInput(
        `"inferences" must be a non-empty array of numbers in [0, 1] (or its JSON string), got: ${JSON.stringify(inferences).slice(0, 200)}… (100001 characters)`,
      ),
    );
  });
});

describe('toEnvelope', () => {
  it('returns the envelope with an empty image_data, the ETag and the version id', () => {
    expect(toEnvelope({ bucket: 'images', key: 'a.png', etag: '"e"', versionId: 'v1' }, [0.2, 0.8])).toStrictEqual({
      statusCode: 200,
      body: { image_data: '', s3_bucket: 'images', s3_key: 'a.png', s3_etag: '"e"', s3_version_id: 'v1', inferences: [0.2, 0.8] },
    });
  });

  it('leaves out the ETag and version id when there are none', () => {
    expect(toEnvelope({ bucket: 'images', key: 'a.png' }, [])).toStrictEqual({
      statusCode: 200,
      body: { image_data: '', s3_bucket: 'images', s3_key: 'a.png', inferences: [] },
    });
  });
});
