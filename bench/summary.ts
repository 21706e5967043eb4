import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS } from '../contract/functions';
import { BUNDLE_FILE, bundleAllLambdas } from '../infra/lambda-bundle';
import { startLocalHttpServer } from '../local/http-server';
import type { RecordedRequest, Reply } from '../local/http-server';
import { startLocalLambda } from '../local/lambda-host';
import { localAwsEnvironment } from '../local/local-aws-environment';
import { unpackZip } from '../local/unpack-zip';

const RESULTS = Number(process.env.BENCH_SUMMARY_RESULTS ?? 100_000);
/** An unpacked summary bundle to measure instead of this tree's (e.g. an earlier commit's build). */
const BUNDLE_DIR = process.env.BENCH_SUMMARY_BUNDLE_DIR;
/** The shares of the children that failed, one run each. */
const FAILED_SHARES = (process.env.BENCH_SUMMARY_FAILED_SHARES ?? '0,0.3,1').split(',').map(Number);
const BUCKET = 'bench-results';
const FOLDER = 'batch-results/0c1d5e6f-1a2b-3c4d-5e6f-7a8b9c0d1e2f/';
const MAP_RUN_ARN = 'arn:aws:states:us-east-1:123456789012:mapRun:image-classification-batch/images:0c1d5e6f';

/** One child execution as an EXPRESS child's ResultWriter entry holds it (Transformation NONE), scores of two classes. */
function resultEntry(index: number, status: 'SUCCEEDED' | 'FAILED'): string {
  const key = `batch/2026-11-25/${String(index).padStart(6, '0')}.png`;
  const input = JSON.stringify({ s3_bucket: 'bench-images', s3_key: key, s3_etag: '"9b2cf535f27731c974343645a3985328"' });
  const outcome =
    status === 'SUCCEEDED'
      ? {
          Output: JSON.stringify({ s3_bucket: 'bench-images', s3_key: key, inferences: [0.0213, 0.9787] }),
          OutputDetails: { Included: true },
        }
      : { Error: 'ServiceUnavailable', Cause: '{"errorMessage":"Service unavailable","errorType":"ServiceUnavailable"}' };
  return JSON.stringify({
    ExecutionArn: `arn:aws:states:us-east-1:123456789012:express:image-classification-batch/images:0c1d5e6f:${index}`,
    Input: input,
    InputDetails: { Included: true },
    Name: `${index}`,
    ...outcome,
    StartDate: '2026-11-25T10:00:00.000Z',
    StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:image-classification-batch',
    Status: status,
    StopDate: '2026-11-25T10:00:01.250Z',
  });
}

function resultFile(from: number, to: number, status: 'SUCCEEDED' | 'FAILED'): Buffer {
  const entries: string[] = [];
  for (let index = from; index < to; index++) entries.push(resultEntry(index, status));
  return Buffer.from(`[${entries.join(',')}]`);
}

/** The S3 calls the summary makes: GetObject of the manifest and result files, PutObject or a multipart upload of its own manifest. */
function s3Stand(objects: ReadonlyMap<string, Buffer>) {
  let uploadedBytes = 0;
  let uploadRequests = 0;
  const reply = (request: RecordedRequest): Reply => {
    const [path = '', query = ''] = request.path.split('?');
    const key = decodeURIComponent(path.slice(`/${BUCKET}/`.length));
    const parameters = new URLSearchParams(query);
    if (request.method === 'GET') {
      const body = objects.get(key);
      return body === undefined
        ? { status: 404, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code></Error>' }
        : { status: 200, headers: { 'content-type': 'application/json', etag: '"0"' }, body };
    }
    uploadRequests++;
    uploadedBytes += request.body.length;
    const xml = (body: string): Reply => ({ status: 200, headers: { 'content-type': 'application/xml' }, body });
    if (request.method === 'POST' && parameters.has('uploads')) {
      return xml(
        `<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (request.method === 'POST') {
      return xml(
        `<CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><ETag>"m-1"</ETag></CompleteMultipartUploadResult>`,
      );
    }
    return { status: 200, headers: { etag: `"p${uploadRequests}"` } };
  };
  return { reply, uploaded: () => ({ bytes: uploadedBytes, requests: uploadRequests }) };
}

/**
 * The V8 heap sizes Lambda's Node.js runtime gives a function of `memoryMb` (its bootstrap: a tenth of
 * the memory for the young generation, half of that per semi-space, the rest for the old one), so the
 * garbage collector works as hard here as it does there.
 */
function lambdaHeapOptions(memoryMb: number): string {
  const newSpace = Math.floor(memoryMb / 10);
  return `--max-semi-space-size=${Math.floor(newSpace / 2)} --max-old-space-size=${memoryMb - newSpace}`;
}

async function summarizeOnce(directory: string, failed: number): Promise<string> {
  const succeeded = RESULTS - failed;
  const objects = new Map<string, Buffer>([
    [`${FOLDER}SUCCEEDED_0.json`, resultFile(0, succeeded, 'SUCCEEDED')],
    [`${FOLDER}FAILED_0.json`, resultFile(succeeded, RESULTS, 'FAILED')],
  ]);
  const files = (status: string) =>
    [...objects.keys()].filter((key) => key.includes(status)).map((Key) => ({ Key, Size: objects.get(Key)!.length }));
  const manifest = {
    DestinationBucket: BUCKET,
    MapRunArn: MAP_RUN_ARN,
    ResultFiles: { SUCCEEDED: files('SUCCEEDED'), FAILED: files('FAILED'), PENDING: [] },
  };
  objects.set(`${FOLDER}manifest.json`, Buffer.from(JSON.stringify(manifest)));
  const resultBytes = [...objects.values()].reduce((sum, body) => sum + body.length, 0);
  const stand = s3Stand(objects);
  const server = await startLocalHttpServer(stand.reply);
  const lambda = await startLocalLambda({
    directory,
    handler: 'index.handler',
    environment: { ...localAwsEnvironment({ s3: server.url }), NODE_OPTIONS: lambdaHeapOptions(FUNCTIONS.summarizeBatchResults.memoryMb) },
  });
  try {
    const started = performance.now();
    const summary = (await lambda.invoke({
      MapRunArn: MAP_RUN_ARN,
      ResultWriterDetails: { Bucket: BUCKET, Key: `${FOLDER}manifest.json` },
    })) as {
      total: number;
      failed: number;
    };
    const seconds = (performance.now() - started) / 1000;
    const peakMb = await lambda.peakMemoryMb();
    const memoryMb = FUNCTIONS.summarizeBatchResults.memoryMb;
    const uploaded = stand.uploaded();
    return (
      `  ${RESULTS} results (${succeeded} succeeded, ${failed} failed; ${(resultBytes / 2 ** 20).toFixed(0)} MB of result files): ` +
      `${seconds.toFixed(2)} s, peak RSS ${peakMb.toFixed(0)} MB of the function's ${memoryMb} MB (${((100 * peakMb) / memoryMb).toFixed(0)}%)` +
      (uploaded.requests === 0
        ? ''
        : `, failed-images.json in ${uploaded.requests} request(s), ${(uploaded.bytes / 2 ** 20).toFixed(1)} MB`) +
      (summary.total === RESULTS && summary.failed === failed ? '' : ` WRONG SUMMARY ${JSON.stringify(summary).slice(0, 200)}`)
    );
  } catch (error) {
    return `  ${RESULTS} results (${failed} failed): FAILED ${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`;
  } finally {
    await lambda.stop();
    await server.close();
  }
}

/**
 * The batch summary over RESULTS child results, run from its zip in its own process (a cold
 * container) against a local S3 stand-in: wall time and the process's peak RSS against the
 * function's configured memory, with none, 30% and all of the children failed.
 */
async function benchSummary(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-summary-'));
  try {
    const directory =
      BUNDLE_DIR ??
      unpackZip(
        bundleAllLambdas(join(workDir, 'zips')).find((bundle) => bundle.functionName === 'summarizeBatchResults')!.zipPath,
        join(workDir, 'summarizeBatchResults'),
      );
    console.log(
      `Batch summary (the ${BUNDLE_FILE} of its zip${BUNDLE_DIR === undefined ? '' : ` in ${BUNDLE_DIR}`}, one fresh process per run, ` +
        `with Lambda's heap sizes for ${FUNCTIONS.summarizeBatchResults.memoryMb} MB: ${lambdaHeapOptions(FUNCTIONS.summarizeBatchResults.memoryMb)})`,
    );
    for (const failedShare of FAILED_SHARES) console.log(await summarizeOnce(directory, Math.round(RESULTS * failedShare)));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

export { benchSummary };
