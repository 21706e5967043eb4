import type { PutItemRequest } from '../../local-dynamodb';
import { StatesError } from '../errors';
import type { Integration } from './integration';
import { optimizedIntegrationCause } from './service-errors';

const PREFIX = 'DynamoDB.';

/** A DynamoDB error as the optimized integration reports it; AWS names a ValidationException DynamoDB.AmazonDynamoDBException. */
function dynamoDbFailure(code: string, message: string): StatesError {
  const name = code === 'ValidationException' ? 'DynamoDB.AmazonDynamoDBException' : `${PREFIX}${code}`;
  return new StatesError(name, optimizedIntegrationCause(message, 'AmazonDynamoDBv2', 400, code));
}

/** dynamodb:putItem against the run's local tables; a false ConditionExpression is DynamoDB.ConditionalCheckFailedException. */
const dynamodbPutItem: Integration = {
  label: 'dynamodb',
  async call(parameters, { environment }) {
    if (environment.dynamodb === undefined) throw dynamoDbFailure('ResourceNotFoundException', 'Requested resource not found');
    try {
      return environment.dynamodb.putItem(parameters as unknown as PutItemRequest);
    } catch (error) {
      if (!(error instanceof Error) || !error.name.startsWith(PREFIX)) throw error;
      throw dynamoDbFailure(error.name.slice(PREFIX.length), error.message);
    }
  },
};

export { dynamodbPutItem };
