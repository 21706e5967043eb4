import { compact } from '../json';
import type { MapResource } from './options';
import { bucketArnOf, isLiteral, s3IntegrationResource, s3Request } from '../s3';
import type { S3Location, S3Value } from '../s3';

/** How the results are written: the whole result or only each child's output, as one JSON array or JSON Lines. */
interface WriterConfig {
  readonly outputType: 'JSON' | 'JSONL';
  readonly transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
}

type S3ResultWriterProps = S3Location & {
  /** Where under the bucket the Map Run's results go; the policy is limited to it when it is a literal. */
  readonly prefix?: S3Value;
  /** What the policy allows writing to when the prefix is read at run time (e.g. `arn:aws:s3:::bucket/results/*`); the whole bucket unless set. */
  readonly objectArn?: string;
  readonly writerConfig?: WriterConfig;
};

/** The actions AWS documents for exporting a Map Run's results: the writes, and the multipart upload around them. */
const RESULT_WRITER_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'] as const;

/** Writes a Distributed Map's results to S3 (`s3:putObject`) instead of returning them in the state output. */
function s3ResultWriter(props: S3ResultWriterProps): MapResource {
  const prefix = isLiteral(props.prefix) ? props.prefix : '';
  return {
    resource: s3IntegrationResource(props, 'putObject'),
    ...(props.writerConfig === undefined
      ? {}
      : { config: compact({ OutputType: props.writerConfig.outputType, Transformation: props.writerConfig.transformation }) }),
    request: s3Request('ResultWriter.Parameters', { Bucket: props.bucket, Prefix: props.prefix }),
    permissions: [{ actions: RESULT_WRITER_ACTIONS, resources: [props.objectArn ?? `${bucketArnOf(props, 'ResultWriter')}/${prefix}*`] }],
  };
}

export { s3ResultWriter };
