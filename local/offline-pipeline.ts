import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerraformVariableName } from '../contract/variables';
import { matchesEventPattern, transformInput } from './eventbridge';
import type { Json } from './json';
import { createLocalDynamoDb } from './local-dynamodb';
import type { LocalDynamoDb } from './local-dynamodb';
import { localAwsEnvironment } from './local-aws-environment';
import type { FaultReport } from './fault-injection';
import { lambdaThrottling } from './lambda-throttling';
import type { LambdaThrottling, LambdaThrottlingOptions } from './lambda-throttling';
import { localS3Client, startLocalS3 } from './local-s3';
import type { LocalS3, LocalS3Options } from './local-s3';
import { IntegrationFailure, createLocalWorkflow } from './run-workflow';
import type { ChildResult, LocalExecution, LocalFunction, LocalWorkflow, MapRunReport, RunWorkflowOptions } from './run-workflow';
import { classLabelsLocals } from './class-labels-object';
import { startStandInEndpoint } from './stand-in-endpoint';
import type { EndpointAnswer, Invocation, StandInEndpoint, StandInEndpointOptions } from './stand-in-endpoint';
import {
  readSynthesizedWorkflow,
  resolveTerraformVariables,
  resolveVariableReferences,
  startArtifactFunctions,
  variableValues,
} from './synthesized-workflow';
import type { ListBucketGrant, LocalValues, SynthesizedTrigger, SynthesizedWorkflow, TerraformValue } from './synthesized-workflow';

interface OfflinePipelineOptions {
  /** The synthesized stack folder (`cdktf.out/stacks/<stack>`). */
  readonly stackDir: string;
  /** Values for the Terraform variables, over their defaults. */
  readonly variables: Readonly<Partial<Record<TerraformVariableName, TerraformValue>>>;
  /** What the stand-in endpoint answers; without it the functions call the real SageMaker with `awsEnvironment`. */
  readonly endpoint?: (invocation: Invocation) => EndpointAnswer;
  /** The shape the stand-in writes its answers in, and the model's own class names (see local/stand-in-endpoint.ts). */
  readonly model?: Pick<StandInEndpointOptions, 'shape' | 'labels'>;
  /** Region and credentials for the functions; placeholders when the endpoint is a stand-in. */
  readonly awsEnvironment?: Readonly<Record<string, string>>;
  readonly region?: string;
  readonly onLog?: (functionName: string, line: string) => void;
  /** Faults the local services inject, as the real ones answer them (see local/fault-injection.ts). */
  readonly faults?: PipelineFaults;
}

/** Values for the Terraform variables, over their defaults (a tfvars file). */
type Variables = OfflinePipelineOptions['variables'];

interface PipelineFaults {
  readonly s3?: LocalS3Options['faults'];
  readonly endpoint?: StandInEndpointOptions['faults'];
  /** Invokes the Lambda service refuses with TooManyRequestsException before the function runs. */
  readonly lambda?: LambdaThrottlingOptions;
}

/** What the local services injected so far, by service. */
interface PipelineFaultReport {
  readonly s3: FaultReport<string>;
  readonly endpoint: FaultReport<string> | undefined;
  readonly lambda: FaultReport<string> | undefined;
}

/** The functions as the Lambda service fronts them: an invoke the current throttling refuses never reaches the function. */
function throttled(
  functions: Readonly<Record<string, LocalFunction>>,
  throttling: () => LambdaThrottling | undefined,
): Record<string, LocalFunction> {
  return Object.fromEntries(
    Object.entries(functions).map(([name, run]) => [
      name,
      (event: unknown) => {
        const refusal = throttling()?.rejectInvoke(name, event);
        if (refusal !== undefined) throw new IntegrationFailure(refusal.error, refusal.cause);
        return run(event);
      },
    ]),
  );
}

/** The stand-in endpoint is what answers with endpoint faults: without it they could not be injected. */
function checkFaults(faults: PipelineFaults | undefined, standIn: boolean): void {
  if (faults?.endpoint !== undefined && !standIn)
    throw new Error('Endpoint faults need the stand-in endpoint (the `endpoint` option): the functions call a real one');
}

type RunOptions = Pick<RunWorkflowOptions, 'executionName' | 'onEvent' | 'rejectPublish'>;

interface BatchRunOptions {
  readonly executionName?: string;
  /** Children in flight at most, below the definition's MaxConcurrency (default 64). */
  readonly concurrencyCap?: number;
  /** Called as each child execution ends, with its entry for the result files and the child execution. */
  readonly onChild?: (result: ChildResult, execution: LocalExecution) => void;
  /** Stand-ins in place of some functions (e.g. one that fails), by the FunctionName the definition passes. */
  readonly functionOverrides?: Readonly<Record<string, LocalFunction>>;
}

/** A batch execution and its one Map Run (undefined when the execution ended before its Distributed Map). */
interface BatchExecution extends LocalExecution {
  readonly mapRun: MapRunReport | undefined;
}

/** What EventBridge did with an event: nothing when the rule does not match, else the execution it started. */
type Delivery = { readonly matched: false } | { readonly matched: true; readonly input: unknown; readonly execution: LocalExecution };

/** The synthesized system on this machine: functions from their zips, the definition, local S3 and endpoint. */
interface OfflinePipeline {
  readonly workflow: SynthesizedWorkflow;
  readonly s3: LocalS3;
  /** The stand-in endpoint, and the requests it received; undefined when the functions call a real one. */
  readonly endpoint: StandInEndpoint | undefined;
  /** The synthesized DynamoDB tables, in memory, shared by every run. */
  readonly dynamodb: LocalDynamoDb;
  /** The Terraform variables' values the run uses (given over defaults; the last `apply`'s). */
  readonly variables: Readonly<Record<string, TerraformValue>>;
  /** Starts one per-image execution, as StartExecution would. */
  run(input: unknown, options?: RunOptions): Promise<LocalExecution>;
  /** Whether one of the synthesized trigger rules' event patterns matches the event. */
  matchesTrigger(event: Readonly<Record<string, unknown>>): boolean;
  /** What the local services have injected so far (`faults`, or since the last setFaults). */
  faultReport(): PipelineFaultReport;
  /**
   * Injects `faults` from the next request on, in place of those given at start or set before (a
   * service not named injects none), e.g. between the executions of tests sharing the pipeline; the
   * fault report starts again.
   */
  setFaults(faults: PipelineFaults): void;
  /**
   * Applies new values for the Terraform variables (over their defaults, as a new tfvars file), between
   * executions, as `terraform apply` would to this deployment: the definitions, the trigger patterns,
   * the roles' S3 grants and the objects Terraform writes follow them; a function whose environment
   * changes serves its next invocations from new containers, and the others keep their warm ones.
   */
  apply(variables: Variables): Promise<void>;
  /** Delivers an EventBridge event: the rule's pattern, its input transformer, then the per-image execution it starts. */
  deliver(event: Readonly<Record<string, unknown>>, options?: RunOptions): Promise<Delivery>;
  /** Runs the batch state machine on `{s3_bucket, s3_prefix}`, its Distributed Map's children in this process. */
  runBatch(input: unknown, options?: BatchRunOptions): Promise<BatchExecution>;
  stop(): Promise<void>;
}

/** `*` and `?` as IAM's StringLike reads them. */
function matchesStringLike(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * Whether the synthesized roles may list `bucket` for `key`: the rule S3 applies to a read of a
 * missing key (404 with s3:ListBucket, else 403). A prefix condition is matched against the key.
 */
function mayListFor(grants: readonly ListBucketGrant[], values: Readonly<Record<string, TerraformValue>>) {
  const resolved = grants.map((grant) => ({
    bucket: resolveVariableReferences(grant.bucket, values),
    prefixPatterns: grant.prefixPatterns?.map((pattern) => resolveVariableReferences(pattern, values)),
  }));
  return (bucket: string, key: string) =>
    resolved.some(
      (grant) =>
        grant.bucket === bucket &&
        (grant.prefixPatterns === undefined || grant.prefixPatterns.some((pattern) => matchesStringLike(pattern, key))),
    );
}

/** Whether any synthesized role may s3:GetObject `bucket/key`: S3 answers 403 AccessDenied to a read nobody may make. */
function mayReadFor(patterns: readonly string[], values: Readonly<Record<string, TerraformValue>>, locals: LocalValues) {
  const resolved = patterns.map((pattern) => resolveVariableReferences(pattern, values, locals));
  return (bucket: string, key: string) => resolved.some((pattern) => matchesStringLike(pattern, `${bucket}/${key}`));
}

/** The Terraform locals of the synthesized configuration that the offline run needs, computed from the variables as Terraform would. */
function terraformLocals(values: Readonly<Record<string, TerraformValue>>): LocalValues {
  return classLabelsLocals({
    classLabels: values.class_labels as readonly string[],
    imageBucket: String(values.image_bucket),
    resultsPrefix: String(values.results_prefix),
  });
}

/** The S3 objects Terraform writes (the class_labels object, only when the list holds names: its `count`), resolved. */
function objectsToWrite(workflow: SynthesizedWorkflow, values: Readonly<Record<string, TerraformValue>>, locals: LocalValues) {
  if ((values.class_labels as readonly string[]).length === 0) return [];
  return workflow.objects.map((object) => ({
    bucket: resolveTerraformVariables(object.bucket, values, locals),
    key: resolveTerraformVariables(object.key, values, locals),
    content: resolveTerraformVariables(object.content, values, locals),
  }));
}

/** What the Terraform variables decide in the offline system, resolved: the definitions, the trigger patterns, the roles' S3 grants and the objects Terraform writes. */
interface Deployment {
  readonly variables: Readonly<Record<string, TerraformValue>>;
  readonly locals: LocalValues;
  readonly perImage: LocalWorkflow;
  readonly batch: LocalWorkflow | undefined;
  readonly triggers: readonly (SynthesizedTrigger & { readonly pattern: Record<string, Json> })[];
  readonly mayList: (bucket: string, key: string) => boolean;
  readonly mayRead: (bucket: string, key: string) => boolean;
  readonly objects: readonly { readonly bucket: string; readonly key: string; readonly content: string }[];
}

function deployment(workflow: SynthesizedWorkflow, given: Variables, region: string): Deployment {
  const variables = variableValues(workflow, given);
  const locals = terraformLocals(variables);
  const machine = (definition: string, stateMachineName: string) =>
    createLocalWorkflow(resolveVariableReferences(definition, variables), { region, stateMachineName });
  return {
    variables,
    locals,
    perImage: machine(workflow.definition, 'workflow'),
    batch: workflow.batchDefinition === undefined ? undefined : machine(workflow.batchDefinition, 'batch'),
    triggers: workflow.triggers.map((trigger) => ({
      ...trigger,
      pattern: JSON.parse(resolveVariableReferences(trigger.eventPattern, variables)) as Record<string, Json>,
    })),
    mayList: mayListFor(workflow.listBucketGrants, variables),
    mayRead: mayReadFor(workflow.readableObjects, variables, locals),
    objects: objectsToWrite(workflow, variables, locals),
  };
}

/** Terraform's writes of the S3 objects it manages: those new or changed. */
function writeObjects(s3: LocalS3, objects: Deployment['objects']): void {
  for (const { bucket, key, content } of objects) {
    const stored = s3.get(bucket, key);
    if (stored === undefined || Buffer.from(stored.bytes).toString() !== content)
      s3.put(bucket, key, { bytes: Buffer.from(content), contentType: 'application/json' });
  }
}

/** Terraform's deletion of the objects `before` had and `after` has not (the class_labels object is created before its old one is destroyed). */
function deleteObjectsGone(s3: LocalS3, before: Deployment['objects'], after: Deployment['objects']): void {
  for (const { bucket, key } of before) if (!after.some((object) => object.bucket === bucket && object.key === key)) s3.delete(bucket, key);
}

async function startOfflinePipeline(options: OfflinePipelineOptions): Promise<OfflinePipeline> {
  const region = options.region ?? 'us-east-1';
  checkFaults(options.faults, options.endpoint !== undefined);
  const workflow = readSynthesizedWorkflow(options.stackDir);
  let deployed = deployment(workflow, options.variables, region);
  const dynamodb = createLocalDynamoDb(Object.fromEntries(workflow.tables.map((table) => [table.reference, { hashKey: table.hashKey }])));
  const workDir = mkdtempSync(join(tmpdir(), 'offline-pipeline-'));
  const s3 = await startLocalS3({
    mayList: (bucket, key) => deployed.mayList(bucket, key),
    mayRead: (bucket, key) => deployed.mayRead(bucket, key),
    faults: options.faults?.s3,
  });
  writeObjects(s3, deployed.objects);
  const endpoint =
    options.endpoint === undefined
      ? undefined
      : await startStandInEndpoint(options.endpoint, { ...options.model, faults: options.faults?.endpoint, region });
  let throttling = options.faults?.lambda === undefined ? undefined : lambdaThrottling(options.faults.lambda);
  const awsEnvironment =
    endpoint === undefined
      ? { ...options.awsEnvironment, AWS_REGION: region, AWS_ENDPOINT_URL_S3: s3.url }
      : localAwsEnvironment({ s3: s3.url, sagemakerRuntime: endpoint.url }, region);
  const s3Client = localS3Client(s3.url, region);
  const close = async () => {
    s3Client.destroy();
    await Promise.all([s3.close(), endpoint?.close()]);
    rmSync(workDir, { recursive: true, force: true });
  };
  let functions;
  try {
    functions = await startArtifactFunctions(workflow, {
      variables: options.variables,
      locals: deployed.locals,
      awsEnvironment,
      workDir,
      onLog: options.onLog,
    });
  } catch (error) {
    await close();
    throw error;
  }
  const started = functions;
  const invocable = throttled(started.functions, () => throttling);
  const run = (input: unknown, runOptions: RunOptions = {}) =>
    deployed.perImage.run({ functions: invocable, input, dynamodb, s3: s3Client, ...runOptions });
  /** The first rule whose pattern matches (the trigger's rules match disjoint keys), or undefined. */
  const matchingTrigger = (event: Readonly<Record<string, unknown>>) => {
    if (deployed.triggers.length === 0) throw new Error('The synthesized stack has no EventBridge trigger');
    return deployed.triggers.find((trigger) => matchesEventPattern(trigger.pattern, event as Record<string, Json>));
  };
  const matchesTrigger = (event: Readonly<Record<string, unknown>>) => matchingTrigger(event) !== undefined;
  return {
    workflow,
    s3,
    endpoint,
    dynamodb,
    get variables() {
      return deployed.variables;
    },
    run,
    matchesTrigger,
    faultReport: () => ({ s3: s3.faultReport(), endpoint: endpoint?.faultReport(), lambda: throttling?.report() }),
    setFaults(faults) {
      checkFaults(faults, endpoint !== undefined);
      const lambda = faults.lambda === undefined ? undefined : lambdaThrottling(faults.lambda);
      s3.setFaults(faults.s3);
      endpoint?.setFaults(faults.endpoint);
      throttling = lambda;
    },
    async apply(variables) {
      const next = deployment(workflow, variables, region);
      writeObjects(s3, next.objects);
      await started.update(variables, next.locals);
      deleteObjectsGone(s3, deployed.objects, next.objects);
      deployed = next;
    },
    async deliver(event, runOptions = {}) {
      const trigger = matchingTrigger(event);
      if (trigger === undefined) return { matched: false };
      const input = JSON.parse(transformInput(trigger, event as Record<string, Json>)) as unknown;
      return { matched: true, input, execution: await run(input, runOptions) };
    },
    async runBatch(input, batchOptions = {}) {
      if (deployed.batch === undefined) throw new Error('The synthesized stack has no batch state machine');
      const { functionOverrides, executionName = 'local-batch', ...rest } = batchOptions;
      const functions = { ...invocable, ...functionOverrides };
      const execution = await deployed.batch.run({ input, functions, s3: s3Client, dynamodb, executionName, ...rest });
      return { ...execution, mapRun: execution.mapRuns[0] };
    },
    stop: async () => {
      await started.stop();
      await close();
    },
  };
}

export { startOfflinePipeline };
export type {
  BatchExecution,
  OfflinePipeline,
  OfflinePipelineOptions,
  PipelineFaults,
  PipelineFaultReport,
  RunOptions,
  BatchRunOptions,
  Delivery,
};
