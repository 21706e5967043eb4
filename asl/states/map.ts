import { checkInteger, checkJsonPath, checkPayloadTemplate } from '../arguments';
import { InvalidStateArgument } from '../errors';
import { checkInputOutput, renderBase, renderInput, renderNextEnd, renderOutput } from '../fields';
import { flowProblems } from '../flow';
import { nextOrEnd, stateIdentity } from '../identity';
import type { StateIdentity } from '../identity';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import { checkRetryCatch, renderRetryCatch } from '../retry-catch';
import type { RetryCatchProps } from '../retry-catch';
import type { NextOrEnd, PolicyStatement, QueryLanguage, State } from '../state';
import type { StateGraph } from '../state-graph';

/** A Distributed Map's reader or writer: a service integration with its settings. */
interface MapResource {
  readonly resource: string;
  readonly parameters?: JsonObject;
  readonly arguments?: JsonValue;
  readonly config?: JsonObject;
}

interface DistributedOptions {
  readonly executionType: 'STANDARD' | 'EXPRESS';
  readonly itemReader?: MapResource;
  readonly resultWriter?: MapResource;
  readonly itemBatcher?: JsonObject;
  readonly toleratedFailurePercentage?: number;
  readonly toleratedFailureCount?: number;
  readonly label?: string;
}

type MapProps = StateBaseProps &
  Omit<InputOutputProps, 'parameters'> &
  RetryCatchProps &
  NextOrEnd & {
    readonly itemProcessor: StateGraph;
    /** Runs child workflow executions (Distributed Map) instead of iterations inside this execution. */
    readonly distributed?: DistributedOptions;
    /** JSONPath states: where the items are in the input. */
    readonly itemsPath?: string;
    /** JSONata states: the items, as an array or a `{% ... %}` expression. */
    readonly items?: JsonValue;
    readonly itemSelector?: JsonObject;
    readonly maxConcurrency?: number;
    readonly permissions?: readonly PolicyStatement[];
  };

function checkDistributed(options: DistributedOptions | undefined): void {
  if (options === undefined) return;
  if (options.executionType !== 'STANDARD' && options.executionType !== 'EXPRESS') {
    throw new InvalidStateArgument(`ProcessorConfig.ExecutionType: expected STANDARD or EXPRESS, got: ${JSON.stringify(options.executionType)}`);
  }
  checkInteger('ToleratedFailurePercentage', options.toleratedFailurePercentage, 0, 100);
  checkInteger('ToleratedFailureCount', options.toleratedFailureCount, 0);
  checkPayloadTemplate('ItemReader.Parameters', options.itemReader?.parameters);
  checkPayloadTemplate('ResultWriter.Parameters', options.resultWriter?.parameters);
}

function renderMapResource(resource: MapResource | undefined, configKey: string): JsonObject | undefined {
  if (resource === undefined) return undefined;
  return compact({ Resource: resource.resource, [configKey]: resource.config, Parameters: resource.parameters, Arguments: resource.arguments });
}

/** Name, type, language and exits: merged in from `stateIdentity`. */
interface MapState extends StateIdentity<'Map'> {}

class MapState implements State {
  private readonly props: MapProps;

  constructor(name: string, props: MapProps) {
    Object.assign(this, stateIdentity('Map', name, props, nextOrEnd(props)));
    checkInputOutput(props);
    checkRetryCatch(props);
    checkJsonPath('ItemsPath', props.itemsPath, { reference: true });
    checkPayloadTemplate('ItemSelector', props.itemSelector);
    checkInteger('MaxConcurrency', props.maxConcurrency, 0);
    checkDistributed(props.distributed);
    this.props = props;
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const problems = flowProblems(this.name, this.props, queryLanguage);
    if (queryLanguage === 'JSONata' && this.props.itemsPath !== undefined) problems.push(`State '${this.name}' uses ItemsPath, which JSONata states cannot have (use Items)`);
    if (queryLanguage === 'JSONPath' && this.props.items !== undefined) problems.push(`State '${this.name}' uses Items, which JSONPath states cannot have (use ItemsPath)`);
    return problems;
  }

  nestedGraphs(): readonly StateGraph[] {
    return [this.props.itemProcessor];
  }

  permissions(): readonly PolicyStatement[] {
    return this.props.permissions ?? [];
  }

  render(queryLanguage: QueryLanguage = this.queryLanguage ?? 'JSONPath'): JsonObject {
    const props = this.props;
    const distributed = props.distributed;
    const processorConfig: JsonObject = distributed ? { Mode: 'DISTRIBUTED', ExecutionType: distributed.executionType } : { Mode: 'INLINE' };
    return compact({
      ...renderBase(this.type, props),
      ...renderInput(props),
      ItemReader: renderMapResource(distributed?.itemReader, 'ReaderConfig'),
      ItemsPath: props.itemsPath,
      Items: props.items,
      ItemSelector: props.itemSelector,
      ItemBatcher: distributed?.itemBatcher,
      ItemProcessor: { ProcessorConfig: processorConfig, ...props.itemProcessor.render(queryLanguage) },
      MaxConcurrency: props.maxConcurrency,
      ToleratedFailurePercentage: distributed?.toleratedFailurePercentage,
      ToleratedFailureCount: distributed?.toleratedFailureCount,
      Label: distributed?.label,
      ResultWriter: renderMapResource(distributed?.resultWriter, 'WriterConfig'),
      ...renderOutput(props),
      ...renderRetryCatch(props),
      ...renderNextEnd(props),
    });
  }
}

export { MapState };
export type { MapProps, MapResource, DistributedOptions };
