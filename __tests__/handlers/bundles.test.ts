import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { bundleAllLambdas } from '../../infra/lambda-bundle';
import type { LambdaBundle } from '../../infra/lambda-bundle';
import { SMALL_PNG } from '../helpers/images';
import { startLocalHttpServer } from '../helpers/local-http-server';
import type { LocalHttpServer } from '../helpers/local-http-server';

type Handler = (event: unknown, context?: unknown) => Promise<{ statusCode: number; body: Record<string, unknown> }>;

const LAMBDA_ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
  ENDPOINT_NAME: 'image-classification-2026',
  CONFIDENCE_THRESHOLD: '0.9',
};

describe('the built Lambda zips', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'lambda-zips-'));
  const savedEnvironment = { ...process.env };
  let bundles: Map<string, LambdaBundle>;
  let s3Server: LocalHttpServer;
  let sagemakerServer: LocalHttpServer;

  /** Unpacks the zip as Lambda would and loads its handler with Node's own require. */
  function loadHandler(functionName: string): Handler {
    const bundle = bundles.get(functionName)!;
    const files = unzipSync(readFileSync(bundle.zipPath));
    const dir = mkdtempSync(join(workDir, `${functionName}-`));
    for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
    const [file, exportName] = bundle.handler.split('.') as [string, string];
    const loaded = createRequire(join(dir, 'package.json'))(`./${file}.js`) as Record<string, Handler>;
    return loaded[exportName]!;
  }

  beforeAll(async () => {
    s3Server = await startLocalHttpServer(() => ({ status: 200, headers: { 'content-type': 'image/png' }, body: SMALL_PNG }));
    sagemakerServer = await startLocalHttpServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '[0.08, 0.92]' }));
    Object.assign(process.env, LAMBDA_ENVIRONMENT, {
      AWS_ENDPOINT_URL_S3: s3Server.url,
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: sagemakerServer.url,
    });
    bundles = new Map(bundleAllLambdas(join(workDir, 'zips')).map((bundle) => [bundle.functionName, bundle]));
  }, 30_000);

  afterAll(async () => {
    process.env = savedEnvironment;
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

  it('runs the three handlers from their zips in order', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const input = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', image_data: '' };

    const serialized = await loadHandler('serializeImageData')(input, { awsRequestId: 'r1' });
    const classified = await loadHandler('classifyImageData')(serialized);
    const filtered = await loadHandler('filterInferenceData')(classified);

    expect(filtered).toStrictEqual({
      statusCode: 200,
      body: { ...input, image_data: SMALL_PNG.toString('base64'), inferences: [0.08, 0.92] },
    });
    expect(s3Server.requests[0]!.path.split('?')[0]).toBe('/images/test/bicycle_s_000513.png');
    expect(sagemakerServer.requests[0]!.path).toBe('/endpoints/image-classification-2026/invocations');
    const logLines = stdout.mock.calls.map(([text]) => JSON.parse(String(text)) as Record<string, unknown>);
    expect(logLines.map((line) => [line.function, line.outcome])).toStrictEqual([
      ['serializeImageData', 'success'],
      ['classifyImageData', 'success'],
      ['filterInferenceData', 'success'],
    ]);
  });
});
