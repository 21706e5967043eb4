import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import { transientRetry } from '../retry-catch';
import type { TaskState } from '../states/task';
import { integrationTask } from './integration-task';
import type { IntegrationTaskProps } from './integration-task';
import { INTEGRATION_RESOURCES } from './resources';

/** What Step Functions raises when the write's `ConditionExpression` is false. */
const DYNAMODB_CONDITIONAL_CHECK_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/** Errors of the DynamoDB integration that a second try can fix. */
const DYNAMODB_TRANSIENT_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.RequestLimitExceeded',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerErrorException',
] as const;

const DYNAMODB_TRANSIENT_RETRY = transientRetry(DYNAMODB_TRANSIENT_ERRORS);

type DynamodbPutItemProps = IntegrationTaskProps & {
  /** The table's name as the request names it; a CDKTF token passes through untouched. */
  readonly tableName: string;
  /** The table's ARN, for the permission; a CDKTF token passes through untouched. */
  readonly tableArn: string;
  /** The item in DynamoDB's attribute-value form, e.g. `{pk: {'S.$': '$.id'}}`, or a JSONata expression. */
  readonly item: JsonValue;
  readonly conditionExpression?: string;
  readonly expressionAttributeNames?: JsonObject;
  readonly expressionAttributeValues?: JsonObject;
};

/** A Task that writes one item through the optimized DynamoDB integration, retrying throttling. */
function dynamodbPutItem(name: string, props: DynamodbPutItemProps): TaskState {
  const { tableName, tableArn, item, conditionExpression, expressionAttributeNames, expressionAttributeValues, ...task } = props;
  const request: JsonObject = {
    TableName: tableName,
    Item: item,
    ...compact({
      ConditionExpression: conditionExpression,
      ExpressionAttributeNames: expressionAttributeNames,
      ExpressionAttributeValues: expressionAttributeValues,
    }),
  };
  return integrationTask(name, task, {
    resource: INTEGRATION_RESOURCES.dynamodbPutItem,
    request: { JSONPath: request, JSONata: request },
    serviceRetry: DYNAMODB_TRANSIENT_RETRY,
    permissions: [{ actions: ['dynamodb:PutItem'], resources: [tableArn] }],
  });
}

export { dynamodbPutItem, DYNAMODB_CONDITIONAL_CHECK_FAILED };
