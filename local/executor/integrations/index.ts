import { SERVICE_ACTIONS, serviceAction } from '../resources';
import { dynamodbPutItem } from './dynamodb-put-item';
import type { Integration } from './integration';
import { lambdaInvoke } from './lambda-invoke';
import { s3PutObject } from './s3-put-object';
import { snsPublish } from './sns-publish';

const INTEGRATIONS: Readonly<Record<string, Integration>> = {
  [SERVICE_ACTIONS.lambdaInvoke]: lambdaInvoke,
  [SERVICE_ACTIONS.snsPublish]: snsPublish,
  [SERVICE_ACTIONS.dynamodbPutItem]: dynamodbPutItem,
  [SERVICE_ACTIONS.s3PutObjectSdk]: s3PutObject,
};

/** The integration a Task's Resource calls, or undefined when this executor has none for it. */
function integrationFor(resource: string): Integration | undefined {
  const action = serviceAction(resource);
  return action === undefined ? undefined : INTEGRATIONS[action];
}

export { integrationFor };
export type { Integration, IntegrationContext } from './integration';
