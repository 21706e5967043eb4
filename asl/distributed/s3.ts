import { checkJsonPath } from '../arguments';
import { InvalidStateArgument } from '../errors';
import type { JsonObject } from '../json';
import type { ByLanguage } from '../state';

/** A value read at run time with a JSONPath (rendered as `Key.$`, so JSONPath states only). */
interface FromPath {
  readonly path: string;
}

/** A literal (a CDKTF token is fine), a `{% ... %}` expression (JSONata states), or a JSONPath. */
type S3Value = string | FromPath;

/** Where a reader or writer finds its bucket, and the ARN the role's policy names for it. */
interface S3Location {
  readonly bucket: S3Value;
  /** The bucket's ARN for the policy: required when `bucket` is read at run time; else `arn:<partition>:s3:::<bucket>`. */
  readonly bucketArn?: string;
  /** The partition of the derived ARNs and of the `arn:<partition>:states:::s3:...` resource; `aws` unless set. */
  readonly partition?: string;
}

/** Known when the definition is built (literal or CDKTF token), so the policy can name it. */
function isLiteral(value: S3Value | undefined): value is string {
  return typeof value === 'string' && !value.startsWith('{%');
}

function s3IntegrationResource(location: S3Location, action: string): string {
  return `arn:${location.partition ?? 'aws'}:states:::s3:${action}`;
}

function bucketArnOf(location: S3Location, field: string): string {
  if (location.bucketArn !== undefined) return location.bucketArn;
  if (isLiteral(location.bucket)) return `arn:${location.partition ?? 'aws'}:s3:::${location.bucket}`;
  throw new InvalidStateArgument(`${field}: expected a bucketArn for the policy when the bucket is read at run time`);
}

/** The request in each language; JSONata has none when a value is a JSONPath. Unset values drop out. */
function s3Request(field: string, values: Record<string, S3Value | undefined>): Partial<ByLanguage<JsonObject>> {
  const entries = Object.entries(values).filter((entry): entry is [string, S3Value] => entry[1] !== undefined);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') checkJsonPath(`${field}.Parameters.${key}.$`, value.path, { context: true });
  }
  const jsonPath = Object.fromEntries(entries.map(([key, value]) => (typeof value === 'string' ? [key, value] : [`${key}.$`, value.path])));
  const fromPath = entries.some(([, value]) => typeof value !== 'string');
  return fromPath ? { JSONPath: jsonPath } : { JSONPath: jsonPath, JSONata: Object.fromEntries(entries) as JsonObject };
}

export { isLiteral, s3IntegrationResource, bucketArnOf, s3Request };
export type { FromPath, S3Value, S3Location };
