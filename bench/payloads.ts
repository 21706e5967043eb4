import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from '../contract/functions';
import type { ClassifyEvent } from '../contract/step-payloads';
import { REAL_TIME_ENDPOINT_MAX_BYTES } from '../contract/variables';
import { startLocalLambda } from '../local/lambda-host';
import { localAwsEnvironment } from '../local/local-aws-environment';
import { largestPayloadBytes } from '../local/payload-size';
import { makePng, padJpeg } from '../local/sample-images';
import { unpackZip } from '../local/unpack-zip';
import { BENCH_BUCKET, withBenchPipeline } from './bench-pipeline';

const PAYLOAD_TARGET_BYTES = 4 * 1024;

/** The largest state payload per image size, and the classify function's peak memory on the largest image allowed. */
async function benchPayloads(): Promise<void> {
  await withBenchPipeline('payloads', {}, async ({ pipeline, projectDir, workDir }) => {
    const jpeg = readFileSync(join(projectDir, 'fixtures', 'images', 'motorcycle.jpg'));
    const images = {
      'small-32px.png': makePng(32, 32, (x, y) => [x * 8, y * 8, 128]),
      'photo-2.4MB.jpg': padJpeg(jpeg, 2_400_000),
      'photo-6MB.jpg': padJpeg(jpeg, REAL_TIME_ENDPOINT_MAX_BYTES),
    };
    console.log(`Largest state payload of one execution (target <= ${PAYLOAD_TARGET_BYTES} bytes; the Step Functions quota is 262144)`);
    for (const [key, bytes] of Object.entries(images)) {
      pipeline.s3.put(BENCH_BUCKET, key, { bytes });
      const execution = await pipeline.run({ s3_bucket: BENCH_BUCKET, s3_key: key });
      const largest = largestPayloadBytes(execution);
      const verdict = largest <= PAYLOAD_TARGET_BYTES ? 'ok' : 'OVER';
      console.log(
        `  ${key.padEnd(16)} ${String(bytes.length).padStart(8)} bytes image  ${execution.status.padEnd(9)} largest payload ${largest} bytes (${verdict})`,
      );
    }

    const classify = pipeline.workflow.functions.find((fn) => fn.functionName.endsWith('classifyImageData'))!;
    const lambda = await startLocalLambda({
      directory: unpackZip(classify.zipPath, join(workDir, 'classify')),
      handler: classify.handler,
      environment: {
        ...localAwsEnvironment({ s3: pipeline.s3.url, sagemakerRuntime: pipeline.endpoint!.url }),
        ENDPOINT_NAME: 'bench',
        MAX_IMAGE_BYTES: String(REAL_TIME_ENDPOINT_MAX_BYTES),
        MAX_SCORES: '10000',
      },
    });
    try {
      const idle = await lambda.peakMemoryMb();
      const [photo] = pipeline.s3.list(BENCH_BUCKET, 'photo-6MB.jpg');
      const event: ClassifyEvent = {
        correlation_id: 'bench',
        image: { s3_bucket: BENCH_BUCKET, s3_key: 'photo-6MB.jpg', s3_etag: photo!.etag },
      };
      await lambda.invoke(event);
      const peak = await lambda.peakMemoryMb();
      const configured = FUNCTIONS.classifyImageData.memoryMb;
      console.log(
        `  classifyImageData on the ${REAL_TIME_ENDPOINT_MAX_BYTES}-byte image: peak RSS ${peak.toFixed(0)} MB (${idle.toFixed(0)} MB after init), ` +
          `configured ${configured} MB (${((peak / configured) * 100).toFixed(0)}% used)`,
      );
    } finally {
      await lambda.stop();
    }
  });
}

export { benchPayloads };
