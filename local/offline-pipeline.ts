import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerraformVariableName } from '../contract/variables';
import type { LocalHttpServer } from './http-server';
import { localAwsEnvironment } from './local-aws-environment';
import { startLocalS3 } from './local-s3';
import type { LocalS3 } from './local-s3';
import { createLocalWorkflow } from './run-workflow';
import type { EventLog, LocalExecution } from './run-workflow';
import { startStandInEndpoint } from './stand-in-endpoint';
import type { EndpointAnswer, Invocation } from './stand-in-endpoint';
import { readSynthesizedWorkflow, startArtifactFunctions } from './synthesized-workflow';
import type { SynthesizedWorkflow } from './synthesized-workflow';

interface OfflinePipelineOptions {
  /** The synthesized stack folder (`cdktf.out/stacks/<stack>`). */
  readonly stackDir: string;
  /** Values for the Terraform variables, over their defaults. */
  readonly variables: Readonly<Partial<Record<TerraformVariableName, string | number>>>;
  /** What the stand-in endpoint answers; without it the functions call the real SageMaker with `awsEnvironment`. */
  readonly endpoint?: (invocation: Invocation) => EndpointAnswer;
  /** Region and credentials for the functions; placeholders when the endpoint is a stand-in. */
  readonly awsEnvironment?: Readonly<Record<string, string>>;
  readonly region?: string;
  readonly onLog?: (functionName: string, line: string) => void;
}

interface RunOptions {
  readonly executionName?: string;
  readonly onEvent?: (event: EventLog) => void;
}

/** The synthesized system on this machine: functions from their zips, the definition, local S3 and endpoint. */
interface OfflinePipeline {
  readonly workflow: SynthesizedWorkflow;
  readonly s3: LocalS3;
  /** The stand-in endpoint; undefined when the functions call a real one. */
  readonly endpoint: LocalHttpServer | undefined;
  run(input: unknown, options?: RunOptions): Promise<LocalExecution>;
  stop(): Promise<void>;
}

async function startOfflinePipeline(options: OfflinePipelineOptions): Promise<OfflinePipeline> {
  const region = options.region ?? 'us-east-1';
  const workflow = readSynthesizedWorkflow(options.stackDir);
  const localWorkflow = createLocalWorkflow(workflow.definition);
  const workDir = mkdtempSync(join(tmpdir(), 'offline-pipeline-'));
  const s3 = await startLocalS3();
  const endpoint = options.endpoint === undefined ? undefined : await startStandInEndpoint(options.endpoint);
  const awsEnvironment =
    endpoint === undefined
      ? { ...options.awsEnvironment, AWS_REGION: region, AWS_ENDPOINT_URL_S3: s3.url }
      : localAwsEnvironment({ s3: s3.url, sagemakerRuntime: endpoint.url }, region);
  const close = async () => {
    await Promise.all([s3.close(), endpoint?.close()]);
    rmSync(workDir, { recursive: true, force: true });
  };
  let functions;
  try {
    functions = await startArtifactFunctions(workflow, { variables: options.variables, awsEnvironment, workDir, onLog: options.onLog });
  } catch (error) {
    await close();
    throw error;
  }
  const started = functions;
  return {
    workflow,
    s3,
    endpoint,
    run: (input, runOptions = {}) => localWorkflow.run({ functions: started.functions, input, ...runOptions }),
    stop: async () => {
      await started.stop();
      await close();
    },
  };
}

export { startOfflinePipeline };
export type { OfflinePipeline, OfflinePipelineOptions };
