import { ConditionValidationError, conditionHolds } from './dynamodb-condition';
import type { AttributeValue, ConditionRequest, Item } from './dynamodb-condition';

interface PutItemRequest extends ConditionRequest {
  readonly TableName: string;
  readonly Item: Item;
}

/** An error as the DynamoDB integration raises it in Step Functions: `DynamoDB.<AWS error code>`. */
class DynamoDbIntegrationError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = `DynamoDB.${code}`;
  }
}

const ATTRIBUTE_TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);

/** Whether the condition holds for the stored item, DynamoDB's refusals raised as its ValidationException. */
function checkCondition(stored: Item | undefined, request: PutItemRequest): boolean {
  try {
    return conditionHolds(stored, request);
  } catch (error) {
    if (error instanceof ConditionValidationError) throw new DynamoDbIntegrationError('ValidationException', error.message);
    throw error;
  }
}

interface LocalDynamoDb {
  putItem(request: PutItemRequest): Record<string, never>;
  /** The stored item by its partition key value, or undefined. */
  getItem(tableName: string, key: string): Item | undefined;
  itemCount(tableName: string): number;
}

/**
 * In-memory tables with DynamoDB's PutItem semantics for a partition key of type S: a put replaces
 * the item with the same key, unless its condition is false, which raises
 * `DynamoDB.ConditionalCheckFailedException` as Step Functions names it. ConditionExpression is
 * evaluated as DynamoDB does for comparisons (= <> < <= > >=) of S and N attributes and values,
 * attribute_exists/attribute_not_exists, AND/OR/NOT and parentheses (local/dynamodb-condition.ts);
 * what DynamoDB refuses is `DynamoDB.ValidationException`, what it would evaluate and this does not
 * is refused with an UnsupportedConditionError rather than guessed.
 */
function createLocalDynamoDb(tables: Readonly<Record<string, { readonly hashKey: string }>>): LocalDynamoDb {
  const stored = new Map(Object.keys(tables).map((name) => [name, new Map<string, Item>()]));
  const table = (name: string) => {
    const items = stored.get(name);
    if (items === undefined)
      throw new DynamoDbIntegrationError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
    return items;
  };
  return {
    putItem(request) {
      const { TableName, Item } = request;
      const items = table(TableName);
      const { hashKey } = tables[TableName]!;
      for (const [name, value] of Object.entries(Item)) {
        const types = Object.keys(value);
        if (types.length !== 1 || !ATTRIBUTE_TYPES.has(types[0]!)) {
          throw new DynamoDbIntegrationError(
            'ValidationException',
            `Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes: ${name}`,
          );
        }
      }
      const key = Item[hashKey]?.S;
      if (typeof key !== 'string' || key === '') {
        throw new DynamoDbIntegrationError(
          'ValidationException',
          'One or more parameter values were invalid: Missing the key pk in the item'.replace('pk', hashKey),
        );
      }
      if (!checkCondition(items.get(key), request))
        throw new DynamoDbIntegrationError('ConditionalCheckFailedException', 'The conditional request failed');
      items.set(key, Item);
      return {};
    },
    getItem: (tableName, key) => table(tableName).get(key),
    itemCount: (tableName) => table(tableName).size,
  };
}

export { createLocalDynamoDb };
export type { LocalDynamoDb, PutItemRequest, AttributeValue, Item };
