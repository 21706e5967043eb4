import type { Retrier } from './definition';
import { errorMatches } from './errors';
import type { StatesError } from './errors';

interface Retry {
  readonly retrier: Retrier;
  /** This retrier's retries so far, this one included. */
  readonly attempt: number;
  readonly delaySeconds: number;
}

/**
 * The interval before a retry: IntervalSeconds (1) times BackoffRate (2.0) to the power of the
 * retries already made, capped at MaxDelaySeconds; with JitterStrategy FULL, a random share of it.
 */
function retryDelaySeconds(retrier: Retrier, attempt: number, random: () => number = Math.random): number {
  const backoff = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** (attempt - 1);
  const capped = Math.min(backoff, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
  return retrier.JitterStrategy === 'FULL' ? random() * capped : capped;
}

/**
 * A state's Retry field over one visit of the state: the first retrier whose ErrorEquals matches
 * decides, and retries while its MaxAttempts (3) allows; each retrier counts its own retries across
 * the errors it matched.
 */
class RetryPolicy {
  private readonly made: number[];

  constructor(private readonly retriers: readonly Retrier[] = []) {
    this.made = retriers.map(() => 0);
  }

  /** The retry to make after this error, or undefined when the error is not retried (any more). */
  next(error: StatesError): Retry | undefined {
    const index = this.retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
    const retrier = this.retriers[index];
    if (retrier === undefined || this.made[index]! >= (retrier.MaxAttempts ?? 3)) return undefined;
    const attempt = ++this.made[index]!;
    return { retrier, attempt, delaySeconds: retryDelaySeconds(retrier, attempt) };
  }
}

export { RetryPolicy, retryDelaySeconds };
export type { Retry };
