import { RESULT_PATH, checkJsonata, checkJsonPath, checkPayloadTemplate } from './arguments';
import type { JsonObject, JsonValue } from './json';
import type { ByLanguage, NextOrEnd, QueryLanguage, Transition } from './state';

/** Fields every state may have. */
interface StateBaseProps {
  readonly comment?: string;
  readonly queryLanguage?: QueryLanguage;
  /** Variables to set (both query languages). */
  readonly assign?: JsonObject;
}

/** JSONPath input and output processing; which fields a state kind accepts is up to its props. */
interface JsonPathFields {
  readonly inputPath?: string | null;
  readonly parameters?: JsonObject;
  readonly resultSelector?: JsonObject;
  readonly resultPath?: string | null;
  readonly outputPath?: string | null;
}

/** JSONata input and output: `{% ... %}` expressions, or JSON holding them. */
interface JsonataFields {
  readonly arguments?: JsonValue;
  readonly output?: JsonValue;
}

type InputOutputProps = JsonPathFields & JsonataFields;

const JSONPATH_FIELDS = ['inputPath', 'parameters', 'resultSelector', 'resultPath', 'outputPath'] as const;
const JSONATA_FIELDS = ['arguments', 'output'] as const;

function checkInputOutput(props: InputOutputProps & Pick<StateBaseProps, 'assign'>): void {
  checkJsonPath('InputPath', props.inputPath, { context: true });
  checkJsonPath('ResultPath', props.resultPath, RESULT_PATH);
  checkJsonPath('OutputPath', props.outputPath);
  checkPayloadTemplate('Parameters', props.parameters);
  checkPayloadTemplate('ResultSelector', props.resultSelector);
  checkPayloadTemplate('Assign', props.assign);
  if (typeof props.output === 'string') checkJsonata('Output', props.output);
  if (typeof props.arguments === 'string') checkJsonata('Arguments', props.arguments);
}

/** Fields of the other query language than the one in force, by their ASL names. */
function misplacedFields(props: InputOutputProps, language: QueryLanguage): string[] {
  const foreign = language === 'JSONata' ? JSONPATH_FIELDS : JSONATA_FIELDS;
  return foreign.filter((field) => props[field] !== undefined).map((field) => field[0]!.toUpperCase() + field.slice(1));
}

function languageProblems(stateName: string, props: InputOutputProps, language: QueryLanguage): string[] {
  const fields = misplacedFields(props, language);
  return fields.length === 0 ? [] : [`State '${stateName}' uses ${fields.join(', ')}, which ${language} states cannot have`];
}

/** A request with no form in `language`: a JSONPath value in a JSONata state, or a `{% %}` expression in a JSONPath one. */
function requestLanguageProblems(
  stateName: string,
  field: string,
  request: Partial<ByLanguage<JsonObject>> | undefined,
  language: QueryLanguage,
): string[] {
  if (request === undefined || request[language] !== undefined) return [];
  const foreign = language === 'JSONata' ? 'reads a JSONPath value' : 'holds a JSONata expression';
  return [`State '${stateName}' ${field} ${foreign}, which ${language} states cannot have`];
}

function renderBase(type: string, props: StateBaseProps): Record<string, JsonValue | undefined> {
  return { Type: type, Comment: props.comment, QueryLanguage: props.queryLanguage };
}

function renderInput(props: InputOutputProps): Record<string, JsonValue | undefined> {
  return { InputPath: props.inputPath, Parameters: props.parameters, Arguments: props.arguments };
}

function renderOutput(props: InputOutputProps & Pick<StateBaseProps, 'assign'>): Record<string, JsonValue | undefined> {
  return {
    ResultSelector: props.resultSelector,
    ResultPath: props.resultPath,
    OutputPath: props.outputPath,
    Output: props.output,
    Assign: props.assign,
  };
}

function renderNextEnd(props: NextOrEnd): Record<string, JsonValue | undefined> {
  return props.end ? { End: true } : { Next: props.next };
}

function nextTransitions(props: NextOrEnd): Transition[] {
  return props.next === undefined ? [] : [{ target: props.next, kind: 'next' }];
}

/** For callers without the type checker: exactly one of `next` and `end`. */
function nextEndProblems(stateName: string, props: Partial<{ next: string; end: boolean }>): string[] {
  if (props.next !== undefined && props.end) return [`State '${stateName}' has both Next and End`];
  if (props.next === undefined && !props.end) return [`State '${stateName}' has neither Next nor End: it has no way on`];
  return [];
}

export {
  checkInputOutput,
  languageProblems,
  requestLanguageProblems,
  renderBase,
  renderInput,
  renderOutput,
  renderNextEnd,
  nextTransitions,
  nextEndProblems,
};
export type { StateBaseProps, InputOutputProps };
