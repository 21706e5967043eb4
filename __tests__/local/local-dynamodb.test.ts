import { createLocalDynamoDb } from '../../local/local-dynamodb';

describe('createLocalDynamoDb', () => {
  const item = { pk: { S: 'a' }, n: { N: '1' } };

  it('refuses a conditional put on an existing key with the error Step Functions names', () => {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });
    dynamodb.putItem({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' });

    expect(() => dynamodb.putItem({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' })).toThrow(
      expect.objectContaining({ name: 'DynamoDB.ConditionalCheckFailedException', message: 'The conditional request failed' }),
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

  it('rejects a missing key, a malformed attribute value and a condition it cannot evaluate', () => {
    const dynamodb = createLocalDynamoDb({ t: { hashKey: 'pk' } });

    expect(() => dynamodb.putItem({ TableName: 't', Item: { n: { N: '1' } } })).toThrow(
      expect.objectContaining({ name: 'DynamoDB.ValidationException' }),
    );
    expect(() => dynamodb.putItem({ TableName: 't', Item: { pk: { S: 'a', N: '1' } } })).toThrow(
      expect.objectContaining({ name: 'DynamoDB.ValidationException' }),
    );
    expect(() => dynamodb.putItem({ TableName: 't', Item: item, ConditionExpression: 'n > :x' })).toThrow(
      'The local DynamoDB stand-in does not evaluate the condition: n > :x',
    );
    expect(() => dynamodb.putItem({ TableName: 'other', Item: item })).toThrow(
      expect.objectContaining({ name: 'DynamoDB.ResourceNotFoundException' }),
    );
  });
});
