/** A DynamoDB attribute value, as the API spells it (`{"S": "text"}`, `{"N": "42"}`, ...). */
type AttributeValue = Readonly<Record<string, unknown>>;
type Item = Readonly<Record<string, AttributeValue>>;

interface PutItemRequest {
  readonly TableName: string;
  readonly Item: Item;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
}

/** An error as the DynamoDB integration raises it in Step Functions: `DynamoDB.<AWS error code>`. */
class DynamoDbIntegrationError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = `DynamoDB.${code}`;
  }
}

const ATTRIBUTE_TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);

/** `attribute_exists(name)` / `attribute_not_exists(name)`, alone: what idempotent writes use. */
const CONDITION = /^\s*(attribute_exists|attribute_not_exists)\s*\(\s*(#?[A-Za-z0-9_.]+)\s*\)\s*$/;

interface LocalDynamoDb {
  putItem(request: PutItemRequest): Record<string, never>;
  /** The stored item by its partition key value, or undefined. */
  getItem(tableName: string, key: string): Item | undefined;
  itemCount(tableName: string): number;
}

/**
 * In-memory tables with DynamoDB's PutItem semantics for a partition key of type S: a put replaces
 * the item with the same key, unless its condition is false, which raises
 * `DynamoDB.ConditionalCheckFailedException` as Step Functions names it. Conditions other than
 * attribute_exists/attribute_not_exists are refused rather than guessed.
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
    putItem({ TableName, Item, ConditionExpression, ExpressionAttributeNames = {} }) {
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
      if (ConditionExpression !== undefined) {
        const match = CONDITION.exec(ConditionExpression);
        if (match === null) throw new Error(`The local DynamoDB stand-in does not evaluate the condition: ${ConditionExpression}`);
        const attribute = match[2]!.startsWith('#') ? ExpressionAttributeNames[match[2]!] : match[2]!;
        if (attribute === undefined)
          throw new DynamoDbIntegrationError(
            'ValidationException',
            `An expression attribute name used in the document path is not defined; attribute name: ${match[2]}`,
          );
        const exists = items.get(key)?.[attribute] !== undefined;
        if (exists !== (match[1] === 'attribute_exists'))
          throw new DynamoDbIntegrationError('ConditionalCheckFailedException', 'The conditional request failed');
      }
      items.set(key, Item);
      return {};
    },
    getItem: (tableName, key) => table(tableName).get(key),
    itemCount: (tableName) => table(tableName).size,
  };
}

export { createLocalDynamoDb };
export type { LocalDynamoDb, PutItemRequest, AttributeValue, Item };
