import { CLASSIFICATION_METRICS, METRIC_NAMESPACE } from '../../contract/metrics';
import { embeddedMetricFormatProblems } from '../helpers/embedded-metric-format';
import { captureStdoutLines } from '../helpers/stdout-lines';

type Handler = (event: unknown, context?: { awsRequestId?: string; functionName?: string }) => Promise<unknown>;

/** Loads the deployed filter entrypoint with its environment, and collects what it writes to stdout. */
function loadFilterEntrypoint(threshold: string): { handler: Handler; lines: string[] } {
  jest.replaceProperty(process, 'env', { ...process.env, CONFIDENCE_THRESHOLD: threshold });
  const lines = captureStdoutLines();
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // The entrypoint reads its configuration at load, so each test loads a fresh copy with its own environment.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require('../../handlers/entrypoints/filter-inference-data') as { handler: Handler }).handler;
  });
  return { handler: handler!, lines };
}

const event = (score: number) => ({
  correlation_id: 'exec-0001',
  source_event_id: '17793124-05d4-b198-2fde-7ededc63b103',
  image: { s3_bucket: 'images', s3_key: 'test/bicycle.png', s3_etag: '"9b2cf535f27731c974343645a3985328"' },
  label: 'bicycle',
  score,
});
const context = { awsRequestId: 'req-1', functionName: 'image-classification-filterInferenceData' };

describe('the filter entrypoint log line', () => {
  it('is one JSON line carrying valid embedded metrics when the image passes', async () => {
    const { handler, lines } = loadFilterEntrypoint('0.93');

    await expect(handler(event(0.98), context)).resolves.toStrictEqual({ label: 'bicycle', score: 0.98 });

    expect(lines).toHaveLength(1);
    expect(embeddedMetricFormatProblems(lines[0]!)).toStrictEqual([]);
    expect(JSON.parse(lines[0]!)).toStrictEqual({
      level: 'INFO',
      timestamp: expect.any(String),
      function: 'filterInferenceData',
      requestId: 'req-1',
      correlationId: 'exec-0001',
      sourceEventId: '17793124-05d4-b198-2fde-7ededc63b103',
      s3_bucket: 'images',
      s3_key: 'test/bicycle.png',
      outcome: 'success',
      durationMs: expect.any(Number),
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: METRIC_NAMESPACE,
            Dimensions: [['FunctionName']],
            Metrics: Object.values(CLASSIFICATION_METRICS).map(({ name, unit }) => ({ Name: name, Unit: unit })),
          },
        ],
      },
      FunctionName: 'image-classification-filterInferenceData',
      TopConfidence: 0.98,
      BelowThreshold: 0,
      Classifications: 1,
    });
  });

  it('emits the metrics on the ThresholdConfidenceNotMet path too', async () => {
    const { handler, lines } = loadFilterEntrypoint('0.93');

    await expect(handler(event(0.6), context)).rejects.toMatchObject({ name: 'ThresholdConfidenceNotMet' });

    expect(lines).toHaveLength(1);
    expect(embeddedMetricFormatProblems(lines[0]!)).toStrictEqual([]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'ERROR',
      outcome: 'ThresholdConfidenceNotMet',
      TopConfidence: 0.6,
      BelowThreshold: 1,
      Classifications: 1,
    });
  });
});
