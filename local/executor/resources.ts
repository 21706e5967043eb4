import { INTEGRATION_RESOURCES } from '../../asl/integrations/resources';

/**
 * The service and action a `Resource` names: `arn:<partition>:states:::lambda:invoke` ->
 * `lambda:invoke`, `...:::aws-sdk:s3:putObject` -> `aws-sdk:s3:putObject`; undefined for anything
 * else (a function ARN, an activity).
 */
function serviceAction(resource: string): string | undefined {
  return /^arn:[\w-]+:states:::(.+)$/.exec(resource)?.[1];
}

/** The service actions this executor runs, keyed as serviceAction() gives them. */
const SERVICE_ACTIONS = {
  lambdaInvoke: serviceAction(INTEGRATION_RESOURCES.lambdaInvoke)!,
  snsPublish: serviceAction(INTEGRATION_RESOURCES.snsPublish)!,
  dynamodbPutItem: serviceAction(INTEGRATION_RESOURCES.dynamodbPutItem)!,
  // asl/ builds the S3 ones with a partition (asl/distributed/s3.ts), so it has no constants for them.
  s3PutObjectSdk: 'aws-sdk:s3:putObject',
  s3ListObjectsV2: 's3:listObjectsV2',
  s3GetObject: 's3:getObject',
  s3PutObject: 's3:putObject',
} as const;

export { SERVICE_ACTIONS, serviceAction };
