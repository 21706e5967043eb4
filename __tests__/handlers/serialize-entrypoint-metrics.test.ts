import type * as ClientS3 from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { METRIC_NAMESPACE, UPLOAD_METRICS } from '../../contract/metrics';
import { SMALL_PNG } from '../helpers/images';
import { embeddedMetricFormatProblems } from '../helpers/embedded-metric-format';
import { captureStdoutLines } from '../helpers/stdout-lines';
import { rangedObject } from './s3-stub';

type Handler = (event: unknown, context?: { awsRequestId?: string; functionName?: string }) => Promise<unknown>;
type S3Module = typeof ClientS3;

/**
 * Loads the deployed serialize entrypoint in a fresh module registry, its S3 client answering GetObject
 * with `object`, and collects what it writes to stdout.
 */
function loadSerializeEntrypoint(object: GetObjectCommandOutput): { handler: Handler; lines: string[] } {
  jest.replaceProperty(process, 'env', { ...process.env, AWS_REGION: 'us-east-1', MAX_IMAGE_BYTES: '6291456' });
  const lines = captureStdoutLines();
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // The entrypoint builds its client from the registry's own copy of the SDK, so that copy is the one mocked.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GetObjectCommand: IsolatedGetObject, S3Client: IsolatedS3Client } = require('@aws-sdk/client-s3') as S3Module;
    mocks.push(mockClient(IsolatedS3Client).on(IsolatedGetObject).resolves(object));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require('../../handlers/entrypoints/serialize-image-data') as { handler: Handler }).handler;
  });
  return { handler: handler!, lines };
}

const mocks: { restore(): void }[] = [];
afterEach(() => mocks.splice(0).forEach((mock) => mock.restore()));

const CURRENT_ETAG = '"9b2cf535f27731c974343645a3985328"';
const request = (s3_etag: string) => ({
  correlation_id: 'exec-0001',
  source_event_id: '17793124-05d4-b198-2fde-7ededc63b103',
  request: { s3_bucket: 'images', s3_key: 'incoming/bicycle.png', s3_etag, s3_sequencer: '0062E99A88DC407460' },
});
const context = { awsRequestId: 'req-1', functionName: 'image-classification-serializeImageData' };

describe('the serialize entrypoint log line', () => {
  it('counts one Superseded, in valid embedded metrics, when the upload was overwritten in an unversioned bucket', async () => {
    const { handler, lines } = loadSerializeEntrypoint(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: CURRENT_ETAG }));

    await expect(handler(request('b1946ac92492d2347c6235b4d2611184'), context)).rejects.toMatchObject({ name: 'ImageSuperseded' });

    expect(lines).toHaveLength(1);
    expect(embeddedMetricFormatProblems(lines[0]!)).toStrictEqual([]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'ERROR',
      outcome: 'ImageSuperseded',
      s3_key: 'incoming/bicycle.png',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: METRIC_NAMESPACE,
            Dimensions: [['FunctionName']],
            Metrics: [{ Name: UPLOAD_METRICS.superseded.name, Unit: UPLOAD_METRICS.superseded.unit }],
          },
        ],
      },
      FunctionName: 'image-classification-serializeImageData',
      Superseded: 1,
    });
  });

  it('writes no metrics when the upload is still the current object', async () => {
    const { handler, lines } = loadSerializeEntrypoint(rangedObject(SMALL_PNG, SMALL_PNG.length, { etag: CURRENT_ETAG }));

    await expect(handler(request(CURRENT_ETAG.slice(1, -1)), context)).resolves.toMatchObject({ s3_etag: CURRENT_ETAG });

    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'INFO', outcome: 'success' });
    expect(JSON.parse(lines[0]!)).not.toHaveProperty('_aws');
  });

  it('refuses to start when the retry settings are invalid, naming them', () => {
    jest.replaceProperty(process, 'env', { ...process.env, MAX_IMAGE_BYTES: '6291456', AWS_RETRY_MAX_ATTEMPTS: 'many' });

    expect(() =>
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('../../handlers/entrypoints/serialize-image-data');
      }),
    ).toThrow('AWS_RETRY_MAX_ATTEMPTS must be a whole number from 1 to 10, got: "many"');
  });
});
