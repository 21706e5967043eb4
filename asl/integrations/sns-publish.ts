import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import { transientRetry } from '../retry-catch';
import type { TaskState } from '../states/task';
import { integrationTask } from './integration-task';
import type { IntegrationTaskProps } from './integration-task';
import { INTEGRATION_RESOURCES } from './resources';

/** Errors of the SNS integration that a second try can fix. */
const SNS_TRANSIENT_ERRORS = ['SNS.InternalErrorException', 'SNS.ThrottledException', 'SNS.KMSThrottlingException'] as const;

const SNS_TRANSIENT_RETRY = transientRetry(SNS_TRANSIENT_ERRORS);

type SnsPublishProps = IntegrationTaskProps & {
  /** The topic's ARN; a CDKTF token passes through untouched. */
  readonly topicArn: string;
  /** The message: JSON (Step Functions sends it as JSON text), with `.$` keys or `{% %}` expressions as the language allows. */
  readonly message: JsonValue;
  readonly subject?: string;
};

/** A Task that publishes to an SNS topic, retrying SNS's transient errors; Parameters or Arguments follow the state's effective language. */
function snsPublish(name: string, props: SnsPublishProps): TaskState {
  const { topicArn, message, subject, ...task } = props;
  const publication: JsonObject = { TopicArn: topicArn, Message: message, ...compact({ Subject: subject }) };
  return integrationTask(name, task, {
    resource: INTEGRATION_RESOURCES.snsPublish,
    request: { JSONPath: publication, JSONata: publication },
    serviceRetry: SNS_TRANSIENT_RETRY,
    permissions: [{ actions: ['sns:Publish'], resources: [topicArn] }],
  });
}

export { snsPublish, SNS_TRANSIENT_RETRY };
