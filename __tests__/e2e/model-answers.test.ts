import { createHash } from 'node:crypto';
import type { EndpointResponseShape } from '../../contract/endpoint-response';
import type { OfflinePipeline, OfflinePipelineOptions } from '../../local/offline-pipeline';
import { STATE_PAYLOAD_LIMIT_BYTES, largestPayloadBytes } from '../../local/payload-size';
import type { LocalExecution } from '../../local/run-workflow';
import type { EndpointAnswer, InvocationHeaders } from '../../local/stand-in-endpoint';
import { fixtureImage } from '../helpers/fixtures';
import { startSynthesizedPipeline } from '../helpers/pipeline';

const BUCKET = 'images';
const ENDPOINT = 'image-classification-2026';
const TF_VARS = { notification_email: 'ops@example.com', endpoint_name: ENDPOINT, image_bucket: BUCKET, image_key_prefix: 'test/' };
const IMAGE = fixtureImage('bicycle.png');

/** CIFAR-10's classes: what a model trained on the seed's data names by index. */
const CIFAR_10 = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
/** A confident answer for the bicycle: "automobile" at index 1. */
const SCORES = [0.004, 0.95, 0.003, 0.007, 0.006, 0.005, 0.008, 0.009, 0.004, 0.004];
/** 10,000 names of 40 characters and 10,000 of the longest scores, the top at index 9,876: the largest classification within the bounds. */
const MANY_LABELS = Array.from({ length: 10_000 }, (_, index) => `a rather long class name, number ${String(index).padStart(5, '0')}`);
const LONGEST_SCORE = Number('0.0000035198404195701073');
const MANY_SCORES = Array.from({ length: 10_000 }, (_, index) => (index === 9_876 ? 0.95 : LONGEST_SCORE));

type Variables = OfflinePipelineOptions['variables'];

const body = (execution: LocalExecution) => (execution.output as { body: Record<string, unknown> }).body;

/**
 * One pipeline serves the suite; each test applies its own variables to it, as `terraform apply`
 * reconfigures a deployment (the classify function, whose environment they change, cold-starts
 * with them), and runs an image of its own through it.
 */
describe('model answers through the synthesized artifacts', () => {
  let pipeline: OfflinePipeline;
  /** What the stand-in answers the running test: a model answering in its shape, with its class names. */
  let answer: EndpointAnswer;
  let runs = 0;

  beforeAll(async () => {
    pipeline = await startSynthesizedPipeline({ variables: TF_VARS, endpoint: () => answer });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  /** Applies `variables` to the pipeline, then runs an image under a key of its own, the stand-in answering `scores` in `shape`. */
  async function classify(
    variables: Variables,
    {
      shape = 'seed',
      scores = SCORES,
      modelLabels = CIFAR_10,
    }: { shape?: EndpointResponseShape; scores?: number[]; modelLabels?: string[] } = {},
  ): Promise<{ execution: LocalExecution; invocations: readonly InvocationHeaders[] }> {
    await pipeline.apply({ ...TF_VARS, ...variables });
    answer = { scores, labels: modelLabels, shape };
    const name = `bicycle-${++runs}`;
    pipeline.s3.put(BUCKET, `test/${name}.png`, { bytes: IMAGE, contentType: 'image/png' });
    const before = pipeline.endpoint!.invocations().length;
    const execution = await pipeline.run({ s3_bucket: BUCKET, s3_key: `test/${name}.png` }, { executionName: name });
    expect(largestPayloadBytes(execution)).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT_BYTES);
    return { execution, invocations: pipeline.endpoint!.invocations().slice(before) };
  }

  it.each([
    ['seed', {}, 'class 1'],
    ['huggingface', {}, 'automobile'],
    ['jumpstart', {}, 'class 1'],
    ['jumpstart', { endpoint_accept: 'application/json;verbose' }, 'automobile'],
    ['torchserve', {}, 'automobile'],
    ['tensorflow', {}, 'class 1'],
  ] as const)('classifies a %s answer (%p) with its top label, the format pinned', async (shape, variables, label) => {
    const { execution } = await classify({ ...variables, endpoint_response_format: shape }, { shape });

    expect(execution.status).toBe('SUCCEEDED');
    expect(body(execution)).toMatchObject({ label, score: 0.95 });
    expect(JSON.parse(execution.published[0]!.message)).toMatchObject({ classification: `${label} (95.00%)` });
  });

  it('fails with InvalidEndpointResponse when the answer is not of the pinned shape', async () => {
    const { execution } = await classify({ endpoint_response_format: 'tensorflow' }, { shape: 'huggingface' });

    expect(execution.status).toBe('FAILED');
    const report = JSON.parse(execution.published[0]!.message) as Record<string, string>;
    expect(Object.values(report).join('\n')).toMatch(/InvalidEndpointResponse[\s\S]*expected the tensorflow shape/);
  });

  it.each(['seed', 'tensorflow', 'jumpstart'] as const)(
    'names the index-based scores of a %s answer from class_labels, read from the object Terraform writes',
    async (shape) => {
      const { execution } = await classify({ class_labels: CIFAR_10, endpoint_response_format: 'auto' }, { shape });

      expect(execution.status).toBe('SUCCEEDED');
      expect(body(execution)).toMatchObject({ label: 'automobile', score: 0.95, inferences: SCORES });
      const key = `classification-results/configuration/class-labels-${createHash('sha256').update(JSON.stringify(CIFAR_10)).digest('hex')}.json`;
      expect(JSON.parse(pipeline.s3.get(BUCKET, key)!.bytes.toString())).toStrictEqual(CIFAR_10);
    },
  );

  it('replaces the class_labels object as Terraform does when class_labels changes, the next execution naming by the new list', async () => {
    const configurationObjects = () => pipeline.s3.list(BUCKET, 'classification-results/configuration/').map(({ key }) => key);
    const objectKey = (labels: readonly string[]) =>
      `classification-results/configuration/class-labels-${createHash('sha256').update(JSON.stringify(labels)).digest('hex')}.json`;
    const renamed = CIFAR_10.map((name) => name.toUpperCase());

    const first = await classify({ class_labels: CIFAR_10 });
    const afterFirst = configurationObjects();
    const second = await classify({ class_labels: renamed });
    const afterSecond = configurationObjects();
    const third = await classify({});

    expect([first, second, third].map(({ execution }) => body(execution).label)).toStrictEqual(['automobile', 'AUTOMOBILE', 'class 1']);
    expect({ afterFirst, afterSecond, afterThird: configurationObjects() }).toStrictEqual({
      afterFirst: [objectKey(CIFAR_10)],
      afterSecond: [objectKey(renamed)],
      afterThird: [],
    });
  });

  it("keeps a model's own labels over class_labels", async () => {
    const { execution } = await classify(
      { class_labels: CIFAR_10.map((name) => `index name ${name}`) },
      { shape: 'huggingface', modelLabels: CIFAR_10 },
    );

    expect(body(execution)).toMatchObject({ label: 'automobile' });
  });

  it('fails with InvalidEndpointResponse naming both counts when class_labels does not match the scores', async () => {
    const { execution } = await classify({ class_labels: CIFAR_10.slice(0, 9) });

    expect(execution.status).toBe('FAILED');
    expect(execution.published[0]!.message).toContain('10 scores but 9 class labels (class_labels)');
  });

  it('names 10,000 scores from 10,000 labels, no state payload over 256 KB', async () => {
    const { execution } = await classify({ class_labels: MANY_LABELS }, { scores: MANY_SCORES });

    expect(execution.status).toBe('SUCCEEDED');
    expect(body(execution)).toMatchObject({ label: MANY_LABELS[9_876], score: 0.95 });
    expect(body(execution).inferences).toHaveLength(10_000);
    expect(largestPayloadBytes(execution)).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT_BYTES);
  });

  it('sends TargetModel, TargetVariant, InferenceComponentName, a fixed ContentType and Accept to the endpoint', async () => {
    const { execution, invocations } = await classify({
      endpoint_target_model: 'models/resnet-50.tar.gz',
      endpoint_target_variant: 'variant-b',
      endpoint_inference_component: 'resnet-component',
      endpoint_content_type: 'application/x-image',
      endpoint_accept: 'application/json;verbose',
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(invocations).toStrictEqual([
      {
        endpointName: ENDPOINT,
        contentType: 'application/x-image',
        accept: 'application/json;verbose',
        targetModel: 'models/resnet-50.tar.gz',
        targetVariant: 'variant-b',
        inferenceComponentName: 'resnet-component',
      },
    ]);
  });

  it("sends the image's own type, Accept application/json and no target by default", async () => {
    const { invocations } = await classify({});

    expect(invocations).toStrictEqual([
      {
        endpointName: ENDPOINT,
        contentType: 'image/png',
        accept: 'application/json',
        targetModel: undefined,
        targetVariant: undefined,
        inferenceComponentName: undefined,
      },
    ]);
  });
});
