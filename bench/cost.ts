import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FUNCTIONS, FUNCTION_NAMES } from '../contract/functions';
import { NOTIFICATION_POLICIES } from '../contract/notifications';
import type { NotificationPolicy } from '../contract/notifications';
import type { FunctionName } from '../contract/functions';
import { objectCreatedEvent } from '../local/eventbridge';
import type { OfflinePipeline, OfflinePipelineOptions } from '../local/offline-pipeline';
import { largestPayloadBytes } from '../local/payload-size';
import type { LocalExecution } from '../local/run-workflow';
import { resolveVariableReferences } from '../local/synthesized-workflow';
import { BENCH_BUCKET, withBenchPipeline } from './bench-pipeline';
import { COST_COMPONENTS, costOfImages, dynamoDbWriteUnits, expressBilledMemoryMb, expressBilledMs } from './cost-model';
import type { CostComponent, Costs, FunctionUsage, ImageUsage, WorkflowType } from './cost-model';
import { PRICES } from './prices';

/** The `notify_on` variable's values. */
const NOTIFY_ON_VALUES = Object.values(NOTIFICATION_POLICIES);
const WORKFLOW_TYPES: readonly WorkflowType[] = ['STANDARD', 'EXPRESS'];
const IMAGES = 1_000_000;
/** Executions measured per row, after one that warms the functions up (cold starts left out). */
const MEASURED = 5;
/**
 * AWS's estimate of an EXPRESS execution's memory (Step Functions pricing, examples 3 and 4): 50 MB, plus the
 * definition, plus the execution's data once per Parallel or Map step (taken here as once: the per-image machine has none).
 */
const EXPRESS_BASE_MEMORY_MB = 50;

interface Measurement {
  readonly workflowType: WorkflowType;
  readonly notifyOn: NotificationPolicy;
  readonly usage: ImageUsage;
  readonly costs: Costs;
  readonly largestPayloadBytes: number;
  readonly expressMemoryMb: number;
  /** Measured mean duration per function (unrounded). */
  readonly durationsMs: Readonly<Partial<Record<FunctionName, number>>>;
}

interface InvocationLog {
  readonly function: FunctionName;
  readonly bytes: number;
  readonly durationMs: number | undefined;
}

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/** The catalogue's name of a deployed function (`<prefix>-classifyImageData`). */
function catalogueName(functionName: string): FunctionName {
  const name = FUNCTION_NAMES.find((candidate) => functionName.endsWith(candidate));
  if (name === undefined) throw new Error(`Function ${functionName} is not in contract/functions.ts`);
  return name;
}

/** The START, END and REPORT lines Lambda writes per invocation in the Text log format (no Init Duration: warm). */
function platformLogBytes(memoryMb: number, durationMs: number): number {
  const requestId = randomUUID();
  const billed = Math.max(1, Math.ceil(durationMs));
  const lines = [
    `START RequestId: ${requestId} Version: $LATEST\n`,
    `END RequestId: ${requestId}\n`,
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${memoryMb - 1} MB\t\n`,
  ];
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
}

/** How many email subscriptions each topic has in the synthesized stack, by the reference the definition publishes to. */
function emailSubscriptions(stackDir: string): Map<string, number> {
  const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource?: { aws_sns_topic_subscription?: Record<string, { protocol: string; topic_arn: string }> };
  };
  const counts = new Map<string, number>();
  for (const subscription of Object.values(stack.resource?.aws_sns_topic_subscription ?? {}))
    if (subscription.protocol === 'email') counts.set(subscription.topic_arn, (counts.get(subscription.topic_arn) ?? 0) + 1);
  return counts;
}

interface ExecutionCounts {
  readonly stateTransitions: number;
  readonly durationMs: number;
  readonly invocations: Readonly<Partial<Record<FunctionName, number>>>;
  readonly snsPublishes: number;
  readonly emailDeliveries: number;
  readonly dynamoDbWriteUnits: number;
  readonly largestPayloadBytes: number;
}

/** What the execution did that AWS bills: its events, its publishes and its DynamoDB writes. */
function countExecution(execution: LocalExecution, lambdaNames: ReadonlyMap<string, FunctionName>, emails: ReadonlyMap<string, number>) {
  const invocations: Partial<Record<FunctionName, number>> = {};
  let stateTransitions = 0;
  let writeUnits = 0;
  for (const event of execution.events) {
    if (event.type === 'StateEntered' || event.type === 'StateRetried') stateTransitions++;
    if (event.type !== 'TaskScheduled') continue;
    const parameters = event.parameters as Record<string, unknown>;
    if (event.resource.startsWith('arn:aws:states:::lambda:invoke')) {
      const name = lambdaNames.get(String(parameters.FunctionName));
      if (name === undefined) throw new Error(`Task ${event.state.name} invokes an unknown function ${String(parameters.FunctionName)}`);
      invocations[name] = (invocations[name] ?? 0) + 1;
    } else if (event.resource === 'arn:aws:states:::dynamodb:putItem') {
      writeUnits += dynamoDbWriteUnits(parameters.Item as Parameters<typeof dynamoDbWriteUnits>[0]);
    } else if (event.resource.startsWith('arn:aws:states:::dynamodb:')) {
      throw new Error(`Task ${event.state.name} calls ${event.resource}, which the cost bench does not price yet`);
    }
  }
  const started = execution.events.find((event) => event.type === 'ExecutionStarted')!;
  const ended = execution.events.at(-1)!;
  return {
    stateTransitions,
    durationMs: ended.timestamp - started.timestamp,
    invocations,
    snsPublishes: execution.published.length,
    emailDeliveries: execution.published.reduce((sum, message) => sum + (emails.get(message.topicArn) ?? 0), 0),
    dynamoDbWriteUnits: writeUnits,
    largestPayloadBytes: largestPayloadBytes(execution),
  } satisfies ExecutionCounts;
}

/** Delivers the S3 event for a new upload of `bytes` at `key` through the trigger; the execution it started. */
async function deliverUpload(pipeline: OfflinePipeline, key: string, bytes: Buffer, sequencer: string) {
  pipeline.s3.put(BENCH_BUCKET, key, { bytes });
  const [object] = pipeline.s3.list(BENCH_BUCKET, key);
  const event = objectCreatedEvent({ bucket: BENCH_BUCKET, key, size: bytes.length, etag: object!.etag.replaceAll('"', ''), sequencer });
  const delivery = await pipeline.deliver(event);
  if (!delivery.matched) throw new Error(`The trigger does not match an upload at ${key}`);
  const { execution } = delivery;
  if (execution.status !== 'SUCCEEDED') throw new Error(`The execution for ${key} failed: ${execution.error}: ${execution.cause}`);
  return { execution, eventBytes: Buffer.byteLength(JSON.stringify(event)) };
}

/** Runs a warm-up image, then MEASURED confident images through the trigger, and averages what each one used. */
async function measure(workflowType: WorkflowType, notifyOn: Measurement['notifyOn']): Promise<Measurement> {
  const logs: InvocationLog[] = [];
  const onLog = (functionName: string, line: string) => {
    let durationMs: number | undefined;
    try {
      const parsed = JSON.parse(line) as { durationMs?: unknown };
      if (typeof parsed.durationMs === 'number') durationMs = parsed.durationMs;
    } catch {
      // A line that is not JSON is still ingested; it carries no duration.
    }
    logs.push({ function: catalogueName(functionName), bytes: Buffer.byteLength(line) + 1, durationMs });
  };
  // notify_on is not a contract variable yet: until it is, the value has no effect on the synthesized stack.
  const variables: OfflinePipelineOptions['variables'] = { notify_on: notifyOn };
  let result: Measurement | undefined;
  await withBenchPipeline(
    `cost-${workflowType}-${notifyOn}`,
    variables,
    async ({ pipeline, projectDir, stackDir }) => {
      const image = readFileSync(join(projectDir, 'fixtures', 'images', 'motorcycle.jpg'));
      const lambdaNames = new Map(
        pipeline.workflow.functions.map((fn) => [`\${aws_lambda_function.${fn.resourceId}.arn}`, catalogueName(fn.functionName)]),
      );
      const emails = emailSubscriptions(stackDir);
      await deliverUpload(pipeline, 'cost/warm-up.jpg', image, '0000000000000000F0');
      const counted: ExecutionCounts[] = [];
      const s3Puts: number[] = [];
      const s3Gets: number[] = [];
      const logBytes: number[] = [];
      const eventBytes: number[] = [];
      const durations: Partial<Record<FunctionName, number[]>> = {};
      for (let index = 0; index < MEASURED; index++) {
        const requestsBefore = pipeline.s3.requests.length;
        const logsBefore = logs.length;
        const delivered = await deliverUpload(pipeline, `cost/${index}.jpg`, image, `00000000000000010${index}`);
        const requests = pipeline.s3.requests.slice(requestsBefore);
        const lines = logs.slice(logsBefore);
        const counts = countExecution(delivered.execution, lambdaNames, emails);
        counted.push(counts);
        s3Puts.push(requests.filter((request) => request.method === 'PUT' || request.method === 'POST').length);
        s3Gets.push(requests.filter((request) => request.method !== 'PUT' && request.method !== 'POST').length);
        eventBytes.push(delivered.eventBytes);
        const invocationLines = lines.filter((line) => line.durationMs !== undefined);
        for (const line of invocationLines) (durations[line.function] ??= []).push(line.durationMs!);
        logBytes.push(
          lines.reduce((sum, line) => sum + line.bytes, 0) +
            invocationLines.reduce((sum, line) => sum + platformLogBytes(FUNCTIONS[line.function].memoryMb, line.durationMs!), 0),
        );
      }
      const definitionBytes = Buffer.byteLength(resolveVariableReferences(pipeline.workflow.definition, pipeline.variables));
      const largest = Math.max(...counted.map((counts) => counts.largestPayloadBytes));
      const expressMemoryMb = EXPRESS_BASE_MEMORY_MB + (definitionBytes + largest) / (1024 * 1024);
      const functions: FunctionUsage[] = FUNCTION_NAMES.flatMap((name) => {
        const invocations = mean(counted.map((counts) => counts.invocations[name] ?? 0));
        if (invocations === 0) return [];
        const billed = (durations[name] ?? []).map((ms) => Math.max(1, Math.ceil(ms)));
        return [{ name, memoryMb: FUNCTIONS[name].memoryMb, invocations, billedMs: mean(billed) }];
      });
      const usage: ImageUsage = {
        workflowType,
        stateTransitions: mean(counted.map((counts) => counts.stateTransitions)),
        expressBilledMs: mean(counted.map((counts) => expressBilledMs(counts.durationMs))),
        expressBilledMemoryMb: expressBilledMemoryMb(expressMemoryMb),
        functions,
        snsPublishes: mean(counted.map((counts) => counts.snsPublishes)),
        emailDeliveries: mean(counted.map((counts) => counts.emailDeliveries)),
        s3Puts: mean(s3Puts),
        s3Gets: mean(s3Gets),
        dynamoDbWriteUnits: mean(counted.map((counts) => counts.dynamoDbWriteUnits)),
        logBytes: mean(logBytes),
        archivedEventBytes: mean(eventBytes),
      };
      result = {
        workflowType,
        notifyOn,
        usage,
        costs: costOfImages(usage, PRICES, IMAGES),
        largestPayloadBytes: largest,
        expressMemoryMb,
        durationsMs: Object.fromEntries(Object.entries(durations).map(([name, values]) => [name, mean(values)])),
      };
    },
    { onLog, synthEnv: { IMAGE_WORKFLOW_TYPE: workflowType } },
  );
  return result!;
}

const COLUMN_TITLES: Readonly<Record<CostComponent | 'total', string>> = {
  stepFunctions: 'Step Fn',
  lambdaRequests: 'λ req',
  lambdaDuration: 'λ GB-s',
  s3Requests: 'S3 req',
  snsPublishes: 'SNS pub',
  emailDeliveries: 'Email',
  dynamoDbWrites: 'DynamoDB',
  logsIngestion: 'Logs',
  eventArchive: 'Archive',
  total: 'Total',
};

const dollars = (value: number) => `$${value.toFixed(2)}`;
const rowLabel = (measurement: Measurement) => `${measurement.workflowType} notify_on=${measurement.notifyOn}`.padEnd(28);

function printTable(measurements: readonly Measurement[]): void {
  const columns = [...COST_COMPONENTS, 'total'] as const;
  console.log(`Cost of ${IMAGES.toLocaleString('en-US')} images on the trigger path (us-east-1, on-demand, no free tier; USD)`);
  console.log(`  ${''.padEnd(28)}${columns.map((column) => COLUMN_TITLES[column].padStart(10)).join('')}`);
  for (const measurement of measurements)
    console.log(`  ${rowLabel(measurement)}${columns.map((column) => dollars(measurement.costs[column]).padStart(10)).join('')}`);

  console.log(`Per image, measured offline (mean of ${MEASURED} confident images after a warm-up)`);
  for (const { usage, ...measurement } of measurements) {
    const stepFunctions =
      usage.workflowType === 'STANDARD'
        ? `${usage.stateTransitions} transitions`
        : `1 request, ${usage.expressBilledMs} ms billed at ${usage.expressBilledMemoryMb} MB (est. ${measurement.expressMemoryMb.toFixed(2)} MB)`;
    const functions = usage.functions
      .map(
        (fn) =>
          `${fn.name} ${fn.invocations}x ${(measurement.durationsMs[fn.name as FunctionName] ?? 0).toFixed(1)} ms @ ${fn.memoryMb} MB`,
      )
      .join(', ');
    console.log(`  ${rowLabel({ usage, ...measurement })}${stepFunctions}; ${functions}`);
    console.log(
      `  ${''.padEnd(28)}SNS publishes ${usage.snsPublishes}, emails ${usage.emailDeliveries}, S3 PUT ${usage.s3Puts} GET ${usage.s3Gets}, ` +
        `DynamoDB WRU ${usage.dynamoDbWriteUnits}, log ${usage.logBytes.toFixed(0)} B, archived event ${usage.archivedEventBytes.toFixed(0)} B, ` +
        `largest state payload ${measurement.largestPayloadBytes} B`,
    );
  }
}

function printAssumptions(): void {
  console.log('Assumptions');
  for (const line of [
    'Left out: the SageMaker endpoint (instance hours or serverless inference: its own cost), free tiers, KMS requests of the',
    "  SNS topic's AWS managed key (SNS reuses data keys), CloudWatch metrics and alarms, log and archive storage, the upload itself.",
    'STANDARD: each state entered is one transition, and each retry one more (the pricing page: "each time a step of your',
    '  workflow is executed ... including retries"); the execution\'s start and end are not counted.',
    'EXPRESS: one request per execution; duration from start to end of the offline execution (this machine, local services),',
    '  rounded up to 100 ms; memory as AWS estimates it (50 MB + definition + largest state payload; no Map or Parallel',
    '  state), billed in 64 MB chunks.',
    "Lambda: warm invocations; duration is the handler's own (its log line's durationMs, whole ms, 0 billed as 1 ms) at the",
    '  configured memory. Since August 2025 AWS also bills cold starts (INIT) of zip functions: not included.',
    `  The stand-in endpoint answers at once: each 100 ms of model latency adds ${dollars(costOfExtraClassifyMs(100))} per million images`,
    "  to classify's duration (and, on EXPRESS, to the execution's).",
    "DynamoDB: one write unit per KB of each putItem's item, rounded up. Logs: the functions' lines and Lambda's START, END and",
    '  REPORT lines (Text format); the state machine logs at ERROR, so a success writes no execution log.',
    `notify_on: ${NOTIFY_ON_VALUES.join(', ')}; each image classified (the success path), so failures-only and none send no email.`,
  ])
    console.log(`  ${line}`);
  console.log('Prices (us-east-1)');
  for (const price of Object.values(PRICES))
    console.log(
      `  $${price.usd} per ${price.per.toLocaleString('en-US')} ${price.unit}: ${price.source} (read ${price.read}; ${price.checked})`,
    );
}

function costOfExtraClassifyMs(ms: number): number {
  const gbSeconds = (FUNCTIONS.classifyImageData.memoryMb / 1024) * (ms / 1000);
  return (PRICES.lambdaGbSecond.usd / PRICES.lambdaGbSecond.per) * gbSeconds * IMAGES;
}

/** The cost table: STANDARD and EXPRESS, each notify_on value, each component measured from offline executions. */
async function benchCost(): Promise<void> {
  const measurements: Measurement[] = [];
  for (const workflowType of WORKFLOW_TYPES)
    for (const notifyOn of NOTIFY_ON_VALUES) measurements.push(await measure(workflowType, notifyOn));
  printTable(measurements);
  printAssumptions();
}

if (require.main === module) void benchCost();

export { benchCost };
