import { GetObjectCommand } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import fc from 'fast-check';
import {
  InvalidEndpointResponse,
  InvalidImage,
  InvalidInput,
  ThresholdConfidenceNotMet,
  classifyImageData,
  filterInferenceData,
  isWorkflowError,
  serializeImageData,
} from '../../handlers';
import { detectContentType } from '../../handlers/image';
import { readImageRequest } from '../../handlers/request';
import { topClass } from '../../handlers/scores';
import { SMALL_PNG } from '../helpers/images';
import { thrownBy } from '../helpers/thrown-by';
import { pngHeader } from './image-headers';
import { ETAG, classifyEvent, filterEvent, serializeEvent } from './payloads';
import { rangedObject, wholeObject } from './s3-stub';
import { mockedS3, mockedSageMaker } from './mocked-clients';

const { s3Mock, s3 } = mockedS3();
const { sagemakerMock, sagemaker } = mockedSageMaker();
const limits = { maxImageBytes: 6 * 1024 * 1024, maxScores: 10_000 };

beforeEach(() => {
  s3Mock
    .on(GetObjectCommand)
    .callsFake((input: { Range?: string }) =>
      input.Range === undefined ? wholeObject(SMALL_PNG, { etag: ETAG }) : rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: ETAG }),
    );
  sagemakerMock.on(InvokeEndpointCommand).resolves({ $metadata: {}, Body: new TextEncoder().encode('[0.05, 0.95]') as never });
});
/** S3's bucket naming rules, checked one by one (an oracle independent of the handlers' regular expressions). */
function isS3BucketName(name: string): boolean {
  const allowed = (c: string) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '.' || c === '-';
  const alphanumeric = (c: string) => allowed(c) && c !== '.' && c !== '-';
  const ipShaped =
    name.split('.').length === 4 && name.split('.').every((part) => part !== '' && [...part].every((c) => c >= '0' && c <= '9'));
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    [...name].every(allowed) &&
    alphanumeric(name[0]!) &&
    alphanumeric(name[name.length - 1]!) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !ipShaped
  );
}

/** Strings close to bucket names: the characters that matter, lengths around the limits, IP addresses. */
const bucketLike = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '.', '-', 'A', '_', ' ', 'é'), maxLength: 70 }),
  fc.string({ unit: fc.constantFrom('a', 'b', '1'), minLength: 60, maxLength: 66 }),
  fc.ipV4(),
  fc.constantFrom('images', 'my.bucket-2026', 'a.b', '1.2.3.4.5'),
);

/**
 * Values that must never be echoed whole: long strings and long arrays, each a random piece repeated to a random
 * length. Their size is what a bounded message must survive; thousands of random characters a run cost most of the time.
 */
const hugeValue = fc.oneof(
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 2_000, max: 5_000 }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length)),
  fc
    .tuple(fc.array(fc.double(), { minLength: 1, maxLength: 40 }), fc.integer({ min: 500, max: 2_000 }))
    .map(([piece, length]) => Array.from({ length }, (_, index) => piece[index % piece.length]!)),
);

/** Arbitrary JSON, plus bodies shaped like the contract with arbitrary field values, bare or in an envelope. */
const nearlyValidBody = fc.record(
  {
    s3_bucket: fc.oneof(fc.constantFrom('images', ''), bucketLike, fc.jsonValue(), hugeValue),
    s3_key: fc.oneof(
      fc.constantFrom('test/a.png', 'k'.repeat(1024), 'é'.repeat(513)),
      fc.string(),
      fc.string({ unit: 'grapheme', minLength: 900, maxLength: 1_100 }),
      fc.jsonValue(),
      hugeValue,
    ),
    s3_etag: fc.oneof(fc.constant(ETAG), fc.string(), fc.jsonValue()),
    s3_version_id: fc.oneof(fc.constant('v1'), fc.string(), fc.jsonValue()),
    image_data: fc.oneof(fc.constant(''), fc.base64String(), fc.string(), fc.jsonValue()),
    inferences: fc.oneof(
      fc.array(fc.double({ noNaN: false })),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 }).map((xs) => JSON.stringify(xs)),
      fc.jsonValue(),
      hugeValue,
    ),
  },
  { requiredKeys: [] },
);
/** Bodies that often pass every check: a bucket-like name, any non-empty key, maybe an ETag. */
const plausibleBody = fc.record({
  s3_bucket: bucketLike,
  s3_key: fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('k'.repeat(1024), 'k'.repeat(1025), 'é'.repeat(512), 'é'.repeat(513))),
  s3_etag: fc.option(fc.string()),
});
const anyInput = fc.oneof(
  fc.jsonValue(),
  nearlyValidBody,
  plausibleBody,
  plausibleBody.map((body) => ({ statusCode: 200, body })),
  nearlyValidBody.map((body) => ({ statusCode: 200, body })),
  nearlyValidBody.map((body) => ({ statusCode: 200, body: JSON.stringify(body) })),
);

/** An image reference whose location S3 would accept, with the ETag S3 sent and nothing else. */
function isImageReference(value: unknown): boolean {
  const reference = value as Record<string, unknown>;
  return (
    typeof reference.s3_bucket === 'string' &&
    isS3BucketName(reference.s3_bucket) &&
    typeof reference.s3_key === 'string' &&
    reference.s3_key !== '' &&
    Buffer.byteLength(reference.s3_key) <= 1024 &&
    reference.s3_etag === ETAG &&
    Object.keys(reference).length === 3
  );
}

/**
 * A message may hold the S3 URL (a key is at most 1024 bytes) and at most two echoes of 200 characters,
 * never a whole large value.
 */
const MAX_MESSAGE_CHARS = 1_600;

async function outcomeOf(run: () => unknown, isValidResult: (value: unknown) => boolean): Promise<string> {
  try {
    return isValidResult(await run()) ? 'valid result' : 'invalid result';
  } catch (error) {
    if (!isWorkflowError(error)) return `not a workflow error: ${String(error)}`;
    return error.message.length <= MAX_MESSAGE_CHARS ? 'workflow error' : `a ${error.message.length}-character message`;
  }
}

const serialize = (request: unknown) => serializeImageData(serializeEvent(request), { s3, ...limits });

describe('serializeImageData on arbitrary JSON', () => {
  it('returns a valid image reference or throws a named workflow error with a bounded message', async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (request) => {
        expect(await outcomeOf(() => serialize(request), isImageReference)).toMatch(/^(valid result|workflow error)$/);
      }),
      { numRuns: 300 },
    );
  });

  it('returns the bucket and key it was given', async () => {
    let successes = 0;

    await fc.assert(
      fc.asyncProperty(plausibleBody, async (body) => {
        const result = await serialize(body).catch(() => undefined);
        if (result !== undefined) {
          successes += 1;
          expect([result.s3_bucket, result.s3_key]).toStrictEqual([body.s3_bucket, body.s3_key]);
        }
      }),
      { numRuns: 300 },
    );

    expect(successes).toBeGreaterThan(0);
  });
});

describe('classifyImageData on arbitrary endpoint responses', () => {
  const maxScores = 50;
  const classify = () => classifyImageData(classifyEvent(), { s3, sagemaker, endpointName: 'endpoint', ...limits, maxScores });
  const isClassification = (value: unknown) => {
    const { inferences, label, score, ...rest } = value as { inferences: unknown; label: unknown; score: unknown };
    return (
      Object.keys(rest).length === 0 &&
      typeof label === 'string' &&
      Array.isArray(inferences) &&
      inferences.includes(score) &&
      Array.isArray(inferences) &&
      inferences.length > 0 &&
      inferences.length <= maxScores &&
      inferences.every((score) => typeof score === 'number' && score >= 0 && score <= 1)
    );
  };
  const responseText = fc.oneof(
    fc.json(),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 60 }).map((scores) => JSON.stringify(scores)),
    fc.string(),
    hugeValue.map((value) => JSON.stringify(value)),
  );

  it('returns bounded probabilities or throws InvalidEndpointResponse with a bounded message', async () => {
    const seen = new Set<string>();
    // One stub answering with the current run's text: a stub set per run would add a sinon fake per run, each matched on every call.
    let answer = '';
    sagemakerMock.on(InvokeEndpointCommand).callsFake(() => ({ $metadata: {}, Body: new TextEncoder().encode(answer) }));

    await fc.assert(
      fc.asyncProperty(responseText, async (text) => {
        answer = text;

        const outcome = await classify().then(
          (result) => (isClassification(result) ? 'valid result' : `invalid result: ${JSON.stringify(result)}`),
          (error: unknown) =>
            error instanceof InvalidEndpointResponse && error.message.length <= MAX_MESSAGE_CHARS
              ? 'InvalidEndpointResponse'
              : String(error),
        );

        expect(outcome).toMatch(/^(valid result|InvalidEndpointResponse)$/);
        seen.add(outcome);
      }),
      { numRuns: 300 },
    );

    expect([...seen].sort()).toStrictEqual(['InvalidEndpointResponse', 'valid result']);
  });
});

describe('readImageRequest on bucket names', () => {
  it('accepts exactly the names S3 accepts', () => {
    fc.assert(
      // A predicate, not expect: 2,000 runs of expect cost more than the checks. A false result fails with the name found.
      fc.property(bucketLike, (bucket) => {
        let accepted: boolean;
        try {
          readImageRequest({ s3_bucket: bucket, s3_key: 'a.png' });
          accepted = true;
        } catch (error) {
          if (!(error instanceof InvalidInput)) throw error;
          accepted = false;
        }
        return accepted === isS3BucketName(bucket);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the top class and the filter on arbitrary scores', () => {
  it('passes exactly when the highest score reaches the threshold, and names that score otherwise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
        (scores, threshold) => {
          const top = topClass({ scores });
          const highest = [...scores].sort((a, b) => b - a)[0]!;
          expect(top).toStrictEqual({ label: `class ${scores.indexOf(highest)}`, score: highest });
          const event = filterEvent(top.score, top.label, { s3_bucket: 'images', s3_key: 'a.png', s3_etag: ETAG });
          if (highest >= threshold) {
            expect(filterInferenceData(event, { threshold })).toStrictEqual(top);
          } else {
            let error: unknown;
            try {
              filterInferenceData(event, { threshold });
            } catch (thrown) {
              error = thrown;
            }
            expect(error).toStrictEqual(
              new ThresholdConfidenceNotMet(
                `Top label '${top.label}' scored ${highest}, below the confidence threshold ${threshold}: s3://images/a.png`,
              ),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('detectContentType on arbitrary headers', () => {
  const location = { bucket: 'images', key: 'a.png' };

  /** The PNG specification's allowed colour type and bit depth pairs. */
  const PNG_FORMATS = [0, 2, 3, 4, 6].flatMap((colourType) =>
    ({ 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] })[colourType]!.map(
      (bitDepth) => [bitDepth, colourType] as const,
    ),
  );

  it('accepts every PNG header with a non-zero size and a bit depth its colour type allows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom(...PNG_FORMATS),
        fc.uint8Array({ maxLength: 40 }),
        (width, height, [bitDepth, colourType], rest) => {
          const header = Buffer.concat([pngHeader({ width, height, bitDepth, colourType }), rest]);

          expect(detectContentType(header, location)).toBe('image/png');
        },
      ),
    );
  });

  // thrownBy, not toThrow: toThrow formats the error's stack, over a millisecond a run under fast-check.
  it('throws InvalidImage for bytes that start like neither format', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }).filter((bytes) => bytes[0] !== 0x89 && bytes[0] !== 0xff),
        (bytes) => {
          expect(thrownBy(() => detectContentType(bytes, location))).toStrictEqual(
            new InvalidImage(`Not a PNG or JPEG image (no valid header in its first ${bytes.length} bytes): s3://images/a.png`),
          );
        },
      ),
    );
  });

  it('throws InvalidImage for every PNG header cut short of its IHDR fields', () => {
    // Every length short of the IHDR fields' end, 0 to 28 bytes: all 29 of them.
    for (let length = 0; length <= 28; length++) {
      expect(thrownBy(() => detectContentType(pngHeader().subarray(0, length), location))).toStrictEqual(
        new InvalidImage(`Not a PNG or JPEG image (no valid header in its first ${length} bytes): s3://images/a.png`),
      );
    }
  });
});
