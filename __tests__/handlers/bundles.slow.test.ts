import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { defaultEnvironment } from '../../contract/environment';
import type { EnvironmentVariableName } from '../../contract/environment';
import type { FunctionName } from '../../contract/functions';
import { bundleAllLambdas } from '../../infra/lambda-bundle';
import type { LambdaBundle } from '../../infra/lambda-bundle';
import { LambdaFunctionError, startLocalLambda } from '../../local/lambda-host';
import type { LocalLambda } from '../../local/lambda-host';
import { localAwsEnvironment } from '../../local/local-aws-environment';
import { unpackZip } from '../../local/unpack-zip';
import { SMALL_PNG } from '../helpers/images';
import { startLocalHttpServer } from '../../local/http-server';
import type { LocalHttpServer, Reply } from '../../local/http-server';

const FUNCTION_CONFIGURATION = { ...defaultEnvironment('image-classification-2026'), CONFIDENCE_THRESHOLD: '0.9' };
const ETAG = '"e2e0bd5a1f3b3fa42f3ef1b2d2f1e0aa"';

describe('the built Lambda zips', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'lambda-zips-'));
  const logLines: Record<string, unknown>[] = [];
  let bundles: Map<string, LambdaBundle>;
  let s3Server: LocalHttpServer;
  let sagemakerServer: LocalHttpServer;
  const running: LocalLambda[] = [];

  /** Unpacks the zip and loads its handler in a fresh Node process, as Lambda would. */
  async function start(
    functionName: FunctionName,
    environment: Partial<Record<EnvironmentVariableName, string>> = {},
  ): Promise<LocalLambda> {
    const bundle = bundles.get(functionName)!;
    const lambda = await startLocalLambda({
      directory: unpackZip(bundle.zipPath, mkdtempSync(join(workDir, `${functionName}-`))),
      handler: bundle.handler,
      environment: {
        ...localAwsEnvironment({ s3: s3Server.url, sagemakerRuntime: sagemakerServer.url }),
        ...FUNCTION_CONFIGURATION,
        ...environment,
      },
      onLog: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
    });
    running.push(lambda);
    return lambda;
  }

  beforeAll(async () => {
    s3Server = await startLocalHttpServer(() => ({ status: 200, headers: { 'content-type': 'image/png', etag: ETAG }, body: SMALL_PNG }));
    sagemakerServer = await startLocalHttpServer(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '[0.08, 0.92]',
    }));
    bundles = new Map(bundleAllLambdas(join(workDir, 'zips')).map((bundle) => [bundle.functionName, bundle]));
  }, 30_000);

  afterAll(async () => {
    await Promise.all(running.map((lambda) => lambda.stop()));
    await Promise.all([s3Server.close(), sagemakerServer.close()]);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('holds one index.js per zip, with the same bytes on a second build', () => {
    const rebuilt = bundleAllLambdas(join(workDir, 'rebuilt'));

    for (const bundle of rebuilt) {
      expect(Object.keys(unzipSync(readFileSync(bundle.zipPath)))).toStrictEqual(['index.js']);
      expect(bundle.sha256).toBe(bundles.get(bundle.functionName)!.sha256);
    }
  });

  it('runs the three handlers from their zips in order, each taking and returning its step payload', async () => {
    const request = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', image_data: '' };
    const correlation = { correlation_id: 'exec-0001', source_event_id: '17793124-05d4-b198-2fde-7ededc63b103' };
    const [serialize, classify, filter] = await Promise.all(
      (['serializeImageData', 'classifyImageData', 'filterInferenceData'] as const).map((name) => start(name)),
    );

    const image = await serialize!.invoke({ ...correlation, request: { statusCode: 200, body: JSON.stringify(request) } });
    const classification = (await classify!.invoke({ ...correlation, image })) as object;
    const verdict = await filter!.invoke({ ...correlation, image, ...classification });

    expect([image, classification, verdict]).toStrictEqual([
      { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', s3_etag: ETAG },
      { inferences: [0.08, 0.92], label: 'class 1', score: 0.92 },
      { label: 'class 1', score: 0.92 },
    ]);
    expect(
      s3Server.requests.map((request) => [request.path.split('?')[0], request.headers.range, request.headers['if-match']]),
    ).toStrictEqual([
      ['/images/test/bicycle_s_000513.png', 'bytes=0-63', undefined],
      ['/images/test/bicycle_s_000513.png', undefined, ETAG],
    ]);
    expect(Buffer.compare(sagemakerServer.requests[0]!.body, SMALL_PNG)).toBe(0);
    expect(sagemakerServer.requests[0]!.path).toBe('/endpoints/image-classification-2026/invocations');
    expect(logLines.map((line) => [line.function, line.correlationId, line.sourceEventId, line.s3_key, line.outcome])).toStrictEqual([
      ['serializeImageData', 'exec-0001', correlation.source_event_id, 'test/bicycle_s_000513.png', 'success'],
      ['classifyImageData', 'exec-0001', correlation.source_event_id, 'test/bicycle_s_000513.png', 'success'],
      ['filterInferenceData', 'exec-0001', correlation.source_event_id, 'test/bicycle_s_000513.png', 'success'],
    ]);
    // Three cold starts of separate processes: seconds on a busy 2-core machine.
  }, 30_000);

  it('fails an invocation with the error name Step Functions will match', async () => {
    const filter = await start('filterInferenceData', { CONFIDENCE_THRESHOLD: '0.99' });
    const event = {
      correlation_id: 'exec-0002',
      image: { s3_bucket: 'images', s3_key: 'a.png', s3_etag: ETAG },
      label: 'bicycle',
      score: 0.92,
    };

    const error = await filter.invoke(event).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LambdaFunctionError);
    expect(error).toMatchObject({
      name: 'ThresholdConfidenceNotMet',
      message: "Top label 'bicycle' scored 0.92, below the confidence threshold 0.99: s3://images/a.png",
    });
  });

  it('summarizes a batch from its zip, streaming the result files and writing failed-images.json beside them', async () => {
    const folder = 'batch-results/0c1d/';
    const entry = (key: string, status: string, error?: string) => ({
      Status: status,
      Input: JSON.stringify({ s3_bucket: 'images', s3_key: key, s3_etag: ETAG }),
      ...(status === 'SUCCEEDED' ? { Output: JSON.stringify({ s3_key: key, inferences: [0.1, 0.9] }) } : { Error: error }),
    });
    const objects: Record<string, unknown> = {
      [`${folder}manifest.json`]: {
        DestinationBucket: 'images',
        ResultFiles: { SUCCEEDED: [{ Key: `${folder}SUCCEEDED_0.json` }], FAILED: [{ Key: `${folder}FAILED_0.json` }], PENDING: [] },
      },
      [`${folder}SUCCEEDED_0.json`]: [entry('a.png', 'SUCCEEDED'), entry('b.png', 'SUCCEEDED')],
      [`${folder}FAILED_0.json`]: [entry('c.png', 'FAILED', 'ModelError')],
    };
    const results = await startLocalHttpServer((request): Reply => {
      const key = decodeURIComponent(request.path.split('?')[0]!.slice('/images/'.length));
      if (request.method === 'PUT') return { status: 200, headers: { etag: '"m"' } };
      return key in objects
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(objects[key]) }
        : { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
    });
    try {
      const summarize = await startLocalLambda({
        directory: unpackZip(bundles.get('summarizeBatchResults')!.zipPath, mkdtempSync(join(workDir, 'summarize-'))),
        handler: bundles.get('summarizeBatchResults')!.handler,
        environment: localAwsEnvironment({ s3: results.url }),
      });
      running.push(summarize);

      const summary = await summarize.invoke({
        MapRunArn: 'arn:map-run',
        ResultWriterDetails: { Bucket: 'images', Key: `${folder}manifest.json` },
      });

      expect(summary).toMatchObject({ total: 3, succeeded: 2, failed: 1, failed_manifest: `s3://images/${folder}failed-images.json` });
      const put = results.requests.find((request) => request.method === 'PUT')!;
      expect(put.path.split('?')[0]).toBe(`/images/${folder}failed-images.json`);
      expect(put.body.toString()).toContain(JSON.stringify({ Key: 'c.png', Etag: ETAG }));
    } finally {
      await results.close();
    }
  });

  it('refuses to start when its configuration is invalid', async () => {
    await expect(start('classifyImageData', { ENDPOINT_NAME: 'not_valid' })).rejects.toThrow(
      /failed: InvalidConfiguration: ENDPOINT_NAME must be a SageMaker endpoint name .*, got: "not_valid"$/,
    );
  });
});
