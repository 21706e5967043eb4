import { StatesError } from '../errors';
import type { StateKind } from '../state-run';

/**
 * Parallel: each branch runs on the Arguments (the input when there are none) in a variable scope
 * of its own; the result is the branches' outputs in order. The first branch to fail fails the
 * state with its error, once the others have ended (here they run to their end; AWS stops them).
 */
const runParallel: StateKind = async (run) => {
  const input = run.state.Arguments === undefined ? run.input : await run.evaluate(run.state.Arguments, 'Arguments');
  let failure: StatesError | undefined;
  const outputs = await Promise.all(
    (run.state.Branches ?? []).map(async (branch) => {
      try {
        return await run.runNested(branch, input);
      } catch (error) {
        if (!(error instanceof StatesError)) throw error;
        failure ??= error;
        return null;
      }
    }),
  );
  if (failure !== undefined) throw failure;
  return run.settle({ result: outputs });
};

export { runParallel };
