import { costOf } from './prices';
import type { PriceList } from './prices';

type WorkflowType = 'STANDARD' | 'EXPRESS';

/** One function's invocations per image, with its configured memory and its billed duration per invocation. */
interface FunctionUsage {
  readonly name: string;
  readonly memoryMb: number;
  readonly invocations: number;
  /** Mean duration per invocation, rounded up to whole milliseconds as Lambda bills it. */
  readonly billedMs: number;
}

/** What one image costs in billable units on the trigger path (means over the measured executions). */
interface ImageUsage {
  readonly workflowType: WorkflowType;
  /** States entered plus retries: what STANDARD bills. */
  readonly stateTransitions: number;
  /** EXPRESS only: the execution's duration rounded up to 100 ms, and its memory rounded up to 64 MB chunks. */
  readonly expressBilledMs: number;
  readonly expressBilledMemoryMb: number;
  readonly functions: readonly FunctionUsage[];
  readonly snsPublishes: number;
  readonly emailDeliveries: number;
  readonly s3Puts: number;
  /** GET, HEAD and the other requests S3 bills at the lower rate. */
  readonly s3Gets: number;
  readonly dynamoDbWriteUnits: number;
  /** Bytes the functions (their lines and Lambda's START/END/REPORT lines) write to CloudWatch Logs. */
  readonly logBytes: number;
  /** Bytes of the S3 event the trigger's EventBridge archive keeps. */
  readonly archivedEventBytes: number;
}

const COST_COMPONENTS = [
  'stepFunctions',
  'lambdaRequests',
  'lambdaDuration',
  's3Requests',
  'snsPublishes',
  'emailDeliveries',
  'dynamoDbWrites',
  'logsIngestion',
  'eventArchive',
] as const;

type CostComponent = (typeof COST_COMPONENTS)[number];

type Costs = Readonly<Record<CostComponent, number>> & { readonly total: number };

const MB_PER_GB = 1024;
const BYTES_PER_GB = 1024 ** 3;
/** EXPRESS bills memory in chunks of 64 MB and duration in steps of 100 ms. */
const EXPRESS_MEMORY_CHUNK_MB = 64;
const EXPRESS_DURATION_STEP_MS = 100;

/** GB-seconds of `memoryMb` held for `ms`. */
function gbSeconds(memoryMb: number, ms: number): number {
  return (memoryMb / MB_PER_GB) * (ms / 1000);
}

/** An EXPRESS execution's duration as billed: rounded up to the next 100 ms. */
function expressBilledMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / EXPRESS_DURATION_STEP_MS)) * EXPRESS_DURATION_STEP_MS;
}

/** An EXPRESS execution's memory as billed: rounded up to the next 64 MB chunk. */
function expressBilledMemoryMb(memoryMb: number): number {
  return Math.max(1, Math.ceil(memoryMb / EXPRESS_MEMORY_CHUNK_MB)) * EXPRESS_MEMORY_CHUNK_MB;
}

/** A DynamoDB attribute value as the service's JSON carries it: `{"S": "..."}`, `{"N": "12"}`, ... */
type AttributeValue = Readonly<Record<string, unknown>>;

/**
 * A value's size as DynamoDB counts it (Developer Guide, "Item sizes"): strings and binaries by their UTF-8 or byte
 * length, numbers by about one byte per two significant digits plus one, booleans and nulls one byte, and maps and
 * lists 3 bytes plus their elements (and a map's names) plus one byte each.
 */
function attributeValueBytes(value: AttributeValue): number {
  const [[type, content]] = Object.entries(value) as [[string, unknown]];
  switch (type) {
    case 'S':
      return Buffer.byteLength(content as string);
    case 'N': {
      const significant = (content as string)
        .replace(/^[-+]/, '')
        .replace(/[eE].*$/, '')
        .replace('.', '')
        .replace(/^0+|0+$/g, '');
      const digits = Math.max(1, significant.length);
      return Math.ceil(digits / 2) + 1;
    }
    case 'B':
      return Buffer.from(content as string, 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (content as string[]).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    case 'NS':
      return (content as string[]).reduce((sum, text) => sum + attributeValueBytes({ N: text }), 0);
    case 'L':
      return 3 + (content as AttributeValue[]).reduce((sum, element) => sum + 1 + attributeValueBytes(element), 0);
    case 'M':
      return 3 + dynamoDbItemBytes(content as Readonly<Record<string, AttributeValue>>) + Object.keys(content as object).length;
    default:
      throw new Error(`Unknown DynamoDB attribute type: ${type}`);
  }
}

/** An item's size as DynamoDB bills it: each attribute's name (UTF-8 bytes) and value. */
function dynamoDbItemBytes(item: Readonly<Record<string, AttributeValue>>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + attributeValueBytes(value), 0);
}

/**
 * Write request units of one PutItem of `item` (on-demand, Standard table class): one per KB, rounded up. A conditional
 * put that replaces an item is billed for the larger of the two; the bench's records replace one of the same shape.
 */
function dynamoDbWriteUnits(item: Readonly<Record<string, AttributeValue>>): number {
  return Math.max(1, Math.ceil(dynamoDbItemBytes(item) / 1024));
}

/** What `images` images cost, component by component, at `prices` (no free tier). */
function costOfImages(usage: ImageUsage, prices: PriceList, images: number): Costs {
  const stepFunctions =
    usage.workflowType === 'STANDARD'
      ? costOf(prices.standardStateTransition, usage.stateTransitions)
      : costOf(prices.expressRequest, 1) + costOf(prices.expressGbSecond, gbSeconds(usage.expressBilledMemoryMb, usage.expressBilledMs));
  const perImage: Record<CostComponent, number> = {
    stepFunctions,
    lambdaRequests: costOf(
      prices.lambdaRequest,
      usage.functions.reduce((sum, fn) => sum + fn.invocations, 0),
    ),
    lambdaDuration: costOf(
      prices.lambdaGbSecond,
      usage.functions.reduce((sum, fn) => sum + fn.invocations * gbSeconds(fn.memoryMb, fn.billedMs), 0),
    ),
    s3Requests: costOf(prices.s3Put, usage.s3Puts) + costOf(prices.s3Get, usage.s3Gets),
    snsPublishes: costOf(prices.snsPublish, usage.snsPublishes),
    emailDeliveries: costOf(prices.snsEmail, usage.emailDeliveries),
    dynamoDbWrites: costOf(prices.dynamoDbWriteUnit, usage.dynamoDbWriteUnits),
    logsIngestion: costOf(prices.logsIngestionGb, usage.logBytes / BYTES_PER_GB),
    eventArchive: costOf(prices.eventArchiveGb, usage.archivedEventBytes / BYTES_PER_GB),
  };
  const costs = Object.fromEntries(COST_COMPONENTS.map((name) => [name, perImage[name] * images])) as Record<CostComponent, number>;
  return { ...costs, total: COST_COMPONENTS.reduce((sum, name) => sum + costs[name], 0) };
}

export { COST_COMPONENTS, costOfImages, dynamoDbItemBytes, dynamoDbWriteUnits, expressBilledMemoryMb, expressBilledMs, gbSeconds };
export type { CostComponent, Costs, FunctionUsage, ImageUsage, WorkflowType };
