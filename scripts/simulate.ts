import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { synthesize } from '../infra/app';
import { projectSynthConfig } from '../infra/project-synth-config';
import { findProjectRoot } from '../infra/project-root';
import { startOfflinePipeline } from '../local/offline-pipeline';
import type { OfflinePipeline } from '../local/offline-pipeline';
import type { LocalExecution } from '../local/run-workflow';
import { INTEGRATION_RESOURCES } from '../asl/integrations/resources';
import { deterministicScores } from '../local/stand-in-endpoint';
import { describeEvent } from './describe-event';
import { InvalidSimulateArguments, parseSimulateArguments, simulatedKey } from './simulate-options';
import type { SimulateOptions } from './simulate-options';

const BUCKET = 'simulated-images';
const PASS_THROUGH_AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'HOME',
];

async function hasAwsCredentials(region: string): Promise<boolean> {
  try {
    await new SageMakerRuntimeClient({ region }).config.credentials();
    return true;
  } catch {
    return false;
  }
}

function passedThroughAwsEnvironment(): Record<string, string> {
  return Object.fromEntries(
    PASS_THROUGH_AWS_VARIABLES.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!]),
  );
}

/** JSON text pretty-printed, each line indented under a heading of the output. */
function indentedJson(text: string): string {
  return `    ${JSON.stringify(JSON.parse(text), null, 2).replace(/\n/g, '\n    ')}`;
}

function printNotification(notification: { subject: string | undefined; message: string }): void {
  console.log(`  Notification that would be emailed:\n    Subject: ${notification.subject}\n${indentedJson(notification.message)}`);
}

/** The objects an execution wrote with the S3 integration (its result object), each with what it holds now. */
function printResultObjects(pipeline: OfflinePipeline, execution: LocalExecution): void {
  for (const event of execution.events) {
    if (event.type !== 'TaskScheduled' || event.resource !== INTEGRATION_RESOURCES.s3PutObject) continue;
    const { Bucket, Key } = event.parameters as { Bucket: string; Key: string };
    const stored = pipeline.s3.get(Bucket, Key);
    if (stored === undefined) {
      console.log(`  Result object s3://${Bucket}/${Key} was not written`);
      continue;
    }
    console.log(`  Result object s3://${Bucket}/${Key}:\n${indentedJson(Buffer.from(stored.bytes).toString('utf8'))}`);
  }
}

/** The images as one batch: the batch state machine over their prefix, each child's outcome, then the one summary; 0 when every image succeeded. */
async function simulateBatch(pipeline: OfflinePipeline, options: SimulateOptions): Promise<number> {
  for (const image of options.images) pipeline.s3.put(BUCKET, simulatedKey(image), { bytes: readFileSync(image) });
  const input = { s3_bucket: BUCKET, s3_prefix: 'images/' };
  console.log(`\n=== batch over s3://${BUCKET}/images/ (${options.images.length} object(s)): ${JSON.stringify(input)}`);
  const execution = await pipeline.runBatch(input, {
    onChild: (child, childExecution) => {
      const key = (JSON.parse(child.Input) as { s3_key?: string }).s3_key;
      console.log(`  child ${key}: ${child.Status}${child.Error === undefined ? '' : ` (${child.Error})`}`);
      printResultObjects(pipeline, childExecution);
    },
  });
  const { mapRun } = execution;
  if (mapRun === undefined) console.log('  no Map Run: the batch ended before it');
  else
    console.log(
      `  Map Run ${mapRun.mapRunArn}: ${mapRun.items} item(s), ${mapRun.succeeded} succeeded, ${mapRun.failed} failed${mapRun.error === undefined ? '' : `, ${mapRun.error}`}`,
    );
  if (mapRun?.resultWriterDetails !== undefined)
    console.log(`  results: s3://${mapRun.resultWriterDetails.Bucket}/${mapRun.resultWriterDetails.Key}`);
  execution.published.forEach(printNotification);
  console.log(`  Batch execution ${execution.status === 'SUCCEEDED' ? 'SUCCEEDED' : `FAILED (${execution.error})`}`);
  return execution.status === 'SUCCEEDED' && mapRun?.failed === 0 ? 0 : 1;
}

/** Runs each image through the synthesized system; 0 when every execution succeeded, else 1. */
async function simulate(options: SimulateOptions): Promise<number> {
  const projectDir = findProjectRoot();
  const config = projectSynthConfig(projectDir);
  if (options.endpoint !== undefined && !(await hasAwsCredentials(config.region))) {
    console.error(
      `--endpoint ${options.endpoint} calls a real SageMaker endpoint, but no AWS credentials were found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).`,
    );
    return 1;
  }
  // Synthesis runs every time, so edits to the handlers or the options are never silently ignored.
  const { stackDir } = synthesize(projectDir, { hclOutput: false });
  console.log(`Synthesized ${stackDir}`);
  const pipeline = await startOfflinePipeline({
    stackDir,
    variables: {
      notification_email: 'simulation@example.invalid',
      endpoint_name: options.endpoint ?? 'local-stand-in',
      image_bucket: BUCKET,
      image_key_prefix: 'images/',
      ...(options.threshold === undefined ? {} : { confidence_threshold: options.threshold }),
      ...(options.responseFormat === undefined ? {} : { endpoint_response_format: options.responseFormat }),
      ...(options.labels === undefined ? {} : { class_labels: options.labels }),
    },
    endpoint: options.endpoint === undefined ? ({ image }) => ({ scores: options.scores ?? deterministicScores(image) }) : undefined,
    model: { shape: options.responseFormat, labels: options.labels },
    awsEnvironment: passedThroughAwsEnvironment(),
    region: config.region,
    onLog: (functionName, line) => console.log(`    [${functionName}] ${line}`),
  });

  console.log(
    options.endpoint !== undefined
      ? `Endpoint: the real SageMaker endpoint ${options.endpoint} in ${config.region}.`
      : `Endpoint: a local stand-in, NOT a model. Scores: ${options.scores ? `[${options.scores.join(', ')}] for every image (--scores)` : "derived from each image's SHA-256 (0.5 + first byte / 510), the same every run"}.`,
  );
  if (options.endpoint === undefined && options.responseFormat !== undefined)
    console.log(`The stand-in answers in the ${options.responseFormat} shape; endpoint_response_format is pinned to it.`);
  if (options.labels !== undefined)
    console.log(`class_labels: ${options.labels.length} name(s), written to the local S3 as Terraform writes them.`);
  if (options.batch) {
    try {
      return await simulateBatch(pipeline, options);
    } finally {
      await pipeline.stop();
    }
  }
  const outcomes: string[] = [];
  try {
    for (const image of options.images) {
      const key = simulatedKey(image);
      pipeline.s3.put(BUCKET, key, { bytes: readFileSync(image) });
      console.log(`\n=== ${basename(image)} (s3://${BUCKET}/${key})`);
      const execution = await pipeline.run(
        { s3_bucket: BUCKET, s3_key: key, image_data: '' },
        {
          executionName: basename(image).replace(/[^\w-]/g, '-'),
          onEvent: (event) => {
            const line = describeEvent(event);
            if (line !== undefined) console.log(`  ${line}`);
          },
        },
      );
      printResultObjects(pipeline, execution);
      execution.published.forEach(printNotification);
      const outcome = execution.status === 'SUCCEEDED' ? 'SUCCEEDED' : `FAILED (${execution.error})`;
      console.log(`  Execution ${outcome}`);
      outcomes.push(outcome);
    }
  } finally {
    await pipeline.stop();
  }
  const succeeded = outcomes.filter((outcome) => outcome === 'SUCCEEDED').length;
  console.log(`\n${outcomes.length} image(s): ${succeeded} succeeded, ${outcomes.length - succeeded} failed`);
  return succeeded === outcomes.length ? 0 : 1;
}

async function main(): Promise<void> {
  let options: SimulateOptions;
  try {
    options = parseSimulateArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof InvalidSimulateArguments)) throw error;
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await simulate(options);
}

void main();
