import { NOTIFICATION_POLICIES } from '../contract/notifications';
import type { NotificationPolicy } from '../contract/notifications';
import { textLiteral } from './jsonata';

/** The variable that holds `notify_on`, assigned from deploy-time text (never part of an expression). */
const NOTIFY_ON_VARIABLE = 'notifyOn';

const is = (policy: NotificationPolicy) => `$${NOTIFY_ON_VARIABLE} = ${textLiteral(NOTIFICATION_POLICIES[policy])}`;

/** When each kind of email is sent, as JSONata conditions on the policy. */
const NOTIFIES = {
  success: is('all'),
  failure: `$not(${is('none')})`,
  summary: `$not(${is('none')})`,
} as const;

export { NOTIFY_ON_VARIABLE, NOTIFIES };
