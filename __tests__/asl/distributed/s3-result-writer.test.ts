import { InvalidStateArgument, s3ResultWriter } from '../../../asl';

describe('s3ResultWriter', () => {
  it('writes under a literal prefix, allowing the writes and multipart upload under that prefix only', () => {
    expect(
      s3ResultWriter({ bucket: 'results', prefix: 'runs/', writerConfig: { outputType: 'JSONL', transformation: 'COMPACT' } }),
    ).toStrictEqual({
      resource: 'arn:aws:states:::s3:putObject',
      config: { OutputType: 'JSONL', Transformation: 'COMPACT' },
      request: { JSONPath: { Bucket: 'results', Prefix: 'runs/' }, JSONata: { Bucket: 'results', Prefix: 'runs/' } },
      permissions: [
        {
          actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
          resources: ['arn:aws:s3:::results/runs/*'],
        },
      ],
    });
  });

  it('allows the whole given bucket when the prefix is read at run time or unset', () => {
    const dynamic = s3ResultWriter({ bucket: { path: '$.out' }, bucketArn: 'arn:aws:s3:::results', prefix: { path: '$$.Execution.Name' } });
    const unset = s3ResultWriter({ bucket: 'results' });

    expect(dynamic.request).toStrictEqual({ JSONPath: { 'Bucket.$': '$.out', 'Prefix.$': '$$.Execution.Name' } });
    expect(dynamic.permissions?.[0]?.resources).toStrictEqual(['arn:aws:s3:::results/*']);
    expect(unset.permissions?.[0]?.resources).toStrictEqual(['arn:aws:s3:::results/*']);
  });

  it('throws InvalidStateArgument for a bucket read at run time without a bucketArn', () => {
    expect(() => s3ResultWriter({ bucket: { path: '$.out' } })).toThrow(
      new InvalidStateArgument('ResultWriter: expected a bucketArn for the policy when the bucket is read at run time'),
    );
  });
});
