import type { Retrier } from '../asl';

/** How many times each kind of error is retried; lower levels fit a shorter execution. */
interface RetryBudget {
  readonly transient: number;
  readonly lambdaService: number;
  readonly sns: number;
}

/** AWS's recommended retries first, then fewer, until the worst case fits the execution type's limit. */
const RETRY_BUDGETS: readonly RetryBudget[] = [
  { transient: 3, lambdaService: 3, sns: 3 },
  { transient: 1, lambdaService: 1, sns: 1 },
  { transient: 0, lambdaService: 1, sns: 1 },
  { transient: 0, lambdaService: 0, sns: 1 },
  { transient: 0, lambdaService: 0, sns: 0 },
];

/** What an execution timeout keeps beyond the worst case, for Step Functions' own transitions. */
const EXECUTION_TIMEOUT_MARGIN_SECONDS = 10;
/** An EXPRESS execution stops with States.Timeout after this long, whatever its definition says. */
const EXPRESS_MAX_SECONDS = 300;

/** The retrier with `maxAttempts`, or none at zero. */
const withAttempts = (retrier: Retrier, maxAttempts: number): Retrier | null => (maxAttempts === 0 ? null : { ...retrier, maxAttempts });

/**
 * The first budget of RETRY_BUDGETS whose worst case (`worstCaseOf`, in seconds) plus the margin fits
 * within `limitSeconds`, with that worst case; the first budget when there is no limit.
 */
function retryBudgetFitting(
  limitSeconds: number | undefined,
  worstCaseOf: (budget: RetryBudget) => number,
  what: string,
): { readonly budget: RetryBudget; readonly worstCaseSeconds: number } {
  for (const budget of RETRY_BUDGETS) {
    const worstCaseSeconds = worstCaseOf(budget);
    if (limitSeconds === undefined || worstCaseSeconds + EXECUTION_TIMEOUT_MARGIN_SECONDS <= limitSeconds)
      return { budget, worstCaseSeconds };
  }
  throw new Error(`No retry budget lets ${what} finish within ${limitSeconds} s; shorten the function timeouts`);
}

export { RETRY_BUDGETS, EXECUTION_TIMEOUT_MARGIN_SECONDS, EXPRESS_MAX_SECONDS, retryBudgetFitting, withAttempts };
export type { RetryBudget };
