import type { JsonObject, JsonValue } from '../json';
import { transientRetry } from '../retry-catch';
import type { Retrier } from '../retry-catch';
import { TaskState } from '../states/task';
import { INTEGRATION_RESOURCES } from './resources';
import type { TaskProps } from '../states/task';

const SNS_PUBLISH_RESOURCE = INTEGRATION_RESOURCES.snsPublish;

/** Errors of the SNS integration that a second try can fix. */
const SNS_TRANSIENT_ERRORS = ['SNS.InternalErrorException', 'SNS.ThrottledException', 'SNS.KMSThrottlingException'] as const;

const SNS_TRANSIENT_RETRY = transientRetry(SNS_TRANSIENT_ERRORS);

type SnsPublishProps = Omit<TaskProps, 'resource' | 'parameters' | 'arguments' | 'permissions' | 'integration'> & {
  /** The topic's ARN; a CDKTF token passes through untouched. */
  readonly topicArn: string;
  /** The message: JSON (Step Functions sends it as JSON text), with `.$` keys or `{% %}` expressions as the language allows. */
  readonly message: JsonValue;
  readonly subject?: string;
  /** The retrier for SNS's transient errors, in place of the default one; null for none. */
  readonly serviceRetry?: Retrier | null;
};

/** A Task that publishes to an SNS topic, retrying SNS's transient errors; Parameters or Arguments follow the state's effective language. */
function snsPublish(name: string, props: SnsPublishProps): TaskState {
  const { topicArn, message, subject, retry = [], serviceRetry = SNS_TRANSIENT_RETRY, ...task } = props;
  const publication: JsonObject = { TopicArn: topicArn, Message: message, ...(subject === undefined ? {} : { Subject: subject }) };
  return new TaskState(name, {
    ...task,
    resource: SNS_PUBLISH_RESOURCE,
    integration: { request: { JSONPath: publication, JSONata: publication } },
    retry: [...(serviceRetry === null ? [] : [serviceRetry]), ...retry],
    permissions: [{ actions: ['sns:Publish'], resources: [topicArn] }],
  } as TaskProps);
}

export { snsPublish, SNS_TRANSIENT_RETRY };
