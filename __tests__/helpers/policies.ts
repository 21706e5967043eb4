/** The statements a function with `readImages` access gets: GetObject (of a version too) under the prefix, ListBucket conditioned on it. */
const READ_IMAGES_STATEMENTS = [
  {
    effect: 'Allow',
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resources: [expect.stringMatching(/:s3:::\$\{var\.image_bucket\}\/\$\{var\.image_key_prefix\}\*$/)],
  },
  {
    effect: 'Allow',
    actions: ['s3:ListBucket'],
    resources: [expect.stringMatching(/:s3:::\$\{var\.image_bucket\}$/)],
    condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['${var.image_key_prefix}*'] }],
  },
];

const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];

/** The condition every service's trust or grant carries: this deployment's account, read from the caller identity. */
const FROM_OWN_ACCOUNT = {
  test: 'StringEquals',
  variable: 'aws:SourceAccount',
  values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\.\w+\.account_id\}$/)],
};

export { READ_IMAGES_STATEMENTS, XRAY_ACTIONS, FROM_OWN_ACCOUNT };
