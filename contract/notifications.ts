/**
 * The values of the `notify_on` variable: which outcomes a person is emailed. Every outcome is
 * written as a result object whatever the policy, and the alarms watch failures whatever it is.
 */
const NOTIFICATION_POLICIES = {
  /** Every classified image, every failure, every batch summary (the original system's behaviour). */
  all: 'all',
  /** Failures (below-threshold included) and batch summaries: no email per classified image. */
  failures: 'failures',
  /** No email: results only. */
  none: 'none',
} as const;

type NotificationPolicy = keyof typeof NOTIFICATION_POLICIES;

const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = 'all';

export { NOTIFICATION_POLICIES, DEFAULT_NOTIFICATION_POLICY };
export type { NotificationPolicy };
