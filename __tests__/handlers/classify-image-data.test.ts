import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient, SageMakerRuntimeServiceException } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ImageAccessDenied,
  ImageChanged,
  ImageNotFound,
  ImageTooLarge,
  InvalidEndpointResponse,
  InvalidImage,
  classifyImageData,
} from '../../handlers';
import { JPEG_HEADER, SMALL_PNG } from '../helpers/images';
import { PNG_SIGNATURE, jpeg } from './image-headers';
import { ETAG, IMAGE, classifyEvent } from './payloads';
import { s3Error, wholeObject } from './s3-stub';

const s3Mock = mockClient(S3Client);
const sagemakerMock = mockClient(SageMakerRuntimeClient);
const s3 = new S3Client({ region: 'us-east-1' });
const sagemaker = new SageMakerRuntimeClient({ region: 'us-east-1' });
const endpointName = 'image-classification-2026';
const dependencies = { s3, sagemaker, endpointName, maxImageBytes: 6 * 1024 * 1024, maxScores: 10_000 };
const S3_URL = 's3://images/test/bicycle_s_000513.png';
const location = { bucket: 'images', key: 'test/bicycle_s_000513.png' };

/** Classify's event: the reference serialize returned, no image bytes; in a versioned bucket, then in one without versioning. */
const event = classifyEvent();
const { s3_version_id: _, ...unversioned } = IMAGE;
const unversionedEvent = classifyEvent(unversioned);
const version = { ...location, versionId: 'v1' };

function storeImage(bytes: Uint8Array): void {
  s3Mock.on(GetObjectCommand).resolves(wholeObject(bytes, { etag: ETAG, versionId: 'v1' }));
}

function respondWith(text: string): void {
  sagemakerMock.on(InvokeEndpointCommand).resolves({ $metadata: {}, Body: new TextEncoder().encode(text) as never });
}

afterEach(() => {
  s3Mock.reset();
  sagemakerMock.reset();
});

describe('classifyImageData', () => {
  it('reads the validated version from S3 by its version id, sends its bytes to the endpoint and returns the scores', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.0013, 0.9987]');

    const result = await classifyImageData(event, dependencies);

    expect(result).toStrictEqual({ inferences: [0.0013, 0.9987] });
    expect(s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toStrictEqual([
      { Bucket: 'images', Key: 'test/bicycle_s_000513.png', VersionId: 'v1' },
    ]);
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 1);
    expect(sagemakerMock).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: endpointName,
      ContentType: 'image/png',
      Accept: 'application/json',
      Body: SMALL_PNG,
    });
  });

  it('reads the image for a reference without a version id by If-Match on its ETag', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.2, 0.8]');

    const result = await classifyImageData(unversionedEvent, dependencies);

    expect(result).toStrictEqual({ inferences: [0.2, 0.8] });
    expect(s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toStrictEqual([
      { Bucket: 'images', Key: 'test/bicycle_s_000513.png', IfMatch: ETAG },
    ]);
  });

  it('sends JPEG bytes as image/jpeg', async () => {
    storeImage(JPEG_HEADER);
    respondWith('[0.5, 0.5]');

    await classifyImageData(event, dependencies);

    expect(sagemakerMock).toHaveReceivedCommandWith(InvokeEndpointCommand, { ContentType: 'image/jpeg', Body: JPEG_HEADER });
  });

  it('trusts the reference serialize checked: a bucket name S3 would refuse goes to S3 as it is', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.2, 0.8]');

    const result = await classifyImageData(classifyEvent({ ...IMAGE, s3_bucket: 'Not_A_Bucket', s3_key: '' }), dependencies);

    expect(result).toStrictEqual({ inferences: [0.2, 0.8] });
    expect(s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toStrictEqual([
      { Bucket: 'Not_A_Bucket', Key: '', VersionId: 'v1' },
    ]);
  });

  it.each([
    ['neither PNG nor JPEG', Buffer.from('hello')],
    ['only the PNG signature', PNG_SIGNATURE],
    ['only FF D8 FF', jpeg(0xff)],
  ])('throws InvalidImage for an object that is %s, without calling the endpoint', async (_, bytes) => {
    storeImage(bytes);

    await expect(classifyImageData(event, dependencies)).rejects.toThrow(
      new InvalidImage(`Not a PNG or JPEG image (no valid header in its first ${bytes.length} bytes): ${S3_URL}`),
    );
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 0);
  });

  it('throws ImageTooLarge from Content-Length before reading the body or calling the endpoint', async () => {
    const object = wholeObject(SMALL_PNG, { contentLength: 6 * 1024 * 1024 + 1 });
    s3Mock.on(GetObjectCommand).resolves(object);

    const error = await classifyImageData(event, dependencies).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageTooLarge);
    expect(error).toMatchObject({ message: `Image of 6291457 bytes is over the endpoint's 6291456-byte request limit: ${S3_URL}` });
    expect((object.Body as unknown as { transformToByteArray: jest.Mock }).transformToByteArray).not.toHaveBeenCalled();
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 0);
  });

  it('throws ImageTooLarge from the bytes read when the size was not announced', async () => {
    s3Mock.on(GetObjectCommand).resolves(wholeObject(SMALL_PNG, { contentLength: undefined }));

    await expect(classifyImageData(event, { ...dependencies, maxImageBytes: 50 })).rejects.toThrow(
      new ImageTooLarge(location, SMALL_PNG.length, 50),
    );
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 0);
  });

  it('throws ImageChanged when the object was replaced since it was validated (412)', async () => {
    const preconditionFailed = s3Error('PreconditionFailed', 412);
    s3Mock.on(GetObjectCommand).rejects(preconditionFailed);

    const error = await classifyImageData(unversionedEvent, dependencies).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageChanged);
    expect(error).toMatchObject({
      name: 'ImageChanged',
      message: `Object changed since it was validated (ETag ${ETAG} no longer matches): ${S3_URL}`,
      cause: preconditionFailed,
    });
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 0);
  });

  it('throws ImageAccessDenied on 403', async () => {
    const accessDenied = s3Error('AccessDenied', 403);
    s3Mock.on(GetObjectCommand).rejects(accessDenied);

    const error = await classifyImageData(event, dependencies).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageAccessDenied(version));
    expect(error).toMatchObject({ cause: accessDenied });
  });

  it('throws ImageNotFound when the object was deleted since it was validated', async () => {
    const noSuchKey = new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    s3Mock.on(GetObjectCommand).rejects(noSuchKey);

    const error = await classifyImageData(unversionedEvent, dependencies).catch((e: unknown) => e);

    expect(error).toStrictEqual(new ImageNotFound(location));
    expect(error).toMatchObject({ message: `Object not found: ${S3_URL}`, cause: noSuchKey });
  });

  it('throws ImageNotFound naming the version when that version is gone', async () => {
    s3Mock.on(GetObjectCommand).rejects(s3Error('NoSuchVersion', 404));

    await expect(classifyImageData(event, dependencies)).rejects.toMatchObject({
      name: 'ImageNotFound',
      message: `Object not found: ${S3_URL} (version v1)`,
    });
  });

  it('rethrows S3 SlowDown unchanged', async () => {
    const slowDown = s3Error('SlowDown', 503);
    s3Mock.on(GetObjectCommand).rejects(slowDown);

    await expect(classifyImageData(event, dependencies)).rejects.toBe(slowDown);
  });

  const NO_SHAPE = 'matches none of the shapes tried (seed, huggingface, jumpstart, torchserve, tensorflow)';

  it.each([
    ['not JSON', 'oops', 'not JSON (Content-Type not given): "oops"'],
    ['nothing', '', 'empty body (Content-Type not given)'],
    [
      'a flat TensorFlow Serving list',
      '{"predictions":[0.1]}',
      `tensorflow answer: "predictions" is a flat list, one score per instance in TensorFlow Serving's row format, but one image was sent: expected [[score, ...]], got: [0.1]`,
    ],
    ['an empty array', '[]', 'seed answer holds no scores'],
    ['a score above 1', '[0.2, 1.5]', 'seed answer: [1] is 1.5, outside [0, 1]'],
    ['a string score', '["0.9"]', `${NO_SHAPE}: ["0.9"]`],
    ['a JSON string of an array', '"[0.1, 0.9]"', `${NO_SHAPE}: "[0.1, 0.9]"`],
  ])('throws InvalidEndpointResponse naming the endpoint and the image when the endpoint returns %s', async (_, body, detail) => {
    storeImage(SMALL_PNG);
    respondWith(body);

    const error = await classifyImageData(event, dependencies).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEndpointResponse);
    expect(error).toMatchObject({
      name: 'InvalidEndpointResponse',
      message: `Endpoint image-classification-2026 returned an invalid response for ${S3_URL}: ${detail}`,
      endpoint: endpointName,
    });
  });

  it('echoes at most 200 characters of a large invalid response', async () => {
    storeImage(SMALL_PNG);
    respondWith('<html>'.repeat(20_000));

    const error = (await classifyImageData(event, dependencies).catch((e: unknown) => e)) as Error;

    expect(error).toStrictEqual(
      new InvalidEndpointResponse(
        endpointName,
        location,
        `not JSON (Content-Type not given): "${'<html>'.repeat(34).slice(0, 199)}… (120002 characters)`,
      ),
    );
    expect(error.message.length).toBeLessThan(500);
  });

  it.each([
    ['Hugging Face', '[{"label": "bicycle", "score": 0.9987}, {"label": "cat", "score": 0.0013}]', [0.9987, 0.0013]],
    [
      'JumpStart verbose',
      '{"probabilities": [0.0013, 0.9987], "labels": ["cat", "bicycle"], "predicted_label": "bicycle"}',
      [0.0013, 0.9987],
    ],
    ['TorchServe', '{"bicycle": 0.9987, "cat": 0.0013}', [0.9987, 0.0013]],
    ['TensorFlow Serving', '{"predictions": [[0.0013, 0.9987]]}', [0.0013, 0.9987]],
  ])('returns the scores of a %s answer, its labels left for a later step', async (_, body, scores) => {
    storeImage(SMALL_PNG);
    respondWith(body);

    await expect(classifyImageData(event, dependencies)).resolves.toStrictEqual({ inferences: scores });
  });

  it('accepts exactly maxScores scores', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.25, 0.25, 0.5]');

    const result = await classifyImageData(event, { ...dependencies, maxScores: 3 });

    expect(result).toStrictEqual({ inferences: [0.25, 0.25, 0.5] });
  });

  it('throws InvalidEndpointResponse for more than maxScores scores', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.1, 0.2, 0.3, 0.4]');

    await expect(classifyImageData(event, { ...dependencies, maxScores: 3 })).rejects.toThrow(
      new InvalidEndpointResponse(endpointName, location, '4 scores, more than the 3 allowed (MAX_SCORES)'),
    );
    await expect(classifyImageData(event, { ...dependencies, maxScores: 3 })).rejects.toMatchObject({
      message: `Endpoint image-classification-2026 returned an invalid response for ${S3_URL}: 4 scores, more than the 3 allowed (MAX_SCORES)`,
    });
  });

  it.each(['ThrottlingException', 'ServiceUnavailable', 'ModelError', 'ModelNotReadyException'])(
    'rethrows %s from the endpoint unchanged',
    async (name) => {
      storeImage(SMALL_PNG);
      const original = new SageMakerRuntimeServiceException({ name, $fault: 'server', $metadata: { httpStatusCode: 503 }, message: name });
      sagemakerMock.on(InvokeEndpointCommand).rejects(original);

      await expect(classifyImageData(event, dependencies)).rejects.toBe(original);
    },
  );
});
