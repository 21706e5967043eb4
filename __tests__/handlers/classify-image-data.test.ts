import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeServiceException } from '@aws-sdk/client-sagemaker-runtime';
import {
  ImageAccessDenied,
  ImageChanged,
  ImageNotFound,
  ImageTooLarge,
  InvalidConfiguration,
  InvalidEndpointResponse,
  InvalidImage,
  classifyImageData,
} from '../../handlers';
import { JPEG_HEADER, SMALL_PNG } from '../helpers/images';
import { PNG_SIGNATURE, jpeg } from './image-headers';
import { ETAG, IMAGE, classifyEvent } from './payloads';
import { s3Error, wholeObject } from './s3-stub';
import { mockedS3, mockedSageMaker } from './mocked-clients';

const { s3Mock, s3 } = mockedS3();
const { sagemakerMock, sagemaker } = mockedSageMaker();
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

describe('classifyImageData', () => {
  it.each([
    ['its version id', event, { VersionId: 'v1' }],
    ['If-Match on its ETag when the reference has no version id', unversionedEvent, { IfMatch: ETAG }],
  ])('reads the validated image from S3 by %s, sends its bytes to the endpoint and returns the scores', async (_, imageEvent, read) => {
    storeImage(SMALL_PNG);
    respondWith('[0.0013, 0.9987]');

    const result = await classifyImageData(imageEvent, dependencies);

    expect(result).toStrictEqual({ inferences: [0.0013, 0.9987], label: 'class 1', score: 0.9987 });
    expect(s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toStrictEqual([
      { Bucket: 'images', Key: 'test/bicycle_s_000513.png', ...read },
    ]);
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 1);
    expect(sagemakerMock).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: endpointName,
      ContentType: 'image/png',
      Accept: 'application/json',
      Body: SMALL_PNG,
    });
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

    expect(result).toStrictEqual({ inferences: [0.2, 0.8], label: 'class 1', score: 0.8 });
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
    ['Hugging Face', '[{"label": "bicycle", "score": 0.9987}, {"label": "cat", "score": 0.0013}]', [0.9987, 0.0013], 'bicycle'],
    [
      'JumpStart verbose',
      '{"probabilities": [0.0013, 0.9987], "labels": ["cat", "bicycle"], "predicted_label": "bicycle"}',
      [0.0013, 0.9987],
      'bicycle',
    ],
    ['TorchServe', '{"bicycle": 0.9987, "cat": 0.0013}', [0.9987, 0.0013], 'bicycle'],
    ['TensorFlow Serving', '{"predictions": [[0.0013, 0.9987]]}', [0.0013, 0.9987], 'class 1'],
  ])('returns the scores of a %s answer and its top class, by its own label where it names one', async (_, body, scores, label) => {
    storeImage(SMALL_PNG);
    respondWith(body);

    await expect(classifyImageData(event, dependencies)).resolves.toStrictEqual({ inferences: scores, label, score: 0.9987 });
  });

  it('accepts exactly maxScores scores', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.25, 0.25, 0.5]');

    const result = await classifyImageData(event, { ...dependencies, maxScores: 3 });

    expect(result).toStrictEqual({ inferences: [0.25, 0.25, 0.5], label: 'class 2', score: 0.5 });
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

describe('classifyImageData with a model configured', () => {
  const invokeInputs = () => sagemakerMock.commandCalls(InvokeEndpointCommand).map((call) => call.args[0].input);

  it.each([
    ['seed', '[0.0013, 0.9987]', 'class 1', 0.9987],
    ['huggingface', '[{"label": "tabby, tabby cat", "score": 0.94}, {"label": "tiger cat", "score": 0.05}]', 'tabby, tabby cat', 0.94],
    ['jumpstart', '{"probabilities": [0.2, 0.8], "labels": ["cat", "dog"], "predicted_label": "dog"}', 'dog', 0.8],
    ['torchserve', '{"tabby": 0.41, "tiger_cat": 0.35}', 'tabby', 0.41],
    ['tensorflow', '{"predictions": [[0.02, 0.98]]}', 'class 1', 0.98],
  ] as const)('reads a %s answer with the format pinned to it, and names the top class', async (format, body, label, score) => {
    storeImage(SMALL_PNG);
    respondWith(body);

    const result = await classifyImageData(event, { ...dependencies, responseFormat: format });

    expect(result).toMatchObject({ label, score });
  });

  it('refuses an answer of another shape than the pinned one with InvalidEndpointResponse', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.2, 0.8]');

    await expect(classifyImageData(event, { ...dependencies, responseFormat: 'huggingface' })).rejects.toThrow(
      new InvalidEndpointResponse(
        endpointName,
        location,
        'expected the huggingface shape, [{"label": "...", "score": score}, ...], got: [0.2,0.8]',
      ),
    );
  });

  it('names index-based scores from class_labels, asking the labels reader once per invocation', async () => {
    storeImage(SMALL_PNG);
    respondWith('{"predictions": [[0.1, 0.7, 0.2]]}');
    const classLabels = jest.fn(() => Promise.resolve(['airplane', 'bicycle', 'cat'] as const));

    const first = await classifyImageData(event, { ...dependencies, classLabels });

    expect(first).toStrictEqual({ inferences: [0.1, 0.7, 0.2], label: 'bicycle', score: 0.7 });
    expect(classLabels).toHaveBeenCalledTimes(1);
  });

  it("keeps the model's own labels over class_labels", async () => {
    storeImage(SMALL_PNG);
    respondWith('{"probabilities": [0.2, 0.8], "labels": ["cat", "dog"]}');

    const result = await classifyImageData(event, { ...dependencies, classLabels: () => Promise.resolve(['first', 'second']) });

    expect(result).toStrictEqual({ inferences: [0.2, 0.8], label: 'dog', score: 0.8 });
  });

  it('throws InvalidEndpointResponse naming both counts when class_labels and the scores differ', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.2, 0.3, 0.5]');

    await expect(classifyImageData(event, { ...dependencies, classLabels: () => Promise.resolve(['cat', 'dog']) })).rejects.toThrow(
      new InvalidEndpointResponse(
        endpointName,
        location,
        '3 scores but 2 class labels (class_labels): a seed answer is named by index, so the counts must match',
      ),
    );
  });

  it('fails with the labels reader error before calling the endpoint', async () => {
    storeImage(SMALL_PNG);
    const failure = new InvalidConfiguration('class_labels object not found: s3://images/labels.json');

    await expect(classifyImageData(event, { ...dependencies, classLabels: () => Promise.reject(failure) })).rejects.toBe(failure);
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 0);
  });

  it('names 10,000 scores from 10,000 labels', async () => {
    storeImage(SMALL_PNG);
    const scores = Array.from({ length: 10_000 }, (_, index) => (index === 7_321 ? 0.5 : 0.00005));
    const labels = Array.from({ length: 10_000 }, (_, index) => `class number ${index}`);
    respondWith(JSON.stringify(scores));

    const result = await classifyImageData(event, { ...dependencies, classLabels: () => Promise.resolve(labels) });

    expect(result.label).toBe('class number 7321');
    expect(result.score).toBe(0.5);
    expect(result.inferences).toHaveLength(10_000);
  });

  it('sends the fixed ContentType and Accept, and each target only when set', async () => {
    storeImage(SMALL_PNG);
    respondWith('{"probabilities": [0.2, 0.8], "labels": ["cat", "dog"]}');

    await classifyImageData(event, {
      ...dependencies,
      contentType: 'application/x-image',
      accept: 'application/json;verbose',
      target: { targetModel: 'resnet-50.tar.gz', inferenceComponentName: 'resnet-component' },
    });

    expect(invokeInputs()).toStrictEqual([
      {
        EndpointName: endpointName,
        ContentType: 'application/x-image',
        Accept: 'application/json;verbose',
        Body: SMALL_PNG,
        TargetModel: 'resnet-50.tar.gz',
        InferenceComponentName: 'resnet-component',
      },
    ]);
  });

  it('passes TargetVariant when set and no target field otherwise', async () => {
    storeImage(SMALL_PNG);
    respondWith('[0.2, 0.8]');

    await classifyImageData(event, { ...dependencies, target: { targetVariant: 'variant-b' } });
    await classifyImageData(event, { ...dependencies, target: {} });

    expect(invokeInputs()).toStrictEqual([
      { EndpointName: endpointName, ContentType: 'image/png', Accept: 'application/json', Body: SMALL_PNG, TargetVariant: 'variant-b' },
      { EndpointName: endpointName, ContentType: 'image/png', Accept: 'application/json', Body: SMALL_PNG },
    ]);
  });
});
