import type { Json } from '../json';
import { isDistributedMap, nestedStateLists } from './definition';
import type { MapResource, QueryLanguage, StateDefinition, StateList, StateMachineDefinition } from './definition';
import { expressionOf, syntaxProblem } from './expressions';
import { integrationFor } from './integrations';
import { SERVICE_ACTIONS, serviceAction } from './resources';

/** Fields that never hold an expression, or hold states of their own. */
const NOT_EXPRESSION_FIELDS = new Set([
  'Type',
  'Comment',
  'QueryLanguage',
  'Next',
  'End',
  'Default',
  'Resource',
  'Label',
  'ItemProcessor',
  'Branches',
]);

/** Every `{% %}` string within a value, with its place in the state (`Output/a`). */
function expressions(value: Json | undefined, field: string): { field: string; expression: string }[] {
  const expression = expressionOf(value);
  if (expression !== undefined) return [{ field, expression }];
  if (Array.isArray(value)) return value.flatMap((item, index) => expressions(item, `${field}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => expressions(item, field === '' ? key : `${field}/${key}`));
}

/** The variable names a state may assign: its own Assign, its Choice rules' and its catchers'. */
const assignedNames = (state: StateDefinition): string[] =>
  [state, ...(state.Choices ?? []), ...(state.Catch ?? [])].flatMap((fields) => Object.keys(fields.Assign ?? {}));

function mapResourceProblems(name: string, state: StateDefinition): string[] {
  const problems: string[] = [];
  const reader: MapResource | undefined = state.ItemReader;
  const readerAction = reader === undefined ? undefined : serviceAction(reader.Resource);
  if (reader !== undefined && readerAction !== SERVICE_ACTIONS.s3ListObjectsV2 && readerAction !== SERVICE_ACTIONS.s3GetObject)
    problems.push(`State '${name}': the local ItemReader reads with s3:listObjectsV2 or s3:getObject, not ${reader.Resource}`);
  const inputType = reader?.ReaderConfig?.InputType;
  if (readerAction === SERVICE_ACTIONS.s3GetObject && inputType !== 'JSON' && inputType !== 'CSV')
    problems.push(`State '${name}': the local ItemReader reads InputType JSON or CSV, not ${String(inputType)}`);
  if (state.ResultWriter !== undefined && serviceAction(state.ResultWriter.Resource) !== SERVICE_ACTIONS.s3PutObject)
    problems.push(`State '${name}': the local ResultWriter writes with s3:putObject, not ${state.ResultWriter.Resource}`);
  if (state.ResultWriter?.WriterConfig !== undefined)
    problems.push(`State '${name}': the local ResultWriter writes Transformation NONE as JSON only (no WriterConfig)`);
  if (state.ItemBatcher !== undefined) problems.push(`State '${name}': ItemBatcher is not emulated locally`);
  return problems;
}

function stateProblems(name: string, state: StateDefinition, states: StateList, language: QueryLanguage): string[] {
  const problems: string[] = [];
  if ((state.QueryLanguage ?? language) !== 'JSONata') problems.push(`The local executor runs JSONata states; state '${name}' is JSONPath`);
  const targets = [state.Next, state.Default, ...(state.Choices ?? []).map((rule) => rule.Next), ...(state.Catch ?? []).map((c) => c.Next)];
  for (const target of targets)
    if (target !== undefined && !(target in states.States)) problems.push(`State '${name}' goes to '${target}', which is not a state here`);
  if (state.Type === 'Task' && integrationFor(state.Resource ?? '') === undefined)
    problems.push(`State '${name}': no local integration for the Resource ${String(state.Resource)}`);
  if (isDistributedMap(state)) problems.push(...mapResourceProblems(name, state));
  const fields = Object.entries(state).filter(([field]) => !NOT_EXPRESSION_FIELDS.has(field)) as [string, Json][];
  for (const { field, expression } of fields.flatMap(([key, value]) => expressions(value, key))) {
    const syntax = syntaxProblem(expression);
    if (syntax !== undefined)
      problems.push(`State '${name}': the JSONata expression '${expression}' in ${field} does not parse: ${syntax}`);
  }
  if (assignedNames(state).includes('states')) problems.push(`State '${name}' assigns 'states', a name Step Functions reserves`);
  return problems;
}

/**
 * What keeps a definition from running here, every problem at once: JSONPath states, transitions
 * to missing states, resources without a local integration, expressions that do not parse, and
 * assignments in a Map iteration or Parallel branch to a variable of an enclosing scope.
 */
function definitionProblems(definition: StateMachineDefinition): string[] {
  const language = definition.QueryLanguage ?? 'JSONPath';
  const check = (states: StateList, outerNames: ReadonlySet<string>): string[] => {
    const problems: string[] = [];
    if (!(states.StartAt in states.States)) problems.push(`StartAt '${states.StartAt}' is not a state`);
    const names = new Set([...outerNames, ...Object.values(states.States).flatMap(assignedNames)]);
    for (const [name, state] of Object.entries(states.States)) {
      problems.push(...stateProblems(name, state, states, language));
      const shadowed = assignedNames(state).filter((variable) => outerNames.has(variable));
      if (shadowed.length > 0) problems.push(`State '${name}' assigns ${shadowed.join(', ')}, assigned in an enclosing scope`);
      for (const nested of nestedStateLists(state)) problems.push(...check(nested, isDistributedMap(state) ? new Set() : names));
    }
    return problems;
  };
  return check(definition, new Set());
}

export { definitionProblems };
