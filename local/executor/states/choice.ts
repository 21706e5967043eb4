import { STATES_ERRORS } from '../errors';
import type { StateKind } from '../state-run';

/**
 * Choice: the first rule whose Condition is true goes to its Next; when none is, Default, else
 * States.NoChoiceMatched. The state's Assign applies whichever way it leaves (AWS: "an Assign block
 * at the state level applies regardless of which choice rule matches"), a rule's own Assign and
 * Output over it (that precedence is not documented).
 */
const runChoice: StateKind = async (run) => {
  const rules = run.state.Choices ?? [];
  for (const [index, rule] of rules.entries()) {
    if ((await run.evaluateTyped(rule.Condition, `Choices[${index}]/Condition`, 'boolean')) === true)
      return run.settle({
        fields: { ...rule, Assign: { ...run.state.Assign, ...rule.Assign }, Output: rule.Output ?? run.state.Output },
        prefix: `Choices[${index}]/`,
        next: rule.Next,
      });
  }
  if (run.state.Default === undefined)
    throw run.stateError(STATES_ERRORS.noChoiceMatched, 'No Choice rule matched and the state has no Default.');
  return run.settle({ next: run.state.Default });
};

export { runChoice };
