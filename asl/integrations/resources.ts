/** The service integrations' `Resource` ARNs, as Step Functions spells them. */
const INTEGRATION_RESOURCES = {
  lambdaInvoke: 'arn:aws:states:::lambda:invoke',
  snsPublish: 'arn:aws:states:::sns:publish',
  dynamodbPutItem: 'arn:aws:states:::dynamodb:putItem',
  s3PutObject: 'arn:aws:states:::aws-sdk:s3:putObject',
} as const;

export { INTEGRATION_RESOURCES };
