import type { S3Client } from '@aws-sdk/client-s3';
import type { Json } from './json';
import type { StateMachineDefinition } from './executor/definition';
import { DefinitionError, IntegrationFailure } from './executor/errors';
import type { ExecutionEvent } from './executor/events';
import { createEnvironment, runExecution } from './executor/execution';
import { executionArn } from './executor/identity';
import type { ChildResult, LocalExecution, LocalFunction, MapRunReport, PublishedMessage } from './executor/run-types';
import { definitionProblems } from './executor/validate';
import type { LocalDynamoDb } from './local-dynamodb';

/** An execution's log entry (ExecutionStarted, StateEntered, StateRetried, ...): see executor/events.ts. */
type EventLog = ExecutionEvent;

interface LocalWorkflowOptions {
  /** The region and account of the ARNs in `$states.context` and of Map Runs; us-east-1 and 000000000000 unless set. */
  readonly region?: string;
  readonly accountId?: string;
  /** The state machine's name in its ARN; `workflow` unless set. */
  readonly stateMachineName?: string;
}

interface RunWorkflowOptions {
  /** Stand-ins for the functions, by the `FunctionName` the definition passes (an ARN, or a Terraform reference). */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  readonly input: unknown;
  readonly executionName?: string;
  /** The tables dynamodb:putItem tasks write to; such tasks fail with DynamoDB.ResourceNotFoundException without it. */
  readonly dynamodb?: LocalDynamoDb;
  /** The S3 that aws-sdk:s3:putObject tasks and Distributed Map readers and writers call (a local one: see localS3Client). */
  readonly s3?: S3Client;
  /** `$states.context.Execution.StartTime`; now when unset. */
  readonly startTime?: Date;
  /** Called for each event of the execution (not of Distributed Map children), as it happens. */
  readonly onEvent?: (event: EventLog) => void;
  /** Makes an sns:publish fail, e.g. with SNS's error for a message over 256 KB; publishes when it returns undefined. */
  readonly rejectPublish?: (message: string) => IntegrationFailure | undefined;
  /** Called as each Distributed Map child ends, with its record for the result files and the child execution itself. */
  readonly onChild?: (result: ChildResult, execution: LocalExecution) => void;
  /** Children and iterations in flight at most, below MaxConcurrency (default 64; MaxConcurrency 0 means up to 10,000 in AWS). */
  readonly concurrencyCap?: number;
  /** Whether retries wait their interval (by default they happen at once; events record the computed interval either way). */
  readonly waitRetryIntervals?: boolean;
}

interface LocalWorkflow {
  run(options: RunWorkflowOptions): Promise<LocalExecution>;
}

const DEFAULT_CONCURRENCY_CAP = 64;

/**
 * Loads a JSONata state machine definition into this project's executor (local/executor/): checked
 * once, every problem listed (DefinitionError); each run calls the given stand-ins and local
 * services, and runs Distributed Maps' children in the same process.
 */
function createLocalWorkflow(definition: string | object, options: LocalWorkflowOptions = {}): LocalWorkflow {
  const parsed = (typeof definition === 'string' ? JSON.parse(definition) : structuredClone(definition)) as StateMachineDefinition;
  const problems = definitionProblems(parsed);
  if (problems.length > 0) throw new DefinitionError(problems);
  const machine = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    name: options.stateMachineName ?? 'workflow',
  };
  return {
    run(run) {
      const executionName = run.executionName ?? 'local-execution';
      const environment = createEnvironment({
        functions: run.functions,
        dynamodb: run.dynamodb,
        s3: run.s3,
        rejectPublish: run.rejectPublish,
        concurrencyCap: run.concurrencyCap ?? DEFAULT_CONCURRENCY_CAP,
        waitRetryIntervals: run.waitRetryIntervals ?? false,
        onChild: run.onChild,
      });
      return runExecution(
        {
          states: parsed,
          input: run.input as Json,
          machine,
          executionName,
          executionArn: executionArn(machine, executionName),
          startTime: run.startTime ?? new Date(),
          onEvent: run.onEvent,
        },
        environment,
      );
    },
  };
}

export { createLocalWorkflow, DefinitionError, IntegrationFailure };
export type {
  ChildResult,
  EventLog,
  LocalExecution,
  LocalFunction,
  LocalWorkflow,
  LocalWorkflowOptions,
  MapRunReport,
  PublishedMessage,
  RunWorkflowOptions,
};
