export { InvalidDefinition, InvalidStateArgument } from './errors';
export { deployTimeNumber } from './deploy-time-number';
export type { DeployTimeNumber } from './deploy-time-number';
export type { JsonObject, JsonValue } from './json';
export type {
  ByLanguage,
  PolicyCondition,
  PolicyStatement,
  QueryLanguage,
  StateType,
  NextOrEnd,
  Transition,
  TransitionKind,
} from './state';
export { Condition } from './conditions';
export type { ComparisonOperator } from './conditions';
export { ALL_ERRORS } from './retry-catch';
export type { Retrier, Catcher } from './retry-catch';
export { StateGraph } from './state-graph';
export type { State } from './state-graph';
export { StateMachineDefinition } from './state-machine';
export { TaskState } from './states/task';
export { PassState } from './states/pass';
export { ChoiceState } from './states/choice';
export type { ChoiceRule } from './states/choice';
export { WaitState } from './states/wait';
export { SucceedState } from './states/succeed';
export { FailState } from './states/fail';
export { ParallelState } from './states/parallel';
export { MapState } from './states/map';
export type { MapProps } from './states/map';
export type { TaskProps, TaskIntegration } from './states/task';
export type { StateIdentity, Exits } from './identity';
export { pathSyntaxError, intrinsicSyntaxError, INTRINSIC_FUNCTIONS } from './jsonpath';
export type { PathOptions } from './jsonpath';
export { executionsArn } from './distributed/options';
export type { DistributedOptions, ItemBatcher, MapResource } from './distributed/options';
export { s3ListObjectsReader, s3ObjectReader } from './distributed/s3-item-reader';
export type { S3ListObjectsReaderProps, S3ObjectReaderProps, S3ObjectFormat, CsvDelimiter } from './distributed/s3-item-reader';
export { s3ResultWriter, RESULT_WRITER_ACTIONS } from './distributed/s3-result-writer';
export type { S3ResultWriterProps, WriterConfig } from './distributed/s3-result-writer';
export type { FromPath, S3Location, S3Value } from './s3';
export { lambdaInvoke, LAMBDA_INVOKE_RESOURCE, LAMBDA_SERVICE_ERRORS, LAMBDA_SERVICE_RETRY } from './integrations/lambda-invoke';
export { snsPublish, SNS_PUBLISH_RESOURCE, SNS_TRANSIENT_RETRY } from './integrations/sns-publish';
export { worstCaseDurationSeconds } from './worst-case-duration';
export { s3PutObject, S3_SDK_TRANSIENT_RETRY } from './integrations/s3-put-object';
export { dynamodbPutItem, DYNAMODB_PUT_ITEM_RESOURCE, DYNAMODB_CONDITIONAL_CHECK_FAILED } from './integrations/dynamodb-put-item';
export { renderMermaid } from './mermaid';
