import { CloudwatchEventArchive } from '@cdktf/provider-aws/lib/cloudwatch-event-archive';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { TRIGGER_INPUT_FIELDS } from '../contract/step-payloads';
import type { AwsContext } from './aws-context';
import type { DeploymentVariables } from './deployment-variables';
import { ServiceRole } from './iam';
import type { ImageBucket } from './image-bucket';
import { hcl, TerraformTestSuite } from './terraform-tests';

/**
 * Image names the trigger starts on, one rule per casing. An event pattern cannot AND a prefix with
 * a case-insensitive suffix on one field, so each suffix is a `wildcard` after the prefix; and a
 * pattern holds at most 4,096 characters, so six wildcards over a 1,024-character prefix would not
 * fit one rule, while three do.
 */
const IMAGE_SUFFIXES_BY_RULE = { lower: ['.png', '.jpg', '.jpeg'], upper: ['.PNG', '.JPG', '.JPEG'] } as const;
const IMAGE_SUFFIXES = Object.values(IMAGE_SUFFIXES_BY_RULE).flat();

interface ImageTriggerProps {
  readonly namePrefix: string;
  readonly aws: AwsContext;
  /** The variables the event patterns hold: each enters them JSON-encoded. */
  readonly vars: DeploymentVariables;
  /** The bucket, and the key prefix of the images (may be empty; no `*`, by the deployment variable's rule). */
  readonly bucket: ImageBucket;
  readonly stateMachineArn: string;
  /** A Terraform bool expression: whether to turn on EventBridge notifications for the bucket. */
  readonly enableBucketNotification: string;
  /** Days the archive keeps the events (0: indefinitely). */
  readonly archiveRetentionDays: number;
}

/**
 * A rule's pattern: Object Created in the bucket under the prefix, for image names only, so that
 * batch results (JSON) never start the workflow even when they share the prefix.
 */
function objectCreatedPattern(
  bucketName: string,
  keyPrefix: string,
  suffixes: readonly string[] = IMAGE_SUFFIXES,
): Record<string, unknown> {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: {
      bucket: { name: [bucketName] },
      object: { key: suffixes.map((suffix) => ({ wildcard: `${keyPrefix}*${suffix}` })) },
    },
  };
}

/**
 * Object Created in the bucket under the prefix, whatever the name: what the archive keeps. A superset of
 * what the rules match (one pattern cannot hold the six suffix wildcards over a 1,024-character prefix);
 * a replay delivers only to the rules, which apply their own patterns.
 */
function objectCreatedUnder(bucketName: string, keyPrefix: string): Record<string, unknown> {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: [bucketName] }, object: { key: [{ wildcard: `${keyPrefix}*` }] } },
  };
}

/**
 * The event's fields the workflow's input carries, under the names contract/step-payloads.ts gives
 * them. S3 sends EventBridge the key itself, not URL-encoded as in its SQS/SNS/Lambda notifications.
 */
const INPUT_PATHS = {
  bucket: '$.detail.bucket.name',
  key: '$.detail.object.key',
  etag: '$.detail.object.etag',
  versionId: '$.detail.object.version-id',
  sequencer: '$.detail.object.sequencer',
  eventId: '$.id',
} as const satisfies Partial<Record<keyof typeof TRIGGER_INPUT_FIELDS, string>>;

/**
 * Fields S3 leaves out of some events: `version-id` is only there when the bucket is versioned. A
 * placeholder whose path the event lacks is replaced by nothing, so it stands inside quotes: the input
 * then holds `""` and stays valid JSON (a bare placeholder would leave `"s3_version_id": ,`). S3's
 * version ids are URL-ready text, so nothing in them needs escaping inside the quotes.
 */
const OPTIONAL_INPUT_FIELDS: ReadonlySet<keyof typeof INPUT_PATHS> = new Set(['versionId']);

/**
 * The input as a JSON object. A placeholder outside quotes inserts the value as JSON, escaped, so
 * keys with quotes, spaces, `+` or unicode arrive intact.
 */
const INPUT_TEMPLATE = `{${(Object.keys(INPUT_PATHS) as (keyof typeof INPUT_PATHS)[])
  .map((field) => `"${TRIGGER_INPUT_FIELDS[field]}": ${OPTIONAL_INPUT_FIELDS.has(field) ? `"<${field}>"` : `<${field}>`}`)
  .join(', ')}}`;

/**
 * One execution per new image: EventBridge rules on the default bus (one per suffix casing; an
 * object matches at most one), targets that start the state machine through a role allowed only
 * that, retries, an encrypted dead-letter queue that keeps a start that failed for good (with the
 * error, for diagnosis), and an archive of the bucket's Object Created events to replay them from
 * (SQS cannot move a dead letter back to EventBridge). The rules, role, queue and archive always exist
 * (they cost nothing without events, and work when the bucket's EventBridge notifications are turned
 * on elsewhere); only the bucket's notification configuration, a singleton, waits for `enable_trigger`.
 */
class ImageTrigger extends Construct {
  readonly rules: readonly CloudwatchEventRule[];
  readonly targets: readonly CloudwatchEventTarget[];
  readonly role: ServiceRole;
  readonly deadLetterQueue: SqsQueue;
  readonly archive: CloudwatchEventArchive;
  readonly bucketNotification: S3BucketNotification;
  /** Each rule's pattern as an object, Terraform references in place of the variables. */
  readonly eventPatterns: readonly Record<string, unknown>[];

  constructor(scope: Construct, id: string, props: ImageTriggerProps) {
    super(scope, id);
    const { aws } = props;
    const casings = Object.entries(IMAGE_SUFFIXES_BY_RULE);
    this.eventPatterns = casings.map(([, suffixes]) => objectCreatedPattern(props.bucket.name, props.bucket.imagePrefix, suffixes));
    this.rules = casings.map(
      ([casing], index) =>
        new CloudwatchEventRule(this, `rule_${casing}`, {
          name: `${props.namePrefix}-image-created-${casing}`,
          description: `Starts the image classification workflow for each new image in the bucket (${casing}-case suffixes)`,
          eventPattern: eventPatternText(props.vars, this.eventPatterns[index]!),
        }),
    );
    this.archive = new CloudwatchEventArchive(this, 'archive', {
      name: `${props.namePrefix}-image-created`,
      description: "The bucket's Object Created events under the image prefix, to replay to the trigger's rules",
      eventSourceArn: aws.arn('events', 'event-bus/default'),
      eventPattern: eventPatternText(props.vars, objectCreatedUnder(props.bucket.name, props.bucket.imagePrefix)),
      retentionDays: props.archiveRetentionDays,
    });
    const ruleArns = this.rules.map((rule) => rule.arn);
    this.deadLetterQueue = new SqsQueue(this, 'dead_letter_queue', {
      name: `${props.namePrefix}-trigger-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    const queuePolicy = new DataAwsIamPolicyDocument(this, 'queue_policy_document', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sqs:SendMessage'],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          resources: [this.deadLetterQueue.arn],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ruleArns }],
        },
      ],
    });
    new SqsQueuePolicy(this, 'queue_policy', { queueUrl: this.deadLetterQueue.url, policy: queuePolicy.json });
    this.role = new ServiceRole(this, 'role', {
      roleName: `${props.namePrefix}-trigger-role`,
      service: 'events.amazonaws.com',
      trustConditions: [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
        { test: 'ArnEquals', variable: 'aws:SourceArn', values: ruleArns },
      ],
      statements: [{ actions: ['states:StartExecution'], resources: [props.stateMachineArn] }],
    });
    this.targets = this.rules.map(
      (rule, index) =>
        new CloudwatchEventTarget(this, `target_${casings[index]![0]}`, {
          rule: rule.name,
          arn: props.stateMachineArn,
          roleArn: this.role.role.arn,
          inputTransformer: { inputPaths: { ...INPUT_PATHS }, inputTemplate: INPUT_TEMPLATE },
          retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 6 * 3600 },
          deadLetterConfig: { arn: this.deadLetterQueue.arn },
        }),
    );
    this.bucketNotification = new S3BucketNotification(this, 'bucket_notification', {
      count: Token.asNumber(Fn.conditional(props.enableBucketNotification, 1, 0)),
      bucket: props.bucket.name,
      eventbridge: true,
    });
    const tests = TerraformTestSuite.of(this).assert(
      hcl`length(${this.bucketNotification}) == (${props.enableBucketNotification} ? 1 : 0)`,
      "The bucket's notification configuration exists only with enable_trigger.",
    );
    // The patterns decode to the prefix as given: its JSON encoding round-trips.
    const prefix = props.bucket.imagePrefix;
    casings.forEach(([casing, suffixes], index) =>
      suffixes.forEach((suffix, position) =>
        tests.assert(
          hcl`jsondecode(${this.rules[index]!}.event_pattern).detail.object.key[${position}].wildcard == format(${`%s*${suffix}`}, ${prefix})`,
          `The ${casing}-case rule matches ${suffix} images under the prefix.`,
        ),
      ),
    );
    tests.assert(
      hcl`jsondecode(${this.archive}.event_pattern).detail.object.key[0].wildcard == format("%s*", ${prefix})`,
      'The archive keeps the Object Created events under the image prefix.',
    );
  }
}

/**
 * A pattern as the configuration holds it, its variables JSON-encoded. Indented, so several lines:
 * the HCL renderer writes those as a heredoc, where the quotes and the `${...}` references read as
 * they do in the JSON (one line would end the HCL string).
 */
function eventPatternText(vars: DeploymentVariables, pattern: Record<string, unknown>): string {
  return vars.embedInJson(JSON.stringify(pattern, null, 2));
}

export { ImageTrigger, IMAGE_SUFFIXES_BY_RULE, INPUT_PATHS, INPUT_TEMPLATE, objectCreatedPattern, objectCreatedUnder };
export type { ImageTriggerProps };
