import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { ALARM_VARIABLES } from './alarm-table';
import type { AlarmParameters, AlarmVariableName } from './alarm-table';
import { OperationsAlarms } from './alarms';
import type { AwsContext } from './aws-context';
import type { DeploymentVariables } from './deployment-variables';
import type { Monitored, MonitoredEndpoint, MonitoredFunction, MonitoredResources } from './monitored';
import { OperationsDashboard } from './operations-dashboard';
import { OperationsTopic } from './operations-topic';

interface OperationsProps {
  readonly namePrefix: string;
  readonly aws: AwsContext;
  readonly vars: DeploymentVariables;
  /** Per-image state machines: executions failed, timed out, throttled. */
  readonly stateMachines: readonly Monitored<SfnStateMachine>[];
  /** Batch (Distributed Map) state machines: failed runs, and the Map Run gauges on the dashboard. */
  readonly batchStateMachines: readonly Monitored<SfnStateMachine>[];
  readonly functions: readonly MonitoredFunction[];
  /** Dead-letter queues that must stay empty. */
  readonly deadLetterQueues: readonly Monitored<SqsQueue>[];
  readonly endpoint: MonitoredEndpoint;
  /** The function that emits the classification metrics. */
  readonly modelQuality: Monitored<LambdaFunction>;
}

/**
 * What an on-call engineer needs: the operations topic (customer-managed key, `ops_emails`, else
 * `notification_email`), an alarm per failure mode of every listed resource, and one dashboard. A new
 * state machine, function or queue is one more entry in a list.
 */
class Operations extends Construct {
  readonly topic: OperationsTopic;
  readonly alarms: OperationsAlarms;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { namePrefix, vars } = props;
    this.topic = new OperationsTopic(this, 'topic', {
      topicName: `${namePrefix}-operations`,
      alarmNamePrefix: namePrefix,
      emails: vars.list('ops_emails'),
      fallbackEmail: vars.value('notification_email'),
      aws: props.aws,
    });
    const values = Object.fromEntries(
      (Object.keys(ALARM_VARIABLES) as AlarmVariableName[]).map((name) => [name, vars.number(name)]),
    ) as AlarmParameters;
    const monitored: MonitoredResources = {
      stateMachines: props.stateMachines,
      batchStateMachines: props.batchStateMachines,
      functions: props.functions,
      deadLetterQueues: props.deadLetterQueues,
      endpoint: props.endpoint,
      modelQuality: props.modelQuality,
    };
    this.alarms = new OperationsAlarms(this, 'alarms', { ...monitored, namePrefix, topicArn: this.topic.topic.arn, values });
    this.dashboard = new OperationsDashboard(this, 'dashboard', {
      ...monitored,
      dashboardName: namePrefix,
      region: props.aws.region,
      modelQuality: {
        ...props.modelQuality,
        confidenceThreshold: vars.number('confidence_threshold'),
        belowThresholdShare: values.below_threshold_share_alarm,
      },
      alarms: this.alarms.alarms,
    });
  }
}

export { Operations };
export type { OperationsProps };
