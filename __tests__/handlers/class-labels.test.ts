import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { classLabelsReader, parseClassLabels } from '../../handlers/class-labels';
import { InvalidConfiguration } from '../../handlers/errors';
import { s3Error, streamBody, wholeObject } from './s3-stub';
import { mockedS3 } from './mocked-clients';

const { s3Mock, s3 } = mockedS3();
const location = { bucket: 'deployment-config', key: 'image-classification/class-labels/3f1c9a.json' };
const S3_URL = 's3://deployment-config/image-classification/class-labels/3f1c9a.json';

const encode = (text: string) => new TextEncoder().encode(text);
const storeLabels = (text: string) => s3Mock.on(GetObjectCommand).resolves(wholeObject(encode(text)));
const invalid = (detail: string) => new InvalidConfiguration(`Invalid class_labels object ${S3_URL}: ${detail}`);

describe('classLabelsReader', () => {
  it('reads the labels object and returns its names in order', async () => {
    storeLabels('["automobile", "bicycle"]');

    const labels = await classLabelsReader(s3, location)();

    expect(labels).toStrictEqual(['automobile', 'bicycle']);
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'deployment-config', Key: location.key });
  });

  it('reads S3 once for every later call, and once for calls made while the first read is under way', async () => {
    storeLabels('["automobile", "bicycle"]');
    const readLabels = classLabelsReader(s3, location);

    const concurrent = await Promise.all([readLabels(), readLabels()]);
    const later = await readLabels();

    expect(concurrent).toStrictEqual([
      ['automobile', 'bicycle'],
      ['automobile', 'bicycle'],
    ]);
    expect(later).toBe(concurrent[0]);
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 1);
  });

  it('rethrows a transient S3 error unchanged and reads again on the next call', async () => {
    const slowDown = s3Error('SlowDown', 503);
    s3Mock
      .on(GetObjectCommand)
      .rejectsOnce(slowDown)
      .resolves(wholeObject(encode('["automobile", "bicycle"]')));
    const readLabels = classLabelsReader(s3, location);

    await expect(readLabels()).rejects.toBe(slowDown);
    await expect(readLabels()).resolves.toStrictEqual(['automobile', 'bicycle']);
    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 2);
  });

  it('throws InvalidConfiguration when the object does not exist', async () => {
    const noSuchKey = new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    s3Mock.on(GetObjectCommand).rejects(noSuchKey);

    const error = await classLabelsReader(s3, location)().catch((e: unknown) => e);

    expect(error).toStrictEqual(new InvalidConfiguration(`class_labels object not found: ${S3_URL}`));
    expect(error).toMatchObject({ name: 'InvalidConfiguration', cause: noSuchKey });
  });

  it.each([
    ['AccessDenied', s3Error('AccessDenied', 403)],
    ['Forbidden (a 403 without a body)', s3Error('Forbidden', 403)],
  ])('throws InvalidConfiguration naming the permissions when S3 answers %s', async (_, denied) => {
    s3Mock.on(GetObjectCommand).rejects(denied);

    const error = await classLabelsReader(s3, location)().catch((e: unknown) => e);

    expect(error).toStrictEqual(
      new InvalidConfiguration(
        `S3 denied reading the class_labels object ${S3_URL}: the function's role needs s3:GetObject on it ` +
          '(and kms:Decrypt when a KMS key encrypts it); without s3:ListBucket S3 also answers 403 for a missing key',
      ),
    );
    expect(error).toMatchObject({ cause: denied });
  });

  it('rethrows other 403 errors unchanged', async () => {
    const skewed = s3Error('RequestTimeTooSkewed', 403);
    s3Mock.on(GetObjectCommand).rejects(skewed);

    await expect(classLabelsReader(s3, location)()).rejects.toBe(skewed);
  });

  it('refuses an object announced over 8 MiB without reading its body', async () => {
    const body = streamBody(encode('[]'));
    s3Mock.on(GetObjectCommand).resolves({ $metadata: {}, ContentLength: 8 * 1024 * 1024 + 1, Body: body as never });

    const error = await classLabelsReader(s3, location)().catch((e: unknown) => e);

    expect(error).toStrictEqual(new InvalidConfiguration(`class_labels object of 8388609 bytes is over the 8388608-byte limit: ${S3_URL}`));
    expect(body.transformToByteArray).not.toHaveBeenCalled();
    expect(body.destroy).toHaveBeenCalledTimes(1);
  });

  it('refuses an object over 8 MiB whose size was not announced', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(new Uint8Array(8 * 1024 * 1024 + 1), { contentLength: undefined }));

    const error = await classLabelsReader(s3, location)().catch((e: unknown) => e);

    expect(error).toStrictEqual(new InvalidConfiguration(`class_labels object of 8388609 bytes is over the 8388608-byte limit: ${S3_URL}`));
  });

  it('refuses an object without a body as not JSON', async () => {
    s3Mock.on(GetObjectCommand).resolves({ $metadata: {} });

    const error = await classLabelsReader(s3, location)().catch((e: unknown) => e);

    expect(error).toStrictEqual(invalid('not JSON: ""'));
  });
});

describe('parseClassLabels', () => {
  it('accepts 10,000 names of up to 256 characters', () => {
    const names = Array.from({ length: 10_000 }, (_, index) => `${index}`.padStart(256, 'n'));

    expect(parseClassLabels(encode(JSON.stringify(names)), location)).toStrictEqual(names);
  });

  it("accepts a name twice, as ImageNet's two cranes (the bird and the machine)", () => {
    expect(parseClassLabels(encode('["crane", "maillot", "crane"]'), location)).toStrictEqual(['crane', 'maillot', 'crane']);
  });

  it('accepts names in any script and a byte-order mark', () => {
    expect(parseClassLabels(encode('\uFEFF["自転車", "vélo", "🚲"]'), location)).toStrictEqual(['自転車', 'vélo', '🚲']);
  });

  it.each([
    ['bytes that are not UTF-8', new Uint8Array([0x5b, 0xff, 0x5d]), 'not UTF-8 text'],
    ['text that is not JSON', encode('automobile,bicycle'), 'not JSON: "automobile,bicycle"'],
    ['an object', encode('{"0": "automobile"}'), 'expected a JSON array of names, got: {"0":"automobile"}'],
    ['an empty array', encode('[]'), 'holds no names'],
    ['a name that is not a string', encode('["automobile", 1]'), '[1] is 1, not a string'],
    ['an empty name', encode('["automobile", ""]'), '[1] is empty'],
    ['a name over 256 characters', encode(JSON.stringify(['automobile', 'b'.repeat(257)])), '[1] is 257 characters long, more than 256'],
  ])('refuses %s with InvalidConfiguration', (_, bytes, detail) => {
    const error = (() => {
      try {
        return parseClassLabels(bytes, location);
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(InvalidConfiguration);
    expect(error).toStrictEqual(invalid(detail));
  });

  it('refuses 10,001 names', () => {
    const names = Array.from({ length: 10_001 }, (_, index) => `class_${index}`);

    expect(() => parseClassLabels(encode(JSON.stringify(names)), location)).toThrow(
      invalid('holds 10001 names, more than the 10000 allowed'),
    );
  });

  it('lists every kind of problem at once, naming the first five bad entries and counting the rest', () => {
    const names = [...Array.from({ length: 10_000 }, (_, index) => `class_${index}`), 1, '', null, 'class_0', 'b'.repeat(257), 2, 3, true];

    expect(() => parseClassLabels(encode(JSON.stringify(names)), location)).toThrow(
      invalid(
        'holds 10008 names, more than the 10000 allowed; [10000] is 1, not a string; [10001] is empty; [10002] is null, not a string; ' +
          '[10004] is 257 characters long, more than 256; [10005] is 2, not a string; and 2 more bad entries',
      ),
    );
  });
});
