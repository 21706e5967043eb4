import type { S3Client } from '@aws-sdk/client-s3';
import type { Json } from '../json';
import type { LocalDynamoDb } from '../local-dynamodb';
import type { StateList } from './definition';
import type { IntegrationFailure } from './errors';
import type { ExecutionEvent } from './events';
import type { MachineIdentity } from './identity';

/** A stand-in for a function: returns its result, or a promise of it; throws as the function would fail. */
type LocalFunction = (event: unknown) => unknown;

interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string | undefined;
  /** As SNS delivers it: JSON text when the state passed an object. */
  readonly message: string;
}

/** One child execution of a Distributed Map, as a ResultWriter file lists it (Transformation NONE). */
interface ChildResult {
  readonly ExecutionArn: string;
  readonly Input: string;
  readonly InputDetails: { readonly Included: true };
  readonly Name: string;
  readonly Output?: string;
  readonly OutputDetails?: { readonly Included: true };
  readonly Error?: string;
  readonly Cause?: string;
  readonly RedriveCount: 0;
  readonly RedriveStatus: 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  readonly RedriveStatusReason?: string;
  readonly StartDate: string;
  readonly StateMachineArn: string;
  readonly Status: 'SUCCEEDED' | 'FAILED';
  readonly StopDate: string;
}

/** A Distributed Map's run: its items, its children's outcomes and where ResultWriter wrote them. */
interface MapRunReport {
  readonly stateName: string;
  readonly mapRunArn: string;
  readonly items: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Each child that ran, in the order they ended. */
  readonly children: readonly ChildResult[];
  readonly resultWriterDetails: { readonly Bucket: string; readonly Key: string } | undefined;
  /** Set when the Map Run failed: States.ExceedToleratedFailureThreshold, States.ItemReaderFailed, ... */
  readonly error?: string;
  readonly cause?: string;
}

interface LocalExecution {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  /** What sns:publish tasks sent, this execution's and its Distributed Map children's, in order. */
  readonly published: readonly PublishedMessage[];
  readonly events: readonly ExecutionEvent[];
  /** The Map Runs of the execution's Distributed Map states, in the order they ended. */
  readonly mapRuns: readonly MapRunReport[];
}

/** What every execution of one run shares: the stand-ins and services its tasks call, and how to start a child. */
interface ExecutionEnvironment {
  /** Stand-ins for the functions, by the `FunctionName` the definition passes (an ARN, or a Terraform reference). */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  /** The tables dynamodb:putItem tasks write to. */
  readonly dynamodb: LocalDynamoDb | undefined;
  /** The S3 that aws-sdk:s3:putObject tasks and Distributed Map readers and writers call. */
  readonly s3: S3Client | undefined;
  /** Makes an sns:publish fail, e.g. as SNS refuses a message; publishes when it returns undefined. */
  readonly rejectPublish: ((message: string) => IntegrationFailure | undefined) | undefined;
  /** Children and iterations in flight at most, whatever MaxConcurrency allows. */
  readonly concurrencyCap: number;
  /** Whether retries wait their interval; by default they happen at once (the interval is still computed and logged). */
  readonly waitRetryIntervals: boolean;
  readonly onChild: ((result: ChildResult, execution: LocalExecution) => void) | undefined;
  /** Runs a Distributed Map child: its own execution, context and variables. */
  startChild(child: ChildExecutionRequest): Promise<LocalExecution>;
}

interface ChildExecutionRequest {
  readonly states: StateList;
  readonly input: Json;
  readonly machine: MachineIdentity;
  readonly executionName: string;
  readonly executionArn: string;
  /** Hands the child's sns:publish messages to the parent execution too. */
  readonly onPublished: (message: PublishedMessage) => void;
}

export type { ChildExecutionRequest, ChildResult, ExecutionEnvironment, LocalExecution, LocalFunction, MapRunReport, PublishedMessage };
