import { UnsupportedConditionError, compareNumbers } from '../../local/dynamodb-condition';
import { createLocalDynamoDb } from '../../local/local-dynamodb';
import type { AttributeValue, Item, PutItemRequest } from '../../local/local-dynamodb';

const CONDITIONAL_CHECK_FAILED = expect.objectContaining({
  name: 'DynamoDB.ConditionalCheckFailedException',
  message: 'The conditional request failed',
});
const validation = (message: string) => expect.objectContaining({ name: 'DynamoDB.ValidationException', message }) as Error;

describe('createLocalDynamoDb', () => {
  const item = { pk: { S: 'a' }, n: { N: '1' } };

  it('refuses a conditional put on an existing key with the error Step Functions names', () => {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });
    dynamodb.putItem({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' });

    expect(() => dynamodb.putItem({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' })).toThrow(
      CONDITIONAL_CHECK_FAILED,
    );
  });

  it('replaces the item on an unconditional put, and resolves #names', () => {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });
    dynamodb.putItem({ TableName: 't', Item: item });
    dynamodb.putItem({
      TableName: 't',
      Item: { pk: { S: 'a' }, n: { N: '2' } },
      ConditionExpression: 'attribute_exists(#k)',
      ExpressionAttributeNames: { '#k': 'pk' },
    });

    expect(dynamodb.getItem('t', 'a')).toStrictEqual({ pk: { S: 'a' }, n: { N: '2' } });
  });

  it('rejects a missing key, a malformed attribute value and a table it does not hold', () => {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });

    expect(() => dynamodb.putItem({ TableName: 't', Item: { n: { N: '1' } } })).toThrow(
      expect.objectContaining({ name: 'DynamoDB.ValidationException' }),
    );
    expect(() => dynamodb.putItem({ TableName: 't', Item: { pk: { S: 'a', N: '1' } } })).toThrow(
      expect.objectContaining({ name: 'DynamoDB.ValidationException' }),
    );
    expect(() => dynamodb.putItem({ TableName: 'other', Item: item })).toThrow(
      expect.objectContaining({ name: 'DynamoDB.ResourceNotFoundException' }),
    );
  });
});

describe("createLocalDynamoDb's condition expressions", () => {
  /** Whether `condition` holds for `stored` (none: the key is new), as a conditional put decides it. */
  function holds(
    stored: Item | undefined,
    ConditionExpression: string,
    ExpressionAttributeValues?: Record<string, AttributeValue>,
    ExpressionAttributeNames?: Record<string, string>,
  ): boolean {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });
    if (stored !== undefined) dynamodb.putItem({ TableName: 't', Item: stored });
    const request: PutItemRequest = {
      TableName: 't',
      Item: { pk: { S: 'k' }, written: { BOOL: true } },
      ConditionExpression,
      ...(ExpressionAttributeValues === undefined ? {} : { ExpressionAttributeValues }),
      ...(ExpressionAttributeNames === undefined ? {} : { ExpressionAttributeNames }),
    };
    try {
      dynamodb.putItem(request);
    } catch (error) {
      if ((error as Error).name === 'DynamoDB.ConditionalCheckFailedException') return false;
      throw error;
    }
    expect(dynamodb.getItem('t', 'k')).toStrictEqual(request.Item);
    return true;
  }
  const record = (outcome: string, startedAt: string, execution = 'arn:exec:1'): Item => ({
    pk: { S: 'k' },
    outcome: { S: outcome },
    started_at: { N: startedAt },
    execution_id: { S: execution },
  });

  describe("the per-image workflow's upload record", () => {
    const START = 'attribute_not_exists(pk) OR outcome = :failed OR started_at < :stale';
    const startValues = { ':failed': { S: 'failed' }, ':stale': { N: '1700000000' } };

    it.each([
      ['no record', true, undefined],
      ['a failed upload', true, record('failed', '1700000500')],
      ['an upload still in progress', false, record('in progress', '1700000500')],
      ['an upload classified', false, record('classified', '1700000500')],
      ['an upload in progress whose execution has timed out', true, record('in progress', '1699999999')],
      ['an upload in progress that started exactly at the stale mark', false, record('in progress', '1700000000')],
    ])('over %s, the put goes through: %s', (_, expected, stored) => {
      expect(holds(stored, START, startValues)).toBe(expected);
    });

    it('writes the outcome only over the record of the same execution', () => {
      const values = { ':execution': { S: 'arn:exec:1' } };

      expect(holds(record('in progress', '1', 'arn:exec:1'), 'execution_id = :execution', values)).toBe(true);
      expect(holds(record('in progress', '1', 'arn:exec:2'), 'execution_id = :execution', values)).toBe(false);
      expect(holds(undefined, 'execution_id = :execution', values)).toBe(false);
    });
  });

  it('compares N by value (exactly, past double precision) and S by UTF-8 bytes', () => {
    const stored = { pk: { S: 'k' }, n: { N: '10' }, big: { N: '12345678901234567890123456789012345678' }, s: { S: '\uFF21' } };

    expect(holds(stored, 'n > :v', { ':v': { N: '9' } })).toBe(true);
    expect(holds(stored, 'n = :v', { ':v': { N: '1.0E1' } })).toBe(true);
    expect(holds(stored, 'n < :v', { ':v': { N: '-11' } })).toBe(false);
    expect(holds(stored, 'big < :v', { ':v': { N: '12345678901234567890123456789012345679' } })).toBe(true);
    // U+FF21 is one UTF-16 unit but sorts after U+1F600 (a surrogate pair) by UTF-8 bytes only.
    expect(holds(stored, 's < :v', { ':v': { S: '\u{1F600}' } })).toBe(true);
    expect(holds(stored, 's >= :v', { ':v': { S: 'B' } })).toBe(true);
    expect(holds(stored, 'n <> :v', { ':v': { N: '10.000' } })).toBe(false);
    expect(holds(stored, 'n <= :v', { ':v': { N: '10' } })).toBe(true);
  });

  it('makes <> true and every other comparison false for a missing attribute or one of another type', () => {
    const stored = { pk: { S: 'k' }, n: { N: '10' } };

    expect(['=', '<>', '<', '<=', '>', '>='].map((op) => holds(stored, `absent ${op} :v`, { ':v': { N: '1' } }))).toStrictEqual([
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(['=', '<>', '<', '>='].map((op) => holds(stored, `n ${op} :v`, { ':v': { S: '10' } }))).toStrictEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it('binds NOT tighter than AND, and AND tighter than OR; parentheses regroup; keywords in any case', () => {
    const stored = { pk: { S: 'k' }, a: { N: '1' } };
    const values = { ':one': { N: '1' }, ':two': { N: '2' } };

    // true OR (false AND false) = true; (true OR false) AND false = false
    expect(holds(stored, 'a = :one OR a = :two AND a = :two', values)).toBe(true);
    expect(holds(stored, '(a = :one OR a = :two) AND a = :two', values)).toBe(false);
    // (NOT false) AND true = true; NOT (false AND true) = true; NOT (true) OR false = false
    expect(holds(stored, 'NOT a = :two AND a = :one', values)).toBe(true);
    expect(holds(stored, 'not (a = :two and a = :one)', values)).toBe(true);
    expect(holds(stored, 'NOT attribute_exists(a) Or a = :two', { ':two': values[':two'] })).toBe(false);
    expect(holds(stored, 'NOT NOT a = :one', { ':one': values[':one'] })).toBe(true);
  });

  it.each<[string, Partial<PutItemRequest>]>([
    [
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x',
      { ConditionExpression: 'n > :x' },
    ],
    [
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #k',
      { ConditionExpression: 'attribute_exists(#k)' },
    ],
    [
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status',
      { ConditionExpression: 'status = :s', ExpressionAttributeValues: { ':s': { S: 'x' } } },
    ],
    [
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
      { ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':unused': { S: 'x' } } },
    ],
    [
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}',
      { ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeNames: { '#n': 'n' } },
    ],
    ['ExpressionAttributeValues can only be specified when using expressions', { ExpressionAttributeValues: { ':v': { S: 'x' } } }],
    ['Invalid ConditionExpression: The expression can not be empty;', { ConditionExpression: '  ' }],
    [
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"',
      { ConditionExpression: 'a = :v AND', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    ],
    [
      'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"',
      { ConditionExpression: 'a == :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    ],
    ['Invalid ConditionExpression: Invalid function name; function: attribute_exist', { ConditionExpression: 'attribute_exist(a)' }],
    [
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
      { ConditionExpression: 'attribute_exists(:v)', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    ],
    [
      'The parameter cannot be converted to a numeric value: ten',
      { ConditionExpression: 'n < :v', ExpressionAttributeValues: { ':v': { N: 'ten' } } },
    ],
  ])("refuses with DynamoDB's ValidationException: %s", (message, request) => {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });

    expect(() => dynamodb.putItem({ TableName: 't', Item: { pk: { S: 'k' } }, ...request })).toThrow(validation(message));
  });

  it('refuses, naming it, what DynamoDB evaluates and this does not', () => {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });
    const put = (ConditionExpression: string, ExpressionAttributeValues?: Record<string, AttributeValue>) => () =>
      dynamodb.putItem({ TableName: 't', Item: { pk: { S: 'k' } }, ConditionExpression, ExpressionAttributeValues });

    expect(put('begins_with(a, :v)', { ':v': { S: 'x' } })).toThrow(
      new UnsupportedConditionError('the function begins_with', 'begins_with(a, :v)'),
    );
    expect(put('a BETWEEN :v AND :w', { ':v': { N: '1' }, ':w': { N: '2' } })).toThrow(
      'The local DynamoDB does not implement the BETWEEN operator, in the condition: a BETWEEN :v AND :w',
    );
    expect(put('a.b = :v', { ':v': { S: 'x' } })).toThrow('The local DynamoDB does not implement nested document paths');
    expect(put('a = :v', { ':v': { BOOL: true } })).toThrow(UnsupportedConditionError);
  });
});

describe('compareNumbers', () => {
  it('orders DynamoDB numbers by value whatever their spelling', () => {
    const sorted = ['-1e2', '-99.5', '-0.001', '0', '-0.0', '0.0001', '1E-3', '0.01', '1', '1.000', '10', '1e1', '99999999999999999999999'];
    const rotated = [...sorted.slice(7), ...sorted.slice(0, 7)];

    expect(rotated.sort(compareNumbers)).toStrictEqual(sorted);
    expect([compareNumbers('0', '-0.0'), compareNumbers('1E-3', '0.001'), compareNumbers('1e1', '10')]).toStrictEqual([0, 0, 0]);
  });
});
