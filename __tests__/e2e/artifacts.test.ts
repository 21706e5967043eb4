import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../../infra/app';
import { findProjectRoot } from '../../infra/project-root';
import { startOfflinePipeline } from '../../local/offline-pipeline';
import type { OfflinePipeline } from '../../local/offline-pipeline';
import type { LocalExecution } from '../../local/run-workflow';
import type { EndpointAnswer } from '../../local/stand-in-endpoint';
import { resolveTerraformVariables } from '../../local/synthesized-workflow';
import { fixtureImage } from '../helpers/fixtures';
import { SMALL_PNG, makeNoisyPng } from '../helpers/images';

const BUCKET = 'images';
const ENDPOINT = 'image-classification-2026';
const TF_VARS = { notification_email: 'ops@example.com', endpoint_name: ENDPOINT, image_bucket: BUCKET, image_key_prefix: 'test/' };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const IMAGES = {
  'test/bicycle.png': fixtureImage('bicycle.png'),
  'test/landscape.png': fixtureImage('landscape.png'),
  'test/motorcycle.jpg': fixtureImage('motorcycle.jpg'),
  'test/garbage-response.png': SMALL_PNG,
  'test/huge.png': makeNoisyPng(200_000),
};

describe('the synthesized artifacts, run end to end offline', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'artifacts-e2e-'));
  const answers = new Map<string, EndpointAnswer[]>();
  let pipeline: OfflinePipeline;

  beforeAll(async () => {
    const { stackDir } = synthesize(findProjectRoot(__dirname), { outdir: join(workDir, 'cdktf.out'), env: {} });
    pipeline = await startOfflinePipeline({
      stackDir,
      variables: TF_VARS,
      endpoint: ({ endpointName, image }) => {
        if (endpointName !== ENDPOINT) throw new Error(`Unexpected endpoint ${endpointName}`);
        const queue = answers.get(sha256(image)) ?? [];
        return queue.length > 1 ? queue.shift()! : queue[0] ?? { rawBody: 'no answer configured' };
      },
    });
    for (const [key, bytes] of Object.entries(IMAGES)) pipeline.s3.put(BUCKET, key, { bytes, contentType: key.endsWith('.jpg') ? 'image/jpeg' : 'image/png' });
    pipeline.s3.put(BUCKET, 'test/notes.txt', { bytes: Buffer.from('not an image'), contentType: 'text/plain' });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    answers.clear();
    answers.set(sha256(IMAGES['test/bicycle.png']), [{ scores: [0.0213, 0.9787] }]);
    answers.set(sha256(IMAGES['test/landscape.png']), [{ scores: [0.41, 0.59] }]);
    answers.set(sha256(IMAGES['test/garbage-response.png']), [{ rawBody: '<html>502 Bad Gateway</html>' }]);
    answers.set(sha256(IMAGES['test/motorcycle.jpg']), [{ throttle: true }, { scores: [0.03, 0.97] }]);
  });

  const run = (key: string): Promise<LocalExecution> =>
    pipeline.run({ s3_bucket: BUCKET, s3_key: key, image_data: '' }, { executionName: key.replace(/\W/g, '-') });

  function failureMessage(execution: LocalExecution): Record<string, unknown> {
    expect(execution.published).toHaveLength(1);
    expect(execution.published[0]!.subject).toBe('Image classification failed');
    return JSON.parse(execution.published[0]!.message) as Record<string, unknown>;
  }

  it('classifies a confident image, publishes one success message and returns the envelope', async () => {
    const execution = await run('test/bicycle.png');

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toStrictEqual({
      statusCode: 200,
      body: { image_data: IMAGES['test/bicycle.png'].toString('base64'), s3_bucket: BUCKET, s3_key: 'test/bicycle.png', inferences: [0.0213, 0.9787] },
    });
    expect(execution.published.map(({ subject }) => subject)).toStrictEqual(['Image classification succeeded']);
    expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ status: 'succeeded', s3_key: 'test/bicycle.png', inferences: [0.0213, 0.9787] });
  });

  it('fails an unconfident image with ThresholdConfidenceNotMet, at the synthesized default threshold', async () => {
    const execution = await run('test/landscape.png');

    expect(execution).toMatchObject({ status: 'FAILED', error: 'ThresholdConfidenceNotMet' });
    const message = failureMessage(execution);
    expect(message).toMatchObject({ error: 'ThresholdConfidenceNotMet', input: { s3_key: 'test/landscape.png' } });
    expect(JSON.parse(message.cause as string).errorMessage).toBe(
      'Highest inference 0.59 is below the confidence threshold 0.93: s3://images/test/landscape.png',
    );
  });

  it.each([
    ['a missing key', 'test/missing.png', 'ImageNotFound', 'Object not found: s3://images/test/missing.png'],
    ['an object that is not an image', 'test/notes.txt', 'InvalidImage', 'Not a PNG or JPEG image (12 bytes): s3://images/test/notes.txt'],
    ['an oversized image', 'test/huge.png', 'ImageTooLarge', expect.stringMatching(/^Image of \d+ bytes needs a \d+-byte state payload, over the 253952-byte limit/)],
    ['an endpoint returning garbage', 'test/garbage-response.png', 'InvalidEndpointResponse', `Endpoint ${ENDPOINT} returned an invalid response: not JSON: "<html>502 Bad Gateway</html>"`],
  ])('fails %s with %s and a message carrying the original key', async (_, key, errorName, errorMessage) => {
    const execution = await run(key);

    expect(execution).toMatchObject({ status: 'FAILED', error: errorName });
    const message = failureMessage(execution);
    expect(message).toMatchObject({ status: 'failed', error: errorName, input: { s3_bucket: BUCKET, s3_key: key, image_data: '' } });
    expect(JSON.parse(message.cause as string)).toMatchObject({ errorType: errorName, errorMessage });
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
    expect(() => resolveTerraformVariables('${var.endpoint_nme}', TF_VARS)).toThrow('Cannot resolve ${var.endpoint_nme}: not a variable with a value');
    expect(pipeline.workflow.functions.flatMap((fn) => Object.values(fn.environment))).toStrictEqual(
      expect.arrayContaining(['${var.endpoint_name}', '${var.confidence_threshold}']),
    );
  });
});
