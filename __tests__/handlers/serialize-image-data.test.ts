import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { ImageNotFound, ImageTooLarge, InvalidImage, InvalidInput, MAX_ENVELOPE_BYTES, serializeImageData } from '../../handlers';
import { SMALL_PNG, makeNoisyPng } from '../helpers/images';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const input = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', image_data: '' };

function objectOutput(bytes: Uint8Array, contentLength: number | undefined = bytes.length): GetObjectCommandOutput {
  const body = { transformToByteArray: async () => bytes };
  return { $metadata: {}, ContentLength: contentLength, Body: body as GetObjectCommandOutput['Body'] };
}

function s3Error(name: string, httpStatusCode: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode }, message: name });
}

afterEach(() => s3Mock.reset());

describe('serializeImageData', () => {
  it('reads the object and returns the envelope with the image as base64', async () => {
    s3Mock.on(GetObjectCommand).resolves(objectOutput(SMALL_PNG));

    const result = await serializeImageData(input, { s3 });

    expect(result).toStrictEqual({
      statusCode: 200,
      body: { image_data: SMALL_PNG.toString('base64'), s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', inferences: [] },
    });
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'images', Key: 'test/bicycle_s_000513.png' });
  });

  it('accepts the input wrapped in an envelope', async () => {
    s3Mock.on(GetObjectCommand).resolves(objectOutput(SMALL_PNG));

    const result = await serializeImageData({ statusCode: 200, body: input }, { s3 });

    expect(result.body.s3_key).toBe('test/bicycle_s_000513.png');
  });

  it('throws InvalidInput listing every missing field, without calling S3', async () => {
    const error = await serializeImageData({ s3_bucket: '', image_data: '' }, { s3 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as Error).message).toBe(
      'Invalid input: "s3_bucket" must be a non-empty string, got: ""; "s3_key" must be a non-empty string, got: undefined',
    );
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it('throws InvalidInput when the input is not an object', async () => {
    await expect(serializeImageData('images/test.png', { s3 })).rejects.toThrow(
      new InvalidInput('Expected a JSON object as input, got: string'),
    );
  });

  it('throws ImageNotFound with the S3 error as cause when the key is missing', async () => {
    const noSuchKey = new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    s3Mock.on(GetObjectCommand).rejects(noSuchKey);

    const error = await serializeImageData(input, { s3 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageNotFound);
    expect(error).toMatchObject({
      name: 'ImageNotFound',
      message: 'Object not found: s3://images/test/bicycle_s_000513.png',
      location: { bucket: 'images', key: 'test/bicycle_s_000513.png' },
      cause: noSuchKey,
    });
  });

  it('throws ImageNotFound on a bare 404', async () => {
    s3Mock.on(GetObjectCommand).rejects(s3Error('NotFound', 404));

    await expect(serializeImageData(input, { s3 })).rejects.toThrow(ImageNotFound);
  });

  it.each([
    ['SlowDown', 503],
    ['InternalError', 500],
    ['AccessDenied', 403],
  ])('rethrows %s unchanged so the state machine sees its own name', async (name, status) => {
    const original = s3Error(name, status);
    s3Mock.on(GetObjectCommand).rejects(original);

    await expect(serializeImageData(input, { s3 })).rejects.toBe(original);
  });

  it('throws InvalidImage when the object is neither PNG nor JPEG', async () => {
    s3Mock.on(GetObjectCommand).resolves(objectOutput(Buffer.from('GIF89a not supported')));

    await expect(serializeImageData(input, { s3 })).rejects.toThrow(
      new InvalidImage('Not a PNG or JPEG image (20 bytes): s3://images/test/bicycle_s_000513.png'),
    );
  });

  it('throws ImageTooLarge from the object size before reading the body', async () => {
    const transformToByteArray = jest.fn();
    s3Mock.on(GetObjectCommand).resolves({ $metadata: {}, ContentLength: 5_000_000, Body: { transformToByteArray } as never });

    const error = await serializeImageData(input, { s3 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageTooLarge);
    expect((error as Error).message).toMatch(
      /^Image of 5000000 bytes needs a \d+-byte state payload, over the 253952-byte limit \(Step Functions quota 262144 bytes\): s3:\/\/images\/test\/bicycle_s_000513\.png$/,
    );
    expect(transformToByteArray).not.toHaveBeenCalled();
  });

  it('throws ImageTooLarge from the bytes read when the size was not announced', async () => {
    s3Mock.on(GetObjectCommand).resolves(objectOutput(makeNoisyPng(200_000), undefined));

    await expect(serializeImageData(input, { s3 })).rejects.toThrow(ImageTooLarge);
  });

  it('returns an envelope just under the limit for the largest image that fits', async () => {
    const overhead = JSON.stringify({ statusCode: 200, body: { ...input, inferences: [] } }).length;
    const largest = Math.floor((MAX_ENVELOPE_BYTES - overhead) / 4) * 3;
    const image = Buffer.concat([SMALL_PNG, Buffer.alloc(largest - SMALL_PNG.length)]);
    s3Mock.on(GetObjectCommand).resolves(objectOutput(image));

    const result = await serializeImageData(input, { s3 });

    const size = Buffer.byteLength(JSON.stringify(result));
    expect(size).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
    expect(size).toBeGreaterThan(MAX_ENVELOPE_BYTES - 4);
  });
});
