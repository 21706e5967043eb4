import { InvalidStateArgument, s3ListObjectsReader, s3ObjectReader } from '../../../asl';
import { itThrowsInvalidStateArgument } from '../fixtures';

describe('s3ListObjectsReader', () => {
  it('lists a literal bucket and prefix, allowing s3:ListBucket on that prefix only', () => {
    expect(s3ListObjectsReader({ bucket: 'data', prefix: 'in/', maxItems: 100 })).toStrictEqual({
      resource: 'arn:aws:states:::s3:listObjectsV2',
      config: { MaxItems: 100 },
      request: { JSONPath: { Bucket: 'data', Prefix: 'in/' }, JSONata: { Bucket: 'data', Prefix: 'in/' } },
      permissions: [
        {
          actions: ['s3:ListBucket'],
          resources: ['arn:aws:s3:::data'],
          conditions: [{ test: 'StringLike', variable: 's3:prefix', values: ['in/'] }],
        },
      ],
    });
  });

  it('reads a bucket and prefix from the input as .$ paths, with the ARN the caller gives and no prefix condition', () => {
    expect(
      s3ListObjectsReader({ bucket: { path: '$.bucket' }, prefix: { path: '$.prefix' }, bucketArn: 'arn:aws:s3:::uploads-*' }),
    ).toStrictEqual({
      resource: 'arn:aws:states:::s3:listObjectsV2',
      request: { JSONPath: { 'Bucket.$': '$.bucket', 'Prefix.$': '$.prefix' } },
      permissions: [{ actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::uploads-*'] }],
    });
  });

  it('uses the partition given and passes CDKTF tokens through', () => {
    const reader = s3ListObjectsReader({ bucket: '${TfToken[TOKEN.9]}', partition: 'aws-cn' });

    expect(reader.resource).toBe('arn:aws-cn:states:::s3:listObjectsV2');
    expect(reader.permissions).toStrictEqual([{ actions: ['s3:ListBucket'], resources: ['arn:aws-cn:s3:::${TfToken[TOKEN.9]}'] }]);
  });

  itThrowsInvalidStateArgument([
    [
      'a bucket read at run time without a bucketArn',
      () => s3ListObjectsReader({ bucket: '{% $states.input.bucket %}' }),
      'ItemReader: expected a bucketArn for the policy when the bucket is read at run time',
    ],
    [
      'a bad bucket path',
      () => s3ListObjectsReader({ bucket: { path: '$.bucket[' }, bucketArn: 'arn:aws:s3:::b' }),
      'ItemReader.Parameters.Bucket.$: unclosed \'[\', got: "$.bucket["',
    ],
    [
      'zero MaxItems',
      () => s3ListObjectsReader({ bucket: 'data', maxItems: 0 }),
      'ItemReader.ReaderConfig.MaxItems: expected an integer from 1 to 9007199254740991, got: 0',
    ],
  ]);
});

describe('s3ObjectReader', () => {
  it('reads a CSV object with given headers, allowing s3:GetObject on that object', () => {
    const reader = s3ObjectReader({
      bucket: 'data',
      key: 'rows.csv',
      inputType: 'CSV',
      csvHeaderLocation: 'GIVEN',
      csvHeaders: ['id', 'name'],
      csvDelimiter: 'SEMICOLON',
    });

    expect(reader).toStrictEqual({
      resource: 'arn:aws:states:::s3:getObject',
      config: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVDelimiter: 'SEMICOLON', CSVHeaders: ['id', 'name'] },
      request: { JSONPath: { Bucket: 'data', Key: 'rows.csv' }, JSONata: { Bucket: 'data', Key: 'rows.csv' } },
      permissions: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/rows.csv'] }],
    });
  });

  it.each([
    [
      'JSON',
      s3ObjectReader({ bucket: 'data', key: 'items.json', inputType: 'JSON', versionId: 'v1' }),
      { InputType: 'JSON' },
      { Bucket: 'data', Key: 'items.json', VersionId: 'v1' },
    ],
    [
      'CSV with a header row',
      s3ObjectReader({ bucket: 'data', key: 'items.json', inputType: 'CSV', csvHeaderLocation: 'FIRST_ROW', maxItems: 5 }),
      { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 5 },
      { Bucket: 'data', Key: 'items.json' },
    ],
    [
      'an inventory manifest',
      s3ObjectReader({ bucket: 'data', key: 'items.json', inputType: 'MANIFEST' }),
      { InputType: 'MANIFEST' },
      { Bucket: 'data', Key: 'items.json' },
    ],
  ])('renders the ReaderConfig of %s', (_, reader, config, parameters) => {
    expect(reader.config).toStrictEqual(config);
    expect(reader.request?.JSONPath).toStrictEqual(parameters);
  });

  it('takes the object ARN from the caller when the key is read at run time', () => {
    const reader = s3ObjectReader({ bucket: 'data', key: { path: '$.key' }, inputType: 'JSONL', objectArn: 'arn:aws:s3:::data/batches/*' });

    expect(reader.request).toStrictEqual({ JSONPath: { Bucket: 'data', 'Key.$': '$.key' } });
    expect(reader.permissions).toStrictEqual([{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/batches/*'] }]);
  });

  it('throws InvalidStateArgument for a key read at run time without an objectArn', () => {
    expect(() => s3ObjectReader({ bucket: 'data', key: { path: '$.key' }, inputType: 'JSON' })).toThrow(
      new InvalidStateArgument('ItemReader: expected an objectArn for the policy when the key is read at run time'),
    );
  });
});
