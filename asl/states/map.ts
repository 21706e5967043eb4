import { checkInteger, checkJsonPath, checkPayloadTemplate } from '../arguments';
import {
  checkDistributed,
  distributedPermissions,
  distributedProblems,
  renderItemBatcher,
  renderMapResource,
} from '../distributed/options';
import type { DistributedOptions } from '../distributed/options';
import { checkInputOutput, renderBase, renderNextEnd, renderOutput } from '../fields';
import { flowProblems } from '../flow';
import { nextOrEnd, StateIdentity } from '../identity';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import { renderNumber } from '../deploy-time-number';
import type { NumberSetting } from '../deploy-time-number';
import { checkRetryCatch, renderRetryCatch } from '../retry-catch';
import type { RetryCatchProps } from '../retry-catch';
import type { NextOrEnd, PolicyStatement, QueryLanguage } from '../state';
import type { State, StateGraph } from '../state-graph';

type MapProps = StateBaseProps &
  // A Map's iterations take ItemSelector, not Parameters (JSONPath) or Arguments (JSONata).
  Omit<InputOutputProps, 'parameters' | 'arguments'> &
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
    readonly maxConcurrency?: NumberSetting;
    readonly permissions?: readonly PolicyStatement[];
  };

class MapState extends StateIdentity<'Map', MapProps> implements State {
  constructor(name: string, props: MapProps) {
    super('Map', name, props, nextOrEnd(props));
    checkInputOutput(props);
    checkRetryCatch(props);
    checkJsonPath('ItemsPath', props.itemsPath, { reference: true });
    checkPayloadTemplate('ItemSelector', props.itemSelector);
    checkInteger('MaxConcurrency', props.maxConcurrency, 0);
    checkDistributed(props.distributed);
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const problems = flowProblems(this.name, this.props, queryLanguage);
    if (queryLanguage === 'JSONata' && this.props.itemsPath !== undefined)
      problems.push(`State '${this.name}' uses ItemsPath, which JSONata states cannot have (use Items)`);
    if (queryLanguage === 'JSONPath' && this.props.items !== undefined)
      problems.push(`State '${this.name}' uses Items, which JSONPath states cannot have (use ItemsPath)`);
    if (this.props.distributed !== undefined) problems.push(...distributedProblems(this.name, this.props.distributed, queryLanguage));
    return problems;
  }

  nestedGraphs(): readonly StateGraph[] {
    return [this.props.itemProcessor];
  }

  /** The caller's statements, then a Distributed Map's own (child executions, reader, writer). */
  permissions(): readonly PolicyStatement[] {
    const distributed = this.props.distributed;
    return [...(this.props.permissions ?? []), ...(distributed === undefined ? [] : distributedPermissions(distributed))];
  }

  render(queryLanguage: QueryLanguage = this.queryLanguage ?? 'JSONPath'): JsonObject {
    const props = this.props;
    const distributed = props.distributed;
    const processorConfig: JsonObject = distributed
      ? { Mode: 'DISTRIBUTED', ExecutionType: distributed.executionType }
      : { Mode: 'INLINE' };
    return compact({
      ...renderBase(this.type, props),
      InputPath: props.inputPath,
      ItemReader: renderMapResource(distributed?.itemReader, 'ReaderConfig', queryLanguage),
      ItemsPath: props.itemsPath,
      Items: props.items,
      ItemSelector: props.itemSelector,
      ItemBatcher: renderItemBatcher(distributed?.itemBatcher),
      ItemProcessor: { ProcessorConfig: processorConfig, ...props.itemProcessor.render(queryLanguage) },
      MaxConcurrency: renderNumber(props.maxConcurrency),
      ToleratedFailurePercentage: renderNumber(distributed?.toleratedFailurePercentage),
      ToleratedFailureCount: renderNumber(distributed?.toleratedFailureCount),
      Label: distributed?.label,
      ResultWriter: renderMapResource(distributed?.resultWriter, 'WriterConfig', queryLanguage),
      ...renderOutput(props),
      ...renderRetryCatch(props),
      ...renderNextEnd(props),
    });
  }
}

export { MapState };
