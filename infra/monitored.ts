import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { MetricRef } from './metrics';

/** A resource the operations watch, with the short label that goes into its alarm names and dashboard lines. */
interface Monitored<Resource> {
  readonly label: string;
  readonly resource: Resource;
}

interface MonitoredFunction extends Monitored<LambdaFunction> {
  /** Errors the workflow expects and handles (e.g. ThresholdConfidenceNotMet), counted by this metric and not alarmed on. */
  readonly expectedErrors?: MetricRef;
}

interface MonitoredEndpoint {
  readonly endpointName: string;
  readonly variantName: string;
}

/** What the alarms and the dashboard watch; a list left out watches nothing of its kind. */
interface MonitoredResources {
  /** Per-image state machines: executions failed, timed out, throttled. */
  readonly stateMachines?: readonly Monitored<SfnStateMachine>[];
  /** Batch (Distributed Map) state machines: failed runs, and the Map Run gauges on the dashboard. */
  readonly batchStateMachines?: readonly Monitored<SfnStateMachine>[];
  readonly functions?: readonly MonitoredFunction[];
  readonly endpoint?: MonitoredEndpoint;
  /** Dead-letter queues that must stay empty. */
  readonly deadLetterQueues?: readonly Monitored<SqsQueue>[];
  /** The function that emits the classification metrics. */
  readonly modelQuality?: Monitored<LambdaFunction>;
}

export type { Monitored, MonitoredFunction, MonitoredEndpoint, MonitoredResources };
