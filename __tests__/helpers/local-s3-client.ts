import { S3Client } from '@aws-sdk/client-s3';

/** A real S3 client pointed at a local S3 on 127.0.0.1, path-style, with placeholder credentials. */
function localS3Client(url: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });
}

export { localS3Client };
