import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { InvalidEndpointResponse, InvalidImage, InvalidInput, classifyImageData } from '../../handlers';
import { JPEG_HEADER, SMALL_PNG } from '../helpers/images';

const sagemakerMock = mockClient(SageMakerRuntimeClient);
const sagemaker = new SageMakerRuntimeClient({ region: 'us-east-1' });
const endpointName = 'image-classification-2026';

function envelope(image: Buffer, extra: Record<string, unknown> = {}) {
  return {
    statusCode: 200,
    body: { image_data: image.toString('base64'), s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', inferences: [], ...extra },
  };
}

function respondWith(text: string): void {
  sagemakerMock.on(InvokeEndpointCommand).resolves({ $metadata: {}, Body: new TextEncoder().encode(text) as never });
}

afterEach(() => sagemakerMock.reset());

describe('classifyImageData', () => {
  it('sends the PNG bytes to the endpoint and returns the envelope with the inferences', async () => {
    respondWith('[0.0013, 0.9987]');

    const result = await classifyImageData(envelope(SMALL_PNG), { sagemaker, endpointName });

    expect(result).toStrictEqual(envelope(SMALL_PNG, { inferences: [0.0013, 0.9987] }));
    expect(sagemakerMock).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: endpointName,
      ContentType: 'image/png',
      Accept: 'application/json',
      Body: SMALL_PNG,
    });
  });

  it('sends JPEG bytes as image/jpeg', async () => {
    respondWith('[0.5, 0.5]');

    await classifyImageData(envelope(JPEG_HEADER).body, { sagemaker, endpointName });

    expect(sagemakerMock).toHaveReceivedCommandWith(InvokeEndpointCommand, { ContentType: 'image/jpeg', Body: JPEG_HEADER });
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not*base64!'],
    ['missing padding', 'abc'],
  ])('throws InvalidInput when image_data is %s', async (_, imageData) => {
    const input = { s3_bucket: 'images', s3_key: 'a.png', image_data: imageData };

    const error = await classifyImageData(input, { sagemaker, endpointName }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidInput);
    expect(sagemakerMock).toHaveReceivedCommandTimes(InvokeEndpointCommand, 0);
  });

  it('throws InvalidImage for bytes that are neither PNG nor JPEG', async () => {
    await expect(classifyImageData(envelope(Buffer.from('hello')), { sagemaker, endpointName })).rejects.toThrow(
      new InvalidImage('Not a PNG or JPEG image (5 bytes): s3://images/test/bicycle_s_000513.png'),
    );
  });

  it.each([
    ['not JSON', 'oops', 'Endpoint image-classification-2026 returned an invalid response: not JSON: "oops"'],
    ['an object', '{"predictions":[0.1]}', 'Endpoint image-classification-2026 returned an invalid response: expected a non-empty array of numbers in [0, 1], got: {"predictions":[0.1]}'],
    ['an empty array', '[]', 'Endpoint image-classification-2026 returned an invalid response: expected a non-empty array of numbers in [0, 1], got: []'],
    ['a score above 1', '[0.2, 1.5]', 'Endpoint image-classification-2026 returned an invalid response: expected a non-empty array of numbers in [0, 1], got: [0.2, 1.5]'],
    ['a string score', '["0.9"]', 'Endpoint image-classification-2026 returned an invalid response: expected a non-empty array of numbers in [0, 1], got: ["0.9"]'],
    ['a JSON string of an array', '"[0.1, 0.9]"', 'Endpoint image-classification-2026 returned an invalid response: expected a non-empty array of numbers in [0, 1], got: "[0.1, 0.9]"'],
  ])('throws InvalidEndpointResponse when the endpoint returns %s', async (_, body, message) => {
    respondWith(body);

    const error = await classifyImageData(envelope(SMALL_PNG), { sagemaker, endpointName }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEndpointResponse);
    expect(error).toMatchObject({ name: 'InvalidEndpointResponse', message, endpoint: endpointName });
  });

  it.each(['ThrottlingException', 'ServiceUnavailable', 'ModelError'])('rethrows %s unchanged', async (name) => {
    const original = new SageMakerRuntimeServiceException({ name, $fault: 'server', $metadata: { httpStatusCode: 503 }, message: name });
    sagemakerMock.on(InvokeEndpointCommand).rejects(original);

    await expect(classifyImageData(envelope(SMALL_PNG), { sagemaker, endpointName })).rejects.toBe(original);
  });
});
