import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import type { Json } from '../../json';
import type { ExecutionEnvironment } from '../run-types';
import type { Integration } from './integration';
import { s3Failure } from './s3-errors';

/** The run's S3 client; a definition that calls S3 cannot run without one. */
function requireS3(environment: ExecutionEnvironment, what: string): S3Client {
  if (environment.s3 === undefined) throw new Error(`${what} calls S3: pass an S3 client (\`s3\`) to run()`);
  return environment.s3;
}

/**
 * aws-sdk:s3:putObject: Body is written as JSON text whatever its type (a string too, quotes and
 * all, as AWS does), with ContentType `text/plain; charset=UTF-8` unless given. The result is S3's
 * answer: ETag, and VersionId on a versioned bucket.
 */
const s3PutObject: Integration = {
  label: 's3',
  async call(parameters, { environment }) {
    const { Body, ContentType, ...rest } = parameters as Record<string, Json>;
    const input = {
      ...rest,
      Body: Body === undefined ? undefined : JSON.stringify(Body),
      ContentType: typeof ContentType === 'string' ? ContentType : 'text/plain; charset=UTF-8',
    } as PutObjectCommandInput;
    try {
      const { ETag, VersionId } = await requireS3(environment, 'aws-sdk:s3:putObject').send(new PutObjectCommand(input));
      return { ETag: ETag ?? null, ...(VersionId === undefined ? {} : { VersionId }) };
    } catch (error) {
      throw s3Failure(error) ?? error;
    }
  },
};

export { requireS3, s3PutObject };
