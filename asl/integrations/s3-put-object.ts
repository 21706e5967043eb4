import type { JsonValue } from '../json';
import { transientRetry } from '../retry-catch';
import { objectArnOf, s3Request } from '../s3';
import type { S3Location, S3Value } from '../s3';
import type { TaskState } from '../states/task';
import { integrationTask } from './integration-task';
import type { IntegrationTaskProps } from './integration-task';
import { INTEGRATION_RESOURCES } from './resources';

/**
 * Errors of the AWS SDK integration with S3 that a second try can fix. S3 models no exception for its 500
 * InternalError or 503 SlowDown, so Step Functions reports them as `S3.S3Exception` (which also carries
 * errors a retry cannot fix, such as AccessDenied: those fail once the retries are spent); a request that
 * never reached S3 is `S3.SdkClientException`.
 */
const S3_SDK_TRANSIENT_ERRORS = ['S3.S3Exception', 'S3.SdkClientException'] as const;

const S3_SDK_TRANSIENT_RETRY = transientRetry(S3_SDK_TRANSIENT_ERRORS);

type S3PutObjectProps = IntegrationTaskProps &
  Omit<S3Location, 'partition'> & {
    readonly key: S3Value;
    /**
     * The object's content: text, or JSON that Step Functions writes as JSON text, with `.$` keys or `{% %}`
     * expressions as the language allows; the state's input when unset.
     */
    readonly body?: JsonValue;
    readonly contentType?: string;
    /**
     * What `s3:PutObject` is allowed on, e.g. `arn:aws:s3:::bucket/results/*` (or several such patterns): required
     * when the bucket or key is read at run time, else the object's ARN.
     */
    readonly objectArn?: string | readonly string[];
  };

/** The state's input, as the object's content. */
const WHOLE_INPUT = { JSONPath: { 'Body.$': '$' }, JSONata: { Body: '{% $states.input %}' } } as const;

/**
 * A Task that writes one S3 object through the AWS SDK integration (`s3:putObject`), retrying S3's transient
 * errors; Parameters or Arguments follow the state's effective language.
 */
function s3PutObject(name: string, props: S3PutObjectProps): TaskState {
  const { bucket, bucketArn, key, body, contentType, objectArn, ...task } = props;
  const { JSONPath, JSONata } = s3Request('Parameters', { Bucket: bucket, Key: key, ContentType: contentType });
  const bodyIn = body === undefined ? WHOLE_INPUT : { JSONPath: { Body: body }, JSONata: { Body: body } };
  return integrationTask(name, task, {
    resource: INTEGRATION_RESOURCES.s3PutObject,
    request: {
      ...(JSONPath === undefined ? {} : { JSONPath: { ...JSONPath, ...bodyIn.JSONPath } }),
      ...(JSONata === undefined ? {} : { JSONata: { ...JSONata, ...bodyIn.JSONata } }),
    },
    serviceRetry: S3_SDK_TRANSIENT_RETRY,
    permissions: [
      {
        actions: ['s3:PutObject'],
        resources:
          typeof objectArn === 'string' || objectArn === undefined
            ? [objectArnOf({ bucket, bucketArn, key, objectArn }, 'Parameters')]
            : [...objectArn],
      },
    ],
  });
}

export { s3PutObject, S3_SDK_TRANSIENT_RETRY };
