import { createHash } from 'node:crypto';
import { REAL_TIME_ENDPOINT_MAX_BYTES } from '../../contract/variables';
import type { OfflinePipeline } from '../../local/offline-pipeline';
import type { LocalExecution } from '../../local/run-workflow';
import type { EndpointAnswer } from '../../local/stand-in-endpoint';
import { resolveTerraformVariables } from '../../local/synthesized-workflow';
import { largestPayloadBytes } from '../../local/payload-size';
import { fixtureImage } from '../helpers/fixtures';
import { SMALL_PNG, makeNoisyPng, makePng, padJpeg } from '../helpers/images';
import { startSynthesizedPipeline } from '../helpers/pipeline';

const BUCKET = 'images';
const ENDPOINT = 'image-classification-2026';
const TF_VARS = { notification_email: 'ops@example.com', endpoint_name: ENDPOINT, image_bucket: BUCKET, image_key_prefix: 'test/' };
const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A probability whose JSON is as long as any can be: 24 characters. */
const LONGEST_SCORE = Number('0.0000035198404195701073');
/** 10,000 of the longest scores: the largest answer within the bounds. */
const LONGEST_SCORES = [0.95, ...Array.from({ length: 9_999 }, () => LONGEST_SCORE)];
const IMAGES = {
  'test/bicycle.png': fixtureImage('bicycle.png'),
  'test/landscape.png': fixtureImage('landscape.png'),
  'test/motorcycle.jpg': fixtureImage('motorcycle.jpg'),
  'test/garbage-response.png': SMALL_PNG,
  'test/photo-500k.png': makeNoisyPng(500_000),
  'test/photo-2m.jpg': padJpeg(fixtureImage('motorcycle.jpg'), 2_000_000),
  'test/photo-5m.png': makeNoisyPng(5_000_000),
  'test/too-large.jpg': padJpeg(fixtureImage('motorcycle.jpg'), REAL_TIME_ENDPOINT_MAX_BYTES + 1),
  'test/thousand-classes.png': makePngVariant(1),
  'test/longest-answer.png': makePngVariant(2),
};

/** A small PNG of its own, so the stand-in endpoint can tell it apart by its hash. */
function makePngVariant(seed: number): Buffer {
  return makePng(8, 8, (x, y) => [seed, x * 30, y * 30]);
}

describe('the synthesized artifacts, run end to end offline', () => {
  const answers = new Map<string, EndpointAnswer[]>();
  const logLines: { functionName: string; line: Record<string, unknown> }[] = [];
  let pipeline: OfflinePipeline;

  beforeAll(async () => {
    pipeline = await startSynthesizedPipeline({
      variables: TF_VARS,
      onLog: (functionName, line) => logLines.push({ functionName, line: JSON.parse(line) as Record<string, unknown> }),
      endpoint: ({ endpointName, image }) => {
        if (endpointName !== ENDPOINT) throw new Error(`Unexpected endpoint ${endpointName}`);
        const queue = answers.get(sha256(image)) ?? [];
        return queue.length > 1 ? queue.shift()! : (queue[0] ?? { scores: [0.01, 0.99] });
      },
    });
    for (const [key, bytes] of Object.entries(IMAGES))
      pipeline.s3.put(BUCKET, key, { bytes, contentType: key.endsWith('.jpg') ? 'image/jpeg' : 'image/png' });
    pipeline.s3.put(BUCKET, 'elsewhere/bicycle.png', { bytes: IMAGES['test/bicycle.png'], contentType: 'image/png' });
    pipeline.s3.put(BUCKET, 'test/notes.txt', { bytes: Buffer.from('not an image'), contentType: 'text/plain' });
    pipeline.s3.put(BUCKET, 'test/signature-only.png', {
      bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      contentType: 'image/png',
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  beforeEach(() => {
    answers.clear();
    answers.set(sha256(IMAGES['test/bicycle.png']), [{ scores: [0.0213, 0.9787] }]);
    answers.set(sha256(IMAGES['test/landscape.png']), [{ scores: [0.41, 0.59] }]);
    answers.set(sha256(IMAGES['test/garbage-response.png']), [{ rawBody: '<html>502 Bad Gateway</html>' }]);
    answers.set(sha256(IMAGES['test/motorcycle.jpg']), [{ throttle: true }, { scores: [0.03, 0.97] }]);
    answers.set(sha256(IMAGES['test/thousand-classes.png']), [{ scores: [0.95, ...Array.from({ length: 999 }, () => 0.00005)] }]);
    answers.set(sha256(IMAGES['test/longest-answer.png']), [{ scores: LONGEST_SCORES }]);
  });

  const run = async (key: string): Promise<LocalExecution> => {
    const execution = await pipeline.run({ s3_bucket: BUCKET, s3_key: key, image_data: '' }, { executionName: key.replace(/\W/g, '-') });
    expect(largestPayloadBytes(execution)).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT_BYTES);
    return execution;
  };

  function failureReport(execution: LocalExecution): Record<string, unknown> {
    expect(execution.published).toHaveLength(1);
    expect(execution.published[0]!.subject).toBe('Image classification failed');
    expect(execution.published[0]!.message).not.toMatch(/trace|\n\s+at /);
    return JSON.parse(execution.published[0]!.message) as Record<string, unknown>;
  }

  it('classifies a confident image by reference, publishes one success message and returns the envelope', async () => {
    const execution = await run('test/bicycle.png');

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toStrictEqual({
      statusCode: 200,
      body: {
        image_data: '',
        s3_bucket: BUCKET,
        s3_key: 'test/bicycle.png',
        s3_etag: `"${createHash('md5').update(IMAGES['test/bicycle.png']).digest('hex')}"`,
        label: 'class 1',
        score: 0.9787,
        inferences: [0.0213, 0.9787],
      },
    });
    expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification succeeded']);
    expect(JSON.parse(execution.published[0]!.message)).toMatchObject({
      classification: 'class 1 (97.87%)',
      status: 'succeeded',
      s3_key: 'test/bicycle.png',
      inferences: [0.0213, 0.9787],
      correlation_id: 'test-bicycle-png',
    });
  });

  it('logs one line per function with the execution name as correlation id, so one id finds everything', async () => {
    await run('test/bicycle.png');

    const lines = logLines.filter(({ line }) => line.correlationId === 'test-bicycle-png' && line.outcome === 'success');
    expect(lines.map(({ functionName }) => functionName.replace('image-classification-', ''))).toEqual(
      expect.arrayContaining(['serializeImageData', 'classifyImageData', 'filterInferenceData']),
    );
    expect(lines.every(({ line }) => line.s3_key === 'test/bicycle.png')).toBe(true);
  });

  it.each(['test/photo-500k.png', 'test/photo-2m.jpg', 'test/photo-5m.png'])(
    'classifies the phone-sized photo %s, sending the endpoint its exact bytes',
    async (key) => {
      const before = pipeline.endpoint!.requests.length;

      const execution = await run(key);

      expect(execution.status).toBe('SUCCEEDED');
      const [request] = pipeline.endpoint!.requests.slice(before);
      expect(sha256(request!.body)).toBe(sha256(IMAGES[key as keyof typeof IMAGES]));
      expect(request!.headers['content-type']).toBe(key.endsWith('.jpg') ? 'image/jpeg' : 'image/png');
      expect(largestPayloadBytes(execution)).toBeLessThan(4 * 1024);
    },
  );

  it('fails an image over the endpoint limit early with ImageTooLarge and one notification, without downloading it', async () => {
    const before = pipeline.endpoint!.requests.length;

    const execution = await run('test/too-large.jpg');

    expect(execution).toMatchObject({ status: 'FAILED', error: 'ImageTooLarge' });
    expect(failureReport(execution)).toMatchObject({
      error: 'ImageTooLarge',
      message: `Image of ${IMAGES['test/too-large.jpg'].length} bytes is over the endpoint's ${REAL_TIME_ENDPOINT_MAX_BYTES}-byte request limit: s3://images/test/too-large.jpg`,
      s3_key: 'test/too-large.jpg',
    });
    expect(pipeline.endpoint!.requests.length).toBe(before);
  });

  it('passes an endpoint answer of 1,000 classes through to the notification', async () => {
    const execution = await run('test/thousand-classes.png');

    expect(execution.status).toBe('SUCCEEDED');
    expect((JSON.parse(execution.published[0]!.message) as { inferences: number[] }).inferences).toHaveLength(1_000);
  });

  it('keeps every state payload and the notification under 256 KB for the largest answer allowed (10,000 of the longest scores)', async () => {
    expect(JSON.stringify(LONGEST_SCORE)).toHaveLength(24);

    const execution = await run('test/longest-answer.png');

    expect({ status: execution.status, error: execution.error, cause: execution.cause?.slice(0, 300) }).toStrictEqual({
      status: 'SUCCEEDED',
      error: undefined,
      cause: undefined,
    });
    expect(Buffer.byteLength(execution.published[0]!.message)).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT_BYTES);
  });

  it('fails an unconfident image with ThresholdConfidenceNotMet, at the synthesized default threshold', async () => {
    const execution = await run('test/landscape.png');

    expect(execution).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet' });
    expect(failureReport(execution)).toStrictEqual({
      status: 'failed',
      error: 'ThresholdConfidenceNotMet',
      message: "Top label 'class 1' scored 0.59, below the confidence threshold 0.93: s3://images/test/landscape.png",
      s3_bucket: BUCKET,
      s3_key: 'test/landscape.png',
      execution: 'arn:aws:states:us-east-1:000000000000:execution:workflow:test-landscape-png',
      correlation_id: 'test-landscape-png',
      console:
        'https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/arn:aws:states:us-east-1:000000000000:execution:workflow:test-landscape-png',
    });
  });

  it.each([
    [
      'a missing key the role may list (S3 answers 404)',
      'test/missing.png',
      'ImageNotFound',
      'Object not found: s3://images/test/missing.png',
    ],
    [
      'an existing object outside the prefix the roles may read (S3 answers 403)',
      'elsewhere/bicycle.png',
      'ImageAccessDenied',
      expect.stringMatching(/^S3 denied reading s3:\/\/images\/elsewhere\/bicycle\.png/),
    ],
    [
      'a missing key outside the prefix the role may list (S3 answers 403)',
      'elsewhere/missing.png',
      'ImageAccessDenied',
      expect.stringMatching(/^S3 denied reading s3:\/\/images\/elsewhere\/missing\.png: the object may not exist/),
    ],
    [
      'an object that is not an image',
      'test/notes.txt',
      'InvalidImage',
      'Not a PNG or JPEG image (no valid header in its first 12 bytes): s3://images/test/notes.txt',
    ],
    [
      'a file that is only a PNG signature',
      'test/signature-only.png',
      'InvalidImage',
      'Not a PNG or JPEG image (no valid header in its first 8 bytes): s3://images/test/signature-only.png',
    ],
    [
      'an endpoint returning garbage',
      'test/garbage-response.png',
      'InvalidEndpointResponse',
      `Endpoint ${ENDPOINT} returned an invalid response for s3://images/test/garbage-response.png: not JSON (Content-Type application/json): "<html>502 Bad Gateway</html>"`,
    ],
  ])('fails %s with %s and one report carrying its message and the key', async (_, key, errorName, errorMessage) => {
    const execution = await run(key);

    expect(execution).toMatchObject({ status: 'FAILED', error: errorName });
    expect(failureReport(execution)).toMatchObject({
      status: 'failed',
      error: errorName,
      message: errorMessage,
      s3_bucket: BUCKET,
      s3_key: key,
    });
  });

  it('succeeds when the endpoint throttles once, with the request sent again', async () => {
    const before = pipeline.endpoint!.requests.length;

    const execution = await run('test/motorcycle.jpg');

    expect(execution.status).toBe('SUCCEEDED');
    const calls = pipeline.endpoint!.requests.slice(before);
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.headers['content-type'])).toStrictEqual(['image/jpeg', 'image/jpeg']);
    expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification succeeded']);
  });

  it('fails fast when the synthesized environment names a variable it has no value for', () => {
    expect(() => resolveTerraformVariables('${var.endpoint_nme}', TF_VARS)).toThrow(
      'Cannot resolve ${var.endpoint_nme}: not a variable with a value',
    );
    expect(pipeline.workflow.functions.flatMap((fn) => Object.values(fn.environment))).toStrictEqual(
      expect.arrayContaining(['${var.endpoint_name}', '${var.confidence_threshold}', '${var.max_image_bytes}', '${var.max_scores}']),
    );
  });
});
