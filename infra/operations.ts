import { Construct } from 'constructs';
import { ALARM_VARIABLES } from './alarm-table';
import type { AlarmParameters, AlarmVariableName } from './alarm-table';
import { OperationsAlarms } from './alarms';
import type { AwsContext } from './aws-context';
import type { DeploymentVariables } from './deployment-variables';
import type { MonitoredResources } from './monitored';
import { OperationsDashboard } from './operations-dashboard';
import { OperationsTopic } from './operations-topic';

/** Every kind of resource the operations watch is required here: a deployment leaves none of them unwatched. */
interface OperationsProps extends Required<MonitoredResources> {
  readonly namePrefix: string;
  readonly aws: AwsContext;
  readonly vars: DeploymentVariables;
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
    const { namePrefix, aws, vars, ...monitored } = props;
    this.topic = new OperationsTopic(this, 'topic', {
      topicName: `${namePrefix}-operations`,
      alarmNamePrefix: namePrefix,
      emails: vars.list('ops_emails'),
      fallbackEmail: vars.value('notification_email'),
      aws,
    });
    const values = Object.fromEntries(
      (Object.keys(ALARM_VARIABLES) as AlarmVariableName[]).map((name) => [name, vars.number(name)]),
    ) as AlarmParameters;
    this.alarms = new OperationsAlarms(this, 'alarms', { ...monitored, namePrefix, topicArn: this.topic.topic.arn, values });
    this.dashboard = new OperationsDashboard(this, 'dashboard', {
      ...monitored,
      dashboardName: namePrefix,
      region: aws.region,
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
