import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerraformVariableName } from '../contract/variables';
import type { LocalHttpServer } from './http-server';
import { localAwsEnvironment } from './local-aws-environment';
import { startLocalS3 } from './local-s3';
import type { LocalS3 } from './local-s3';
import { createLocalWorkflow } from './run-workflow';
import type { LocalExecution, RunWorkflowOptions } from './run-workflow';
import { startStandInEndpoint } from './stand-in-endpoint';
import type { EndpointAnswer, Invocation } from './stand-in-endpoint';
import { readSynthesizedWorkflow, resolveTerraformVariables, startArtifactFunctions } from './synthesized-workflow';
import type { ListBucketGrant, SynthesizedWorkflow } from './synthesized-workflow';

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

type RunOptions = Pick<RunWorkflowOptions, 'executionName' | 'onEvent' | 'rejectPublish'>;

/** The synthesized system on this machine: functions from their zips, the definition, local S3 and endpoint. */
interface OfflinePipeline {
  readonly workflow: SynthesizedWorkflow;
  readonly s3: LocalS3;
  /** The stand-in endpoint; undefined when the functions call a real one. */
  readonly endpoint: LocalHttpServer | undefined;
  run(input: unknown, options?: RunOptions): Promise<LocalExecution>;
  stop(): Promise<void>;
}

/** `*` and `?` as IAM's StringLike reads them. */
function matchesStringLike(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * Whether the synthesized roles may list `bucket` for `key`: the rule S3 applies to a read of a
 * missing key (404 with s3:ListBucket, else 403). A prefix condition is matched against the key.
 */
function mayListFor(grants: readonly ListBucketGrant[], values: Readonly<Record<string, string | number>>) {
  const resolve = (text: string) => text.replace(/\$\{var\.(\w+)\}/g, (reference) => resolveTerraformVariables(reference, values));
  return (bucket: string, key: string) =>
    grants.some(
      (grant) => resolve(grant.bucket) === bucket && (grant.prefixPatterns === undefined || grant.prefixPatterns.some((pattern) => matchesStringLike(resolve(pattern), key))),
    );
}

async function startOfflinePipeline(options: OfflinePipelineOptions): Promise<OfflinePipeline> {
  const region = options.region ?? 'us-east-1';
  const workflow = readSynthesizedWorkflow(options.stackDir);
  const localWorkflow = createLocalWorkflow(workflow.definition);
  const workDir = mkdtempSync(join(tmpdir(), 'offline-pipeline-'));
  const values = Object.fromEntries(
    Object.entries({ ...workflow.variableDefaults, ...options.variables }).filter((entry): entry is [string, string | number] => entry[1] !== undefined),
  );
  const s3 = await startLocalS3({ mayList: mayListFor(workflow.listBucketGrants, values) });
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
