import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { classifyImageData, filterInferenceData, isWorkflowError, serializeImageData } from '../../handlers';
import { SMALL_PNG } from '../helpers/images';

const s3Mock = mockClient(S3Client);
const sagemakerMock = mockClient(SageMakerRuntimeClient);
const s3 = new S3Client({ region: 'us-east-1' });
const sagemaker = new SageMakerRuntimeClient({ region: 'us-east-1' });

beforeEach(() => {
  s3Mock.on(GetObjectCommand).resolves({ $metadata: {}, ContentLength: SMALL_PNG.length, Body: { transformToByteArray: async () => SMALL_PNG } as never });
  sagemakerMock.on(InvokeEndpointCommand).resolves({ $metadata: {}, Body: new TextEncoder().encode('[0.05, 0.95]') as never });
});
afterEach(() => {
  s3Mock.reset();
  sagemakerMock.reset();
});

/** Arbitrary JSON, plus bodies shaped like the contract with arbitrary field values, bare or in an envelope. */
const nearlyValidBody = fc.record(
  {
    s3_bucket: fc.oneof(fc.constantFrom('images', ''), fc.jsonValue()),
    s3_key: fc.oneof(fc.constantFrom('test/a.png'), fc.string(), fc.jsonValue()),
    image_data: fc.oneof(fc.constant(SMALL_PNG.toString('base64')), fc.base64String(), fc.string(), fc.jsonValue()),
    inferences: fc.oneof(
      fc.array(fc.double({ noNaN: false })),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 }).map((xs) => JSON.stringify(xs)),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const anyInput = fc.oneof(
  fc.jsonValue(),
  nearlyValidBody,
  nearlyValidBody.map((body) => ({ statusCode: 200, body })),
  nearlyValidBody.map((body) => ({ statusCode: 200, body: JSON.stringify(body) })),
);

function isEnvelope(value: unknown): boolean {
  const candidate = value as { statusCode?: unknown; body?: Record<string, unknown> };
  const body = candidate.body;
  return (
    candidate.statusCode === 200 &&
    typeof body === 'object' &&
    body !== null &&
    typeof body.s3_bucket === 'string' &&
    body.s3_bucket !== '' &&
    typeof body.s3_key === 'string' &&
    body.s3_key !== '' &&
    (Array.isArray(body.inferences) || typeof body.inferences === 'string')
  );
}

async function outcomeOf(run: () => unknown): Promise<boolean> {
  try {
    return isEnvelope(await run());
  } catch (error) {
    return isWorkflowError(error);
  }
}

describe('every handler on arbitrary JSON', () => {
  it.each([
    ['serializeImageData', (input: unknown) => serializeImageData(input, { s3 })],
    ['classifyImageData', (input: unknown) => classifyImageData(input, { sagemaker, endpointName: 'endpoint' })],
    ['filterInferenceData', (input: unknown) => filterInferenceData(input, { threshold: 0.93 })],
  ])('%s returns a valid envelope or throws a named workflow error', async (_, handler) => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (input) => {
        expect(await outcomeOf(() => handler(input))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
