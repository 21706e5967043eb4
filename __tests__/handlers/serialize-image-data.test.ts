import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import {
  ImageAccessDenied,
  ImageNotFound,
  ImageSuperseded,
  ImageTooLarge,
  InvalidImage,
  InvalidInput,
  serializeImageData,
} from '../../handlers';
import { JPEG_HEADER, SMALL_PNG } from '../helpers/images';
import { PNG_SIGNATURE, jpeg, pngHeader } from './image-headers';
import { rangedObject, s3Error } from './s3-stub';
import { ETAG, IMAGE, serializeEvent } from './payloads';
import { mockedS3 } from './mocked-clients';

const { s3Mock, s3 } = mockedS3();
const MB = 1024 * 1024;
const maxImageBytes = 6 * MB;
const dependencies = { s3, maxImageBytes };
const input = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', image_data: '' };
/** The execution input as the state machine passes it to serialize. */
const serialize = (request: unknown, configuration = dependencies) => serializeImageData(serializeEvent(request), configuration);
const S3_URL = 's3://images/test/bicycle_s_000513.png';
const location = { bucket: 'images', key: 'test/bicycle_s_000513.png' };

const receivedInputs = () => s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input);
const HEADER_REQUEST = { Bucket: 'images', Key: 'test/bicycle_s_000513.png', Range: 'bytes=0-63' };

/** What the serializer returns for the test image when S3 sends no version id. */
const VALIDATED_WITHOUT_VERSION = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', s3_etag: ETAG };

/** `request` wrapped in `depth` envelopes, each inside the body of the next. */
function nested(request: object, depth: number, bodyAsText = false): unknown {
  let wrapped: unknown = request;
  for (let level = 0; level < depth; level++) wrapped = { statusCode: 200, body: bodyAsText ? JSON.stringify(wrapped) : wrapped };
  return wrapped;
}

describe('serializeImageData', () => {
  it('reads the first 64 bytes and returns the reference with the ETag and version id, and no image data', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG, versionId: 'v1' }));

    const result = await serialize(input);

    expect(result).toStrictEqual(IMAGE);
    expect(receivedInputs()).toStrictEqual([HEADER_REQUEST]);
  });

  it('leaves out s3_version_id when S3 returned none', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG }));

    const result = await serialize(input);

    expect(result).toStrictEqual(VALIDATED_WITHOUT_VERSION);
  });

  it('fails, naming the object, when S3 answers without an ETag, since nothing could pin the bytes classify reads', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG));

    await expect(serialize(input)).rejects.toStrictEqual(new Error(`S3 answered GetObject without an ETag: ${S3_URL}`));
  });

  it('accepts the input wrapped in an envelope, its body as an object or a JSON string', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG }));

    await expect(serialize({ statusCode: 200, body: input })).resolves.toStrictEqual(VALIDATED_WITHOUT_VERSION);
    await expect(serialize({ statusCode: 200, body: JSON.stringify(input) })).resolves.toStrictEqual(VALIDATED_WITHOUT_VERSION);
  });

  it.each([
    ['objects', false],
    ['JSON strings', true],
  ])('accepts the input within 8 envelopes, their bodies as %s', async (_, bodyAsText) => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG }));

    await expect(serialize(nested(input, 8, bodyAsText))).resolves.toStrictEqual(VALIDATED_WITHOUT_VERSION);
  });

  it.each([
    ['9 envelopes', () => nested(input, 9)],
    ['10,000 envelopes', () => nested(input, 10_000)],
    [
      'an envelope whose JSON string body holds 10,000 more',
      () => ({ statusCode: 200, body: `${'{"statusCode":200,"body":'.repeat(10_000)}${JSON.stringify(input)}${'}'.repeat(10_000)}` }),
    ],
  ])('throws InvalidInput naming the depth for an input within %s, without calling S3', async (_, request) => {
    const error = await serialize(request()).catch((e: unknown) => e);

    expect(error).toStrictEqual(new InvalidInput('Expected the request within at most 8 envelopes ("body" within "body"), got more'));
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it("returns S3's ETag when the upload's ETag, quoted or not, is still the key's", async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG }));

    await expect(serialize({ ...input, s3_etag: ETAG })).resolves.toStrictEqual(VALIDATED_WITHOUT_VERSION);
    // S3's events write the ETag without the quotes its headers have.
    await expect(serialize({ ...input, s3_etag: ETAG.slice(1, -1) })).resolves.toStrictEqual(VALIDATED_WITHOUT_VERSION);
    expect(receivedInputs()).toStrictEqual([HEADER_REQUEST, HEADER_REQUEST]);
  });

  it('throws ImageSuperseded, before checking the image, when the key no longer has the ETag of the upload named', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(Buffer.from('no longer an image'), 18, { etag: ETAG }));

    const error = await serialize({ ...input, s3_etag: 'b1946ac92492d2347c6235b4d2611184' }).catch((e: unknown) => e);

    expect(error).toStrictEqual(
      new ImageSuperseded({ bucket: 'images', key: 'test/bicycle_s_000513.png' }, 'b1946ac92492d2347c6235b4d2611184', ETAG),
    );
    expect(error).toMatchObject({
      name: 'ImageSuperseded',
      message:
        `${S3_URL} was replaced after this upload (event ETag "b1946ac92492d2347c6235b4d2611184", now "9b2cf535f27731c974343645a3985328"); ` +
        "the newer upload's own event classifies it",
    });
    expect(receivedInputs()).toStrictEqual([HEADER_REQUEST]);
  });

  it('reads and returns exactly the version named, whatever the key holds now', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: '"0ld"', versionId: 'v0' }));

    const result = await serialize({ ...input, s3_etag: '0ld', s3_version_id: 'v0' });

    expect(result).toStrictEqual({ ...VALIDATED_WITHOUT_VERSION, s3_etag: '"0ld"', s3_version_id: 'v0' });
    expect(receivedInputs()).toStrictEqual([{ ...HEADER_REQUEST, VersionId: 'v0' }]);
  });

  it('throws ImageNotFound naming the version when S3 no longer has it', async () => {
    s3Mock.on(GetObjectCommand).rejects(s3Error('NoSuchVersion', 404));

    await expect(serialize({ ...input, s3_version_id: 'v0' })).rejects.toMatchObject({
      name: 'ImageNotFound',
      message: `Object not found: ${S3_URL} (version v0)`,
    });
  });

  it.each([
    ['s3_etag', 42, '42'],
    ['s3_version_id', ['v1'], '["v1"]'],
  ])('throws InvalidInput when %s is given and not a string, without calling S3', async (field, value, shown) => {
    const error = await serialize({ ...input, [field]: value }).catch((e: unknown) => e);

    expect(error).toStrictEqual(new InvalidInput(`"${field}" must be a string of at most 1024 characters when given, got: ${shown}`));
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it('throws InvalidInput listing every problem, without calling S3', async () => {
    const error = await serialize({ s3_bucket: '', image_data: '' }).catch((e: unknown) => e);

    expect(error).toStrictEqual(
      new InvalidInput(
        'Invalid input: "s3_bucket" must be an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens), got: ""; "s3_key" must be a non-empty string, got: undefined',
      ),
    );
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it('throws InvalidInput for a bucket name S3 would refuse, without calling S3', async () => {
    const error = await serialize({ ...input, s3_bucket: 'My_Images' }).catch((e: unknown) => e);

    expect(error).toStrictEqual(
      new InvalidInput(
        'Invalid input: "s3_bucket" must be an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens), got: "My_Images"',
      ),
    );
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it('throws InvalidInput with a short message for a 150 KB key', async () => {
    const error = (await serialize({ ...input, s3_key: 'k'.repeat(150_000) }).catch((e: unknown) => e)) as Error;

    expect(error).toStrictEqual(
      new InvalidInput(`Invalid input: "s3_key" must be at most 1024 bytes, got 150000 bytes: "${'k'.repeat(199)}… (150002 characters)`),
    );
    expect(error.message.length).toBeLessThan(500);
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it.each([
    ['string', 'images/test.png'],
    ['null', null],
    ['array', [input]],
    ['number', 42],
  ])('throws InvalidInput when the input is a bare %s, without calling S3', async (type, request) => {
    const error = await serialize(request).catch((e: unknown) => e);

    expect(error).toStrictEqual(new InvalidInput(`Expected a JSON object as input, got: ${type}`));
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it.each([
    {
      what: 'a missing key',
      original: new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
      expected: new ImageNotFound(location),
      message: `Object not found: ${S3_URL}`,
    },
    {
      what: 'a bare 404',
      original: s3Error('NotFound', 404),
      expected: new ImageNotFound(location),
      message: `Object not found: ${S3_URL}`,
    },
    {
      what: 'a 403, saying the key may be missing',
      original: s3Error('AccessDenied', 403),
      expected: new ImageAccessDenied(location),
      message:
        `S3 denied reading ${S3_URL}: the object may not exist (S3 answers 403, not 404, when the role may not list the key), ` +
        "or the function's role, a bucket policy or a KMS key policy does not allow reading it",
    },
    {
      what: 'an empty object, which S3 answers with 416 InvalidRange',
      original: s3Error('InvalidRange', 416),
      expected: new InvalidImage(`Empty object (0 bytes): ${S3_URL}`),
      message: `Empty object (0 bytes): ${S3_URL}`,
    },
  ])('throws $expected.name with the S3 error as cause for $what', async ({ original, expected, message }) => {
    s3Mock.on(GetObjectCommand).rejects(original);

    const error = await serialize(input).catch((e: unknown) => e);

    expect(error).toStrictEqual(expected);
    expect(error).toMatchObject({ name: expected.name, message, cause: original });
  });

  it.each([
    ['SlowDown', 503],
    ['InternalError', 500],
    ['ServiceUnavailable', 503],
  ])('rethrows %s unchanged so the state machine sees its own name', async (name, status) => {
    const original = s3Error(name, status);
    s3Mock.on(GetObjectCommand).rejects(original);

    await expect(serialize(input)).rejects.toBe(original);
  });

  it.each([
    ['a minimal PNG header', pngHeader()],
    ['a complete PNG', SMALL_PNG],
    ['a JPEG header', JPEG_HEADER],
  ])('accepts %s', async (_, bytes) => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(bytes, bytes.length, { etag: ETAG }));

    await expect(serialize(input)).resolves.toStrictEqual(VALIDATED_WITHOUT_VERSION);
  });

  it.each([
    ['neither PNG nor JPEG', Buffer.from('GIF89a not supported')],
    ['only the PNG signature', PNG_SIGNATURE],
    ['only FF D8 FF', jpeg(0xff)],
    ['a PNG header with a zero width', pngHeader({ width: 0 })],
    ['a PNG header with colour type 5', pngHeader({ colourType: 5 })],
  ])('throws InvalidImage for a file that is %s', async (_, bytes) => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(bytes, bytes.length, { etag: ETAG }));

    await expect(serialize(input)).rejects.toThrow(
      new InvalidImage(`Not a PNG or JPEG image (no valid header in its first ${bytes.length} bytes): ${S3_URL}`),
    );
  });

  it('accepts a 5 MB image from its Content-Range, downloading only its first 64 bytes', async () => {
    const object = rangedObject(SMALL_PNG, 5 * MB, { etag: ETAG });
    s3Mock.on(GetObjectCommand).resolves(object);

    const result = await serialize(input);

    expect(result).toStrictEqual(VALIDATED_WITHOUT_VERSION);
    expect(receivedInputs()).toStrictEqual([HEADER_REQUEST]);
  });

  it('accepts an image of exactly the limit (6 MB)', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, 6 * MB, { etag: ETAG }));

    await expect(serialize(input)).resolves.toStrictEqual(VALIDATED_WITHOUT_VERSION);
  });

  it('throws ImageTooLarge for 6 MB + 1 byte from the Content-Range alone, having asked for 64 bytes', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, 6 * MB + 1, { etag: ETAG }));

    const error = await serialize(input).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageTooLarge);
    expect(error).toMatchObject({
      name: 'ImageTooLarge',
      message: `Image of 6291457 bytes is over the endpoint's 6291456-byte request limit: ${S3_URL}`,
      location: { bucket: 'images', key: 'test/bicycle_s_000513.png' },
    });
    expect(receivedInputs()).toStrictEqual([HEADER_REQUEST]);
  });

  it('uses the configured limit', async () => {
    s3Mock.on(GetObjectCommand).resolves(rangedObject(SMALL_PNG, 4 * MB + 1, { etag: ETAG }));

    await expect(serialize(input, { s3, maxImageBytes: 4 * MB })).rejects.toThrow(
      new ImageTooLarge({ bucket: 'images', key: 'test/bicycle_s_000513.png' }, 4 * MB + 1, 4 * MB),
    );
  });

  it('takes the size from Content-Length when S3 ignored the range and sent the whole object', async () => {
    const whole = Buffer.concat([SMALL_PNG, Buffer.alloc(1000)]);
    s3Mock.on(GetObjectCommand).resolves({
      $metadata: { httpStatusCode: 200 },
      ContentLength: whole.length,
      ETag: ETAG,
      Body: { transformToByteArray: async () => whole } as never,
    });

    await expect(serialize(input, { s3, maxImageBytes: whole.length - 1 })).rejects.toThrow(
      new ImageTooLarge({ bucket: 'images', key: 'test/bicycle_s_000513.png' }, whole.length, whole.length - 1),
    );
  });
});

describe('serializeImageData on a key from the S3 trigger', () => {
  const triggered = { s3_bucket: 'images', s3_key: 'incoming/red+flower%2B1.png', s3_sequencer: '0062E99A88DC407460' };

  it('reads the key URL-decoded when S3 does not know it as given, and passes the decoded key on', async () => {
    s3Mock
      .on(GetObjectCommand, { Key: 'incoming/red+flower%2B1.png' })
      .rejects(s3Error('NoSuchKey', 404))
      .on(GetObjectCommand, { Key: 'incoming/red flower+1.png' })
      .resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG }));

    const result = await serialize(triggered);

    expect(result).toStrictEqual({ ...VALIDATED_WITHOUT_VERSION, s3_key: 'incoming/red flower+1.png' });
  });

  it('reports the key as given when the decoded one is missing too', async () => {
    s3Mock.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404));

    await expect(serialize(triggered)).rejects.toThrow('Object not found: s3://images/incoming/red+flower%2B1.png');
  });

  it('reads the version named at the URL-decoded key too', async () => {
    s3Mock
      .on(GetObjectCommand, { Key: 'incoming/red+flower%2B1.png' })
      .rejects(s3Error('NoSuchKey', 404))
      .on(GetObjectCommand, { Key: 'incoming/red flower+1.png' })
      .resolves(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG, versionId: 'v7' }));

    const result = await serialize({ ...triggered, s3_version_id: 'v7' });

    expect(result).toStrictEqual({ ...VALIDATED_WITHOUT_VERSION, s3_key: 'incoming/red flower+1.png', s3_version_id: 'v7' });
    expect(receivedInputs().map((request) => request.VersionId)).toStrictEqual(['v7', 'v7']);
  });

  it('tries no other key for a manual start, whose key is the key itself', async () => {
    s3Mock.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404));
    const { s3_sequencer: _, ...manual } = triggered;

    await expect(serialize(manual)).rejects.toThrow(ImageNotFound);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(1);
  });
});
