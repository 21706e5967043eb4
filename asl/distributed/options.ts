import { checkInteger, checkPayloadTemplate } from '../arguments';
import { renderNumber } from '../deploy-time-number';
import type { NumberSetting } from '../deploy-time-number';
import { InvalidStateArgument } from '../errors';
import { requestLanguageProblems } from '../fields';
import { compact } from '../json';
import type { JsonObject } from '../json';
import type { ByLanguage, PolicyStatement, QueryLanguage } from '../state';

/** A Distributed Map's reader or writer: a service integration with its settings. */
interface MapResource {
  readonly resource: string;
  /** `ReaderConfig` or `WriterConfig`. */
  readonly config?: JsonObject;
  /**
   * The request, rendered as `Parameters` in JSONPath states and `Arguments` in JSONata ones; undefined for a
   * language it cannot be written in (a JSONPath value in a JSONata state, or the reverse).
   */
  readonly request?: Partial<ByLanguage<JsonObject>>;
  /** What the state machine's role must allow to read or write; nothing when unset. */
  readonly permissions?: readonly PolicyStatement[];
}

/** How many items each child execution gets; at least one limit must be set. */
interface ItemBatcher {
  readonly maxItemsPerBatch?: NumberSetting;
  /** At most 256 KiB. */
  readonly maxInputBytesPerBatch?: NumberSetting;
  /** Fixed JSON added to every batch (`BatchInput`). */
  readonly batchInput?: JsonObject;
}

interface DistributedOptions {
  readonly executionType: 'STANDARD' | 'EXPRESS';
  /**
   * The ARN of the state machine this Map runs in (a CDKTF token is fine, but the `:stateMachine:` part must be
   * literal): the Map starts its child executions on it, and describes and stops them on `...:execution:<name>/*`.
   */
  readonly stateMachineArn?: string;
  readonly itemReader?: MapResource;
  readonly resultWriter?: MapResource;
  readonly itemBatcher?: ItemBatcher;
  readonly toleratedFailurePercentage?: NumberSetting;
  readonly toleratedFailureCount?: NumberSetting;
  readonly label?: string;
}

const MAX_BATCH_BYTES = 262_144;

/** `arn:...:stateMachine:name` -> `arn:...:execution:name/*`, for the executions a Distributed Map starts. */
function executionsArn(stateMachineArn: string): string {
  if (!stateMachineArn.includes(':stateMachine:')) {
    throw new InvalidStateArgument(
      `stateMachineArn: expected a state machine ARN containing ':stateMachine:', got: ${JSON.stringify(stateMachineArn)}`,
    );
  }
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}/*`;
}

function checkDistributed(options: DistributedOptions | undefined): void {
  if (options === undefined) return;
  if (options.executionType !== 'STANDARD' && options.executionType !== 'EXPRESS') {
    throw new InvalidStateArgument(
      `ProcessorConfig.ExecutionType: expected STANDARD or EXPRESS, got: ${JSON.stringify(options.executionType)}`,
    );
  }
  if (options.stateMachineArn !== undefined) executionsArn(options.stateMachineArn);
  checkInteger('ToleratedFailurePercentage', options.toleratedFailurePercentage, 0, 100);
  checkInteger('ToleratedFailureCount', options.toleratedFailureCount, 0);
  checkPayloadTemplate('ItemReader.Parameters', options.itemReader?.request?.JSONPath);
  checkPayloadTemplate('ResultWriter.Parameters', options.resultWriter?.request?.JSONPath);
  const batcher = options.itemBatcher;
  if (batcher !== undefined) {
    if (batcher.maxItemsPerBatch === undefined && batcher.maxInputBytesPerBatch === undefined) {
      throw new InvalidStateArgument('ItemBatcher: expected maxItemsPerBatch, maxInputBytesPerBatch or both');
    }
    checkInteger('ItemBatcher.MaxItemsPerBatch', batcher.maxItemsPerBatch, 1);
    checkInteger('ItemBatcher.MaxInputBytesPerBatch', batcher.maxInputBytesPerBatch, 1, MAX_BATCH_BYTES);
  }
}

/** What the role needs for the Map itself (child executions) and for its reader and writer. */
function distributedPermissions(options: DistributedOptions): PolicyStatement[] {
  const executions: PolicyStatement[] =
    options.stateMachineArn === undefined
      ? []
      : [
          { actions: ['states:StartExecution'], resources: [options.stateMachineArn] },
          { actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [executionsArn(options.stateMachineArn)] },
        ];
  return [...executions, ...(options.itemReader?.permissions ?? []), ...(options.resultWriter?.permissions ?? [])];
}

function distributedProblems(stateName: string, options: DistributedOptions, language: QueryLanguage): string[] {
  const problems: string[] = [];
  if (options.stateMachineArn === undefined) {
    problems.push(`Distributed Map '${stateName}' needs the state machine ARN (distributed.stateMachineArn) to derive its permissions`);
  }
  problems.push(...requestLanguageProblems(stateName, 'ItemReader', options.itemReader?.request, language));
  problems.push(...requestLanguageProblems(stateName, 'ResultWriter', options.resultWriter?.request, language));
  return problems;
}

function renderMapResource(resource: MapResource | undefined, configKey: string, language: QueryLanguage): JsonObject | undefined {
  if (resource === undefined) return undefined;
  const request = resource.request?.[language];
  return compact({
    Resource: resource.resource,
    [configKey]: resource.config,
    Parameters: language === 'JSONPath' ? request : undefined,
    Arguments: language === 'JSONata' ? request : undefined,
  });
}

function renderItemBatcher(batcher: ItemBatcher | undefined): JsonObject | undefined {
  if (batcher === undefined) return undefined;
  return compact({
    MaxItemsPerBatch: renderNumber(batcher.maxItemsPerBatch),
    MaxInputBytesPerBatch: renderNumber(batcher.maxInputBytesPerBatch),
    BatchInput: batcher.batchInput,
  });
}

export { checkDistributed, distributedPermissions, distributedProblems, renderMapResource, renderItemBatcher };
export type { MapResource, DistributedOptions };
