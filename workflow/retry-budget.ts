import { LAMBDA_REFUSALS, worstCaseDurationSeconds } from '../asl';
import type { JsonObject, Retrier } from '../asl';

/** How many times each kind of error is retried; lower levels fit a shorter execution. */
interface RetryBudget {
  /** S3 and SageMaker errors the functions pass on after their own SDK retries. */
  readonly transient: number;
  readonly lambdaService: number;
  /** Throttled invokes, which cost a round trip each, not a run. */
  readonly lambdaThrottling: number;
  /** Transient errors of the state machine's own service calls (SNS, S3). */
  readonly integrations: number;
}

/** AWS's recommended retries first, then fewer, until the worst case fits the execution type's limit. */
const RETRY_BUDGETS: readonly RetryBudget[] = [
  { transient: 3, lambdaService: 3, lambdaThrottling: 6, integrations: 3 },
  { transient: 1, lambdaService: 1, lambdaThrottling: 6, integrations: 1 },
  { transient: 0, lambdaService: 1, lambdaThrottling: 5, integrations: 1 },
  { transient: 0, lambdaService: 0, lambdaThrottling: 5, integrations: 1 },
  { transient: 0, lambdaService: 0, lambdaThrottling: 4, integrations: 1 },
  { transient: 0, lambdaService: 0, lambdaThrottling: 3, integrations: 1 },
  { transient: 0, lambdaService: 0, lambdaThrottling: 2, integrations: 0 },
  { transient: 0, lambdaService: 0, lambdaThrottling: 0, integrations: 0 },
];

/** How long an invoke Lambda refuses for throttling takes at most: the round trip, with room. */
const REFUSED_INVOKE_SECONDS = 2;

/** The longest an execution of a rendered definition (or child graph) can run, a throttled invoke counted as its round trip. */
function longestRunSeconds(rendered: JsonObject): number {
  return worstCaseDurationSeconds(rendered, { refusedBeforeRunning: { errors: LAMBDA_REFUSALS, attemptSeconds: REFUSED_INVOKE_SECONDS } });
}

/** What an execution timeout keeps beyond the worst case, for Step Functions' own transitions. */
const EXECUTION_TIMEOUT_MARGIN_SECONDS = 10;
/** An EXPRESS execution stops with States.Timeout after this long, whatever its definition says. */
const EXPRESS_MAX_SECONDS = 300;

/** The retrier with `maxAttempts`, or none at zero. */
const withAttempts = (retrier: Retrier, maxAttempts: number): Retrier | null => (maxAttempts === 0 ? null : { ...retrier, maxAttempts });

/**
 * The first budget of RETRY_BUDGETS whose rendered definition's worst case plus the margin fits
 * within `limitSeconds`, with that worst case; the first budget when there is no limit.
 */
function retryBudgetFitting(
  limitSeconds: number | undefined,
  render: (budget: RetryBudget) => JsonObject,
  what: string,
): { readonly budget: RetryBudget; readonly worstCaseSeconds: number } {
  for (const budget of RETRY_BUDGETS) {
    const worstCaseSeconds = longestRunSeconds(render(budget));
    if (limitSeconds === undefined || worstCaseSeconds + EXECUTION_TIMEOUT_MARGIN_SECONDS <= limitSeconds)
      return { budget, worstCaseSeconds };
  }
  throw new Error(`No retry budget lets ${what} finish within ${limitSeconds} s; shorten the function timeouts`);
}

export { RETRY_BUDGETS, EXECUTION_TIMEOUT_MARGIN_SECONDS, EXPRESS_MAX_SECONDS, REFUSED_INVOKE_SECONDS, retryBudgetFitting, withAttempts };
export type { RetryBudget };
