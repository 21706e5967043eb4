import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Fn, Op, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CLASS_LABELS_LOCALS, classLabelsLocation, classLabelsObjectKey } from '../contract/class-labels';
import type { DeploymentVariables } from './deployment-variables';
import type { ImageBucket } from './image-bucket';
import { hcl, TerraformTestSuite } from './terraform-tests';

interface ClassLabelsProps {
  readonly vars: DeploymentVariables;
  readonly bucket: ImageBucket;
}

/**
 * `class_labels` as one S3 object (contract/class-labels.ts): a Lambda environment holds 4 KB in all,
 * and 10,000 names take up to 7.7 MB. Written only when the list is non-empty, at a key named by the
 * SHA-256 of its content; the new object is created before the old one is deleted, so containers still
 * on the old configuration can read theirs until the function's configuration names the new one.
 */
class ClassLabels extends Construct {
  /** CLASS_LABELS_OBJECT's value: `s3://<bucket>/<key>`, or "" when there are no labels. */
  readonly location: string;
  /** The object's ARN (also when none is written: a key nobody writes), for the classify function's read grant. */
  readonly arn: string;
  readonly object: S3Object;

  constructor(scope: Construct, id: string, { vars, bucket }: ClassLabelsProps) {
    super(scope, id);
    const labels = vars.list('class_labels');
    const local = (name: string, expression: unknown): string => {
      const value = new TerraformLocal(this, name, expression);
      value.overrideLogicalId(name);
      return value.asString;
    };
    // Op.eq(..., 0) renders `== undefined`: cdktf drops a falsy operand.
    const none = Op.lt(Fn.lengthOf(labels), 1);
    const content = local(CLASS_LABELS_LOCALS.content, Fn.jsonencode(labels));
    const key = local(CLASS_LABELS_LOCALS.key, classLabelsObjectKey(bucket.resultsPrefix, Fn.sha256(content)));
    this.object = new S3Object(this, 'object', {
      count: Token.asNumber(Fn.conditional(none, 0, 1)),
      bucket: bucket.name,
      key,
      content,
      contentType: 'application/json',
      lifecycle: { createBeforeDestroy: true },
    });
    this.object.overrideLogicalId('class_labels');
    this.location = local(CLASS_LABELS_LOCALS.location, Fn.conditional(none, '', classLabelsLocation(bucket.name, key)));
    this.arn = `${bucket.arn}/${key}`;
    TerraformTestSuite.of(this).assert(
      hcl`length(${this.object}) == (length(var.class_labels) == 0 ? 0 : 1)`,
      'The class_labels object is written exactly when class_labels holds names.',
    );
  }
}

export { ClassLabels };
