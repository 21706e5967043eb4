import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { projectSynthConfig, synthesize } from '../infra/app';
import { findProjectRoot } from '../infra/project-root';
import { describeEvent } from '../local/describe-event';
import { localAwsEnvironment } from '../local/local-aws-environment';
import { startLocalS3 } from '../local/local-s3';
import { createLocalWorkflow } from '../local/run-workflow';
import { InvalidSimulateArguments, parseSimulateArguments, simulatedKey } from '../local/simulate-options';
import type { SimulateOptions } from '../local/simulate-options';
import { deterministicScores, startStandInEndpoint } from '../local/stand-in-endpoint';
import { readSynthesizedWorkflow, startArtifactFunctions } from '../local/synthesized-workflow';

const BUCKET = 'simulated-images';
const PASS_THROUGH_AWS_VARIABLES = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'HOME'];

async function hasAwsCredentials(region: string): Promise<boolean> {
  try {
    await new SageMakerRuntimeClient({ region }).config.credentials();
    return true;
  } catch {
    return false;
  }
}

/** The synthesized stack folder, synthesizing first when there is none. */
function synthesizedStackDir(projectDir: string, stackName: string): string {
  const stackDir = join(process.env.CDKTF_OUTDIR ?? join(projectDir, 'cdktf.out'), 'stacks', stackName);
  if (existsSync(join(stackDir, 'cdk.tf.json'))) return stackDir;
  console.log(`No synthesized stack at ${stackDir}: synthesizing first.`);
  return synthesize(projectDir, { hclOutput: false }).stackDir;
}

async function simulate(options: SimulateOptions): Promise<number> {
  const projectDir = findProjectRoot();
  const config = projectSynthConfig(projectDir);
  if (options.endpoint !== undefined && !(await hasAwsCredentials(config.region))) {
    console.error(`--endpoint ${options.endpoint} calls a real SageMaker endpoint, but no AWS credentials were found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).`);
    return 1;
  }
  const workflow = readSynthesizedWorkflow(synthesizedStackDir(projectDir, config.stackName));
  const workDir = mkdtempSync(join(tmpdir(), 'simulate-'));
  const s3 = await startLocalS3();
  const standIn =
    options.endpoint === undefined
      ? await startStandInEndpoint(({ image }) => ({ scores: options.scores ?? deterministicScores(image) }))
      : undefined;
  const awsEnvironment: Record<string, string> =
    standIn === undefined
      ? Object.fromEntries(PASS_THROUGH_AWS_VARIABLES.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!]))
      : localAwsEnvironment({ sagemakerRuntime: standIn.url }, config.region);
  const functions = await startArtifactFunctions(workflow, {
    variables: {
      notification_email: 'simulation@example.invalid',
      endpoint_name: options.endpoint ?? 'local-stand-in',
      image_bucket: BUCKET,
      image_key_prefix: 'images/',
      ...(options.threshold === undefined ? {} : { confidence_threshold: options.threshold }),
    },
    awsEnvironment: { ...awsEnvironment, AWS_REGION: config.region, AWS_ENDPOINT_URL_S3: s3.url },
    workDir,
    onLog: (functionName, line) => console.log(`    [${functionName}] ${line}`),
  });

  console.log(
    standIn === undefined
      ? `Endpoint: the real SageMaker endpoint ${options.endpoint} in ${config.region}.`
      : `Endpoint: a local stand-in, NOT a model. Scores: ${options.scores ? `[${options.scores.join(', ')}] for every image (--scores)` : 'derived from each image\'s SHA-256 (0.5 + first byte / 510), the same every run'}.`,
  );
  const localWorkflow = createLocalWorkflow(workflow.definition);
  const outcomes: string[] = [];
  try {
    for (const image of options.images) {
      const key = simulatedKey(image);
      s3.put(BUCKET, key, { bytes: readFileSync(image) });
      console.log(`\n=== ${basename(image)} (s3://${BUCKET}/${key})`);
      const execution = await localWorkflow.run({
        functions: functions.functions,
        input: { s3_bucket: BUCKET, s3_key: key, image_data: '' },
        executionName: basename(image).replace(/[^\w-]/g, '-'),
        onEvent: (event) => {
          const line = describeEvent(event);
          if (line !== undefined) console.log(`  ${line}`);
        },
      });
      for (const notification of execution.published) {
        console.log(`  Notification that would be emailed:\n    Subject: ${notification.subject}\n    ${JSON.stringify(JSON.parse(notification.message), null, 2).replace(/\n/g, '\n    ')}`);
      }
      const outcome = execution.status === 'SUCCEEDED' ? 'SUCCEEDED' : `FAILED (${execution.error})`;
      console.log(`  Execution ${outcome}`);
      outcomes.push(outcome);
    }
  } finally {
    await functions.stop();
    await Promise.all([s3.close(), standIn?.close()]);
    rmSync(workDir, { recursive: true, force: true });
  }
  const succeeded = outcomes.filter((outcome) => outcome === 'SUCCEEDED').length;
  console.log(`\n${outcomes.length} image(s): ${succeeded} succeeded, ${outcomes.length - succeeded} failed`);
  return 0;
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
