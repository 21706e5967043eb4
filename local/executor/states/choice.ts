import { STATES_ERRORS } from '../errors';
import type { StateKind } from '../state-run';

/**
 * Choice: the first rule whose Condition is true goes to its Next with its own Output and Assign;
 * when none is, Default with the state's Output and Assign, else States.NoChoiceMatched.
 */
const runChoice: StateKind = async (run) => {
  const rules = run.state.Choices ?? [];
  for (const [index, rule] of rules.entries()) {
    if ((await run.evaluateTyped(rule.Condition, `Choices[${index}]/Condition`, 'boolean')) === true)
      return run.settle({ fields: rule, prefix: `Choices[${index}]/`, next: rule.Next });
  }
  if (run.state.Default === undefined)
    throw run.stateError(STATES_ERRORS.noChoiceMatched, 'No Choice rule matched and the state has no Default.');
  return run.settle({ next: run.state.Default });
};

export { runChoice };
