import type { Json } from '../json';

/** A field that takes JSON, where any string that is wholly `{% ... %}` is a JSONata expression. */
type Template = Json;

interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly Output?: Template;
  readonly Assign?: Readonly<Record<string, Template>>;
}

interface ChoiceRule {
  readonly Condition: Template;
  readonly Next: string;
  readonly Output?: Template;
  readonly Assign?: Readonly<Record<string, Template>>;
}

/** A Distributed Map's ItemReader or ResultWriter: an S3 call and its settings. */
interface MapResource {
  readonly Resource: string;
  readonly Arguments?: Template;
  readonly ReaderConfig?: {
    readonly InputType?: string;
    readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
    readonly CSVHeaders?: readonly string[];
    readonly CSVDelimiter?: string;
    readonly MaxItems?: Template;
  };
  readonly WriterConfig?: Json;
}

interface ProcessorConfig {
  readonly Mode?: 'INLINE' | 'DISTRIBUTED';
  readonly ExecutionType?: 'STANDARD' | 'EXPRESS';
}

/** Every field of every state kind this executor reads; ASL validity is asl-validator's job, not this type's. */
interface StateDefinition {
  readonly Type: 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Map' | 'Parallel';
  readonly QueryLanguage?: QueryLanguage;
  readonly Comment?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Output?: Template;
  readonly Assign?: Readonly<Record<string, Template>>;
  readonly Arguments?: Template;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  // Task
  readonly Resource?: string;
  readonly TimeoutSeconds?: Template;
  // Choice
  readonly Choices?: readonly ChoiceRule[];
  readonly Default?: string;
  // Wait
  readonly Seconds?: Template;
  readonly Timestamp?: Template;
  // Fail
  readonly Error?: Template;
  readonly Cause?: Template;
  // Map
  readonly Items?: Template;
  readonly ItemSelector?: Template;
  readonly ItemProcessor?: StateList & { readonly ProcessorConfig?: ProcessorConfig };
  readonly ItemReader?: MapResource;
  readonly ResultWriter?: MapResource;
  readonly ItemBatcher?: Json;
  readonly MaxConcurrency?: Template;
  readonly ToleratedFailurePercentage?: Template;
  readonly ToleratedFailureCount?: Template;
  readonly Label?: string;
  // Parallel
  readonly Branches?: readonly StateList[];
}

type QueryLanguage = 'JSONata' | 'JSONPath';

/** A set of states run from StartAt: the state machine, a Map's ItemProcessor or a Parallel branch. */
interface StateList {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, StateDefinition>>;
}

interface StateMachineDefinition extends StateList {
  readonly QueryLanguage?: QueryLanguage;
  readonly Comment?: string;
  readonly TimeoutSeconds?: number;
}

const isDistributedMap = (state: StateDefinition) => state.Type === 'Map' && state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';

/** The state lists nested in a state: a Map's ItemProcessor, a Parallel's Branches. */
const nestedStateLists = (state: StateDefinition): readonly StateList[] => [
  ...(state.ItemProcessor === undefined ? [] : [state.ItemProcessor]),
  ...(state.Branches ?? []),
];

export { isDistributedMap, nestedStateLists };
export type { Catcher, ChoiceRule, MapResource, QueryLanguage, Retrier, StateDefinition, StateList, StateMachineDefinition, Template };
