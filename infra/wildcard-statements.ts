import type { IamStatement } from './iam';

/**
 * Actions AWS grants only on `*`, each with its reason. The policy audit test holds these as its
 * allow-list: no other statement may name `*`.
 */

/** A state machine's log delivery (CloudWatch Logs vended logs) names no log group in its actions. */
const LOG_DELIVERY_STATEMENTS: readonly IamStatement[] = [
  {
    actions: [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ],
    resources: ['*'],
  },
];

/** X-Ray tracing (state machine and functions): X-Ray has no resource-level permissions. */
const XRAY_STATEMENTS: readonly IamStatement[] = [
  { actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], resources: ['*'] },
];

export { LOG_DELIVERY_STATEMENTS, XRAY_STATEMENTS };
