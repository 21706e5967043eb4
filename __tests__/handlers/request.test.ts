import { InvalidInput } from '../../handlers/errors';
import { echo } from '../../handlers/echo';
import { MAX_ENVELOPE_DEPTH, MAX_KEY_BYTES, readImageRequest, unwrapRequest } from '../../handlers/request';
import { thrownBy } from '../helpers/thrown-by';

const BUCKET_RULE = '"s3_bucket" must be an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens), got:';

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

  it('names a value nested too deeply for JSON.stringify by its type instead of throwing RangeError', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;

    expect(echo(deep)).toBe('(array nested too deeply to show)');
  });
});

describe('unwrapRequest', () => {
  it('returns a bare body as it is', () => {
    const body = { s3_bucket: 'images', s3_key: 'a.png' };

    expect(unwrapRequest(body)).toBe(body);
  });

  it("returns an envelope's body object", () => {
    const body = { s3_bucket: 'images', s3_key: 'a.png' };

    expect(unwrapRequest({ statusCode: 200, body })).toBe(body);
  });

  it("parses an envelope's body given as a JSON string", () => {
    expect(unwrapRequest({ statusCode: 200, body: '{"s3_bucket":"images","s3_key":"a.png"}' })).toStrictEqual({
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
    expect(() => unwrapRequest(input)).toThrow(new InvalidInput(`Expected a JSON object as input, got: ${type}`));
  });

  it('throws InvalidInput for a body that is a number', () => {
    expect(() => unwrapRequest({ statusCode: 200, body: 7 })).toThrow(new InvalidInput('Expected "body" to be a JSON object, got: number'));
  });

  it('throws InvalidInput for a body that is null', () => {
    expect(() => unwrapRequest({ statusCode: 200, body: null })).toThrow(
      new InvalidInput('Expected "body" to be a JSON object, got: null'),
    );
  });

  it('throws InvalidInput with the parse error as cause for a body string that is not JSON', () => {
    const error = thrownBy(() => unwrapRequest({ statusCode: 200, body: '{"s3_bucket":' }));

    expect(error).toStrictEqual(new InvalidInput('Expected "body" to hold a JSON object, got a string that is not JSON'));
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('throws InvalidInput for a body string that holds an array', () => {
    expect(() => unwrapRequest({ statusCode: 200, body: '[1, 2]' })).toThrow(
      new InvalidInput('Expected a JSON object as input, got: array'),
    );
  });

  it('unwraps an envelope passed whole as the body of another, its body as JSON text', () => {
    const request = { statusCode: 200, body: { statusCode: 200, body: '{"s3_bucket":"images","s3_key":"a.png"}' } };

    expect(unwrapRequest(request)).toStrictEqual({ s3_bucket: 'images', s3_key: 'a.png' });
  });

  it(`unwraps ${MAX_ENVELOPE_DEPTH} envelopes and refuses a ninth, naming the depth`, () => {
    const body = { s3_bucket: 'images', s3_key: 'a.png' };
    let request: unknown = body;
    for (let depth = 0; depth < MAX_ENVELOPE_DEPTH; depth++) request = { statusCode: 200, body: request };

    expect(unwrapRequest(request)).toBe(body);
    expect(() => unwrapRequest({ statusCode: 200, body: request })).toThrow(
      new InvalidInput('Expected the request within at most 8 envelopes ("body" within "body"), got more'),
    );
  });

  it('throws InvalidInput, not RangeError, for 10,000 envelopes', () => {
    let request: unknown = { s3_bucket: 'images', s3_key: 'a.png' };
    for (let depth = 0; depth < 10_000; depth++) request = { body: request };

    expect(thrownBy(() => unwrapRequest(request))).toStrictEqual(
      new InvalidInput('Expected the request within at most 8 envelopes ("body" within "body"), got more'),
    );
  });
});

describe('readImageRequest on the location', () => {
  it('returns only the bucket and key', () => {
    expect(readImageRequest({ s3_bucket: 'images', s3_key: 'test/bicycle s_000513.png', image_data: '', inferences: [] })).toStrictEqual({
      location: { bucket: 'images', key: 'test/bicycle s_000513.png' },
      startedByTrigger: false,
    });
  });

  it.each(['abc', 'images', 'my.bucket-2026', '0-9', 'a'.repeat(63), '192.168.5', '1.2.3.4.5', 'a.b-c.d'])(
    'accepts the bucket name %p',
    (bucket) => {
      expect(readImageRequest({ s3_bucket: bucket, s3_key: 'a.png' }).location).toStrictEqual({ bucket, key: 'a.png' });
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
    expect(() => readImageRequest({ s3_bucket: bucket, s3_key: 'a.png' })).toThrow(
      new InvalidInput(`Invalid input: ${BUCKET_RULE} ${JSON.stringify(bucket)}`),
    );
  });

  it.each([
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['an object', { name: 'images' }, '{"name":"images"}'],
    ['missing', undefined, 'undefined'],
  ])('throws InvalidInput for a bucket that is %s', (_, bucket, shown) => {
    expect(() => readImageRequest({ s3_bucket: bucket, s3_key: 'a.png' })).toThrow(
      new InvalidInput(`Invalid input: ${BUCKET_RULE} ${shown}`),
    );
  });

  it.each([
    ['one character', 'a'],
    ['spaces and unicode', 'test/bicycle s_000513 – copie.png'],
    [`${MAX_KEY_BYTES} ASCII characters`, 'k'.repeat(1024)],
    ['512 two-byte characters (1024 bytes)', 'é'.repeat(512)],
  ])('accepts a key of %s', (_, key) => {
    expect(readImageRequest({ s3_bucket: 'images', s3_key: key }).location).toStrictEqual({ bucket: 'images', key });
  });

  it.each([
    ['empty', '', '""'],
    ['a number', 7, '7'],
    ['missing', undefined, 'undefined'],
  ])('throws InvalidInput for a key that is %s', (_, key, shown) => {
    expect(() => readImageRequest({ s3_bucket: 'images', s3_key: key })).toThrow(
      new InvalidInput(`Invalid input: "s3_key" must be a non-empty string, got: ${shown}`),
    );
  });

  it('throws InvalidInput for a key of 1025 bytes', () => {
    const key = 'k'.repeat(1025);

    expect(() => readImageRequest({ s3_bucket: 'images', s3_key: key })).toThrow(
      new InvalidInput(`Invalid input: "s3_key" must be at most 1024 bytes, got 1025 bytes: "${'k'.repeat(199)}… (1027 characters)`),
    );
  });

  it('counts the key in UTF-8 bytes, not characters: 513 two-byte characters are 1026 bytes', () => {
    const key = 'é'.repeat(513);

    expect(() => readImageRequest({ s3_bucket: 'images', s3_key: key })).toThrow(
      new InvalidInput(`Invalid input: "s3_key" must be at most 1024 bytes, got 1026 bytes: "${'é'.repeat(199)}… (515 characters)`),
    );
  });

  it('lists every problem in one InvalidInput', () => {
    expect(() => readImageRequest({ s3_bucket: '', image_data: '' })).toThrow(
      new InvalidInput(`Invalid input: ${BUCKET_RULE} ""; "s3_key" must be a non-empty string, got: undefined`),
    );
  });

  it('keeps the message short for a 150 KB bucket value', () => {
    const bucket = 'b'.repeat(150_000);

    const error = thrownBy(() => readImageRequest({ s3_bucket: bucket, s3_key: 'a.png' }));

    expect(error).toStrictEqual(new InvalidInput(`Invalid input: ${BUCKET_RULE} "${'b'.repeat(199)}… (150002 characters)`));
    expect(error.message.length).toBeLessThan(500);
  });

  it('keeps the message short for a 150 KB key', () => {
    const key = 'k'.repeat(150_000);

    const error = thrownBy(() => readImageRequest({ s3_bucket: 'images', s3_key: key }));

    expect(error).toStrictEqual(
      new InvalidInput(`Invalid input: "s3_key" must be at most 1024 bytes, got 150000 bytes: "${'k'.repeat(199)}… (150002 characters)`),
    );
    expect(error.message.length).toBeLessThan(500);
  });

  it('keeps the message short for a 150 KB object in place of the bucket', () => {
    const bucket = { image_data: 'A'.repeat(150_000) };

    const error = thrownBy(() => readImageRequest({ s3_bucket: bucket, s3_key: 'a.png' }));

    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.message.length).toBeLessThan(500);
  });
});

describe('readImageRequest on the other fields', () => {
  it('returns the ETag and version id of the upload the request names', () => {
    const request = { s3_bucket: 'images', s3_key: 'a.png', s3_etag: '9b2cf535f27731c974343645a3985328', s3_version_id: 'v1' };

    expect(readImageRequest(request)).toStrictEqual({
      location: { bucket: 'images', key: 'a.png' },
      startedByTrigger: false,
      etag: '9b2cf535f27731c974343645a3985328',
      versionId: 'v1',
    });
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
  ])('accepts an ETag and version id that are %s', (_, value) => {
    expect(readImageRequest({ s3_bucket: 'images', s3_key: 'a.png', s3_etag: value, s3_version_id: value })).toStrictEqual({
      location: { bucket: 'images', key: 'a.png' },
      startedByTrigger: false,
    });
  });

  it.each([
    ['s3_etag', 5, '5'],
    ['s3_version_id', ['v1'], '["v1"]'],
  ])('throws InvalidInput when %s is not a string', (field, value, shown) => {
    expect(() => readImageRequest({ s3_bucket: 'images', s3_key: 'a.png', [field]: value })).toThrow(
      new InvalidInput(`"${field}" must be a string of at most 1024 characters when given, got: ${shown}`),
    );
  });

  it.each(['s3_etag', 's3_version_id'])('throws InvalidInput with a short message when %s is longer than 1024 characters', (field) => {
    expect(() => readImageRequest({ s3_bucket: 'images', s3_key: 'a.png', [field]: 'v'.repeat(1025) })).toThrow(
      new InvalidInput(`"${field}" must be a string of at most 1024 characters when given, got: "${'v'.repeat(199)}… (1027 characters)`),
    );
  });

  it('checks the location first', () => {
    expect(() => readImageRequest({ s3_bucket: 'Images', s3_key: 'a.png', s3_etag: 5 })).toThrow(
      new InvalidInput(`Invalid input: ${BUCKET_RULE} "Images"`),
    );
  });

  it("says the S3 trigger started the execution when the input has the upload's sequencer", () => {
    const triggered = {
      s3_bucket: 'images',
      s3_key: 'incoming/red+flower.png',
      s3_etag: '"9b2cf535f27731c974343645a3985328"',
      s3_sequencer: '0062E99A88DC407460',
      source_event_id: '17793124-05d4-b198-2fde-7ededc63b103',
    };

    expect(readImageRequest(triggered)).toStrictEqual({
      location: { bucket: 'images', key: 'incoming/red+flower.png' },
      startedByTrigger: true,
      etag: '"9b2cf535f27731c974343645a3985328"',
    });
  });

  it('reads the request through the envelope', () => {
    expect(readImageRequest({ statusCode: 200, body: '{"s3_bucket":"images","s3_key":"a.png"}' })).toStrictEqual({
      location: { bucket: 'images', key: 'a.png' },
      startedByTrigger: false,
    });
  });
});
