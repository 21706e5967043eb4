import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { MAX_RETRY_WAIT_PER_CALL_MS, RETRY_ENVIRONMENT_VARIABLES, RETRY_MAX_DELAY_MS, worstCaseRetryWaitMs } from '../contract/environment';
import type { Environment, RetryEnvironmentVariableName } from '../contract/environment';
import { TRANSIENT_AWS_ERROR_NAMES } from '../contract/errors';
import { InvalidConfiguration } from './errors';

interface RetryConfiguration {
  /** Tries of one call, the first included. */
  readonly maxAttempts: number;
  /** The upper bound of the first retry's random wait; each later retry doubles it. */
  readonly baseDelayMs: number;
}

/** Reads AWS_RETRY_MAX_ATTEMPTS and AWS_RETRY_BASE_DELAY_MS; InvalidConfiguration lists every problem, a worst-case wait too long included. */
function readRetryConfiguration(env: Environment): RetryConfiguration {
  const problems: string[] = [];
  const read = (name: RetryEnvironmentVariableName): number => {
    const parsed = RETRY_ENVIRONMENT_VARIABLES[name].parse(env[name]);
    if ('value' in parsed) return parsed.value;
    problems.push(`${name} ${parsed.problem}`);
    return NaN;
  };
  const maxAttempts = read('AWS_RETRY_MAX_ATTEMPTS');
  const baseDelayMs = read('AWS_RETRY_BASE_DELAY_MS');
  const worstCaseMs = worstCaseRetryWaitMs(maxAttempts, baseDelayMs);
  if (worstCaseMs > MAX_RETRY_WAIT_PER_CALL_MS) {
    problems.push(
      `AWS_RETRY_MAX_ATTEMPTS ${maxAttempts} with AWS_RETRY_BASE_DELAY_MS ${baseDelayMs} can wait ${worstCaseMs} ms between the tries of one call, ` +
        `more than the ${MAX_RETRY_WAIT_PER_CALL_MS} ms the functions' timeouts allow for`,
    );
  }
  if (problems.length > 0) throw new InvalidConfiguration(problems.join('; '));
  return { maxAttempts, baseDelayMs };
}

class Token implements RetryToken {
  constructor(
    private readonly retryCount: number,
    private readonly delayMs: number,
  ) {}

  getRetryCount(): number {
    return this.retryCount;
  }

  /** The SDK's retry middleware waits this long before the next try. */
  getRetryDelay(): number {
    return this.delayMs;
  }
}

const TRANSIENT_NAMES: ReadonlySet<string> = new Set(TRANSIENT_AWS_ERROR_NAMES);

/**
 * Throttling (429, SlowDown, ThrottlingException, ModelNotReadyException), 500/502/503/504 (with or
 * without an error type), timeouts and connection resets as the SDK classifies them, and the other
 * 5xx names contract/errors.ts calls transient (InternalDependencyException is a 530). A 4xx such as
 * SageMaker's ModelError (424, the model's own error) or S3's NoSuchKey is not retried.
 */
function isTransient({ errorType, error }: RetryErrorInfo): boolean {
  return errorType === 'THROTTLING' || errorType === 'TRANSIENT' || (error !== undefined && TRANSIENT_NAMES.has(error.name));
}

/**
 * The SDK's retry strategy for the functions' clients: up to `maxAttempts` tries of a call that
 * failed transiently, each retry after a random wait below min(RETRY_MAX_DELAY_MS, base * 2^n)
 * (exponential backoff, full jitter). It keeps no retry quota: the SDK's standard strategy spends
 * tokens from a bucket of 500 on each retry (14 for a 5xx, 5 for a throttle) and earns back 1 per call
 * that succeeds first time (or its last retry's cost, after retries), so under a steady share of 5xx
 * the bucket runs dry and the container's calls stop being retried, without a word. Here a call's
 * retries are bounded by its attempts alone.
 */
class FullJitterRetryStrategy implements RetryStrategyV2 {
  constructor(
    private readonly configuration: RetryConfiguration,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new Token(0, 0);
  }

  /** A token for the next try; throwing tells the SDK to give up and raise the call's own error. */
  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const retries = token.getRetryCount();
    if (!isTransient(errorInfo) || retries + 1 >= this.configuration.maxAttempts) throw new Error('No retry token available');
    const ceilingMs = Math.min(RETRY_MAX_DELAY_MS, this.configuration.baseDelayMs * 2 ** retries);
    return new Token(retries + 1, Math.floor(this.random() * ceilingMs));
  }

  recordSuccess(): void {}
}

/** The client options that give an AWS SDK client this retry behaviour (`maxAttempts` also sets the SDK's attempt header). */
function retryClientOptions(configuration: RetryConfiguration): { maxAttempts: number; retryStrategy: RetryStrategyV2 } {
  return { maxAttempts: configuration.maxAttempts, retryStrategy: new FullJitterRetryStrategy(configuration) };
}

export { FullJitterRetryStrategy, readRetryConfiguration, retryClientOptions };
export type { RetryConfiguration };
