import { createFaultInjector } from './fault-injection';
import type { FaultReport, FaultSchedule } from './fault-injection';
import { tooManyRequests } from './lambda-host';
import type { InvokeRejection } from './lambda-host';

const LAMBDA_FAULT_KINDS = ['TooManyRequestsException'] as const;
type LambdaFaultKind = (typeof LAMBDA_FAULT_KINDS)[number];

/**
 * Whether the Lambda service refuses this invoke before the function runs: the task's Error and Cause,
 * or undefined to invoke. `functionName` is the FunctionName the task passes; `event` its Payload.
 */
type RejectInvoke = (functionName: string, event: unknown) => InvokeRejection | undefined;

type LambdaThrottlingOptions = FaultSchedule & {
  /** Which functions may be throttled, by the FunctionName tasks pass; all of them by default. */
  readonly functions?: (functionName: string) => boolean;
};

interface LambdaThrottling {
  readonly rejectInvoke: RejectInvoke;
  /** Every invoke of a function that may be throttled, and those refused. */
  report(): FaultReport<LambdaFaultKind>;
}

/**
 * Lambda's throttling as Step Functions surfaces it to a lambda:invoke task
 * (`Lambda.TooManyRequestsException`, Cause `Rate Exceeded. (Service: AWSLambda; Status Code: 429; ...)`),
 * on a share of invokes (seeded) or on the first N invokes of each distinct request (function and
 * payload, compared as JSON text). The executor calls `rejectInvoke` before invoking and fails the
 * task with the rejection as a service error: Retry and Catch match its Error, no function ran.
 */
function lambdaThrottling(options: LambdaThrottlingOptions): LambdaThrottling {
  const { functions = () => true, ...schedule } = options;
  const injector = createFaultInjector({ ...schedule, kinds: LAMBDA_FAULT_KINDS }, LAMBDA_FAULT_KINDS);
  return {
    rejectInvoke(functionName, event) {
      if (!functions(functionName)) return undefined;
      const requestKey = `${functionName}\n${JSON.stringify(event) ?? 'undefined'}`;
      return injector.next(requestKey, 'Invoke') === undefined ? undefined : tooManyRequests();
    },
    report: () => injector.report(),
  };
}

export { lambdaThrottling };
export type { LambdaThrottling, LambdaThrottlingOptions, LambdaFaultKind, RejectInvoke };
