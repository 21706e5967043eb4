import { checkJsonPath } from './arguments';
import { InvalidStateArgument } from './errors';
import type { JsonObject } from './json';
import type { ByLanguage } from './state';

/** A value read at run time with a JSONPath (rendered as `Key.$`, so JSONPath states only). */
interface FromPath {
  readonly path: string;
}

/** A literal (a CDKTF token is fine), a `{% ... %}` expression (JSONata states), or a JSONPath. */
type S3Value = string | FromPath;

/** Where a request finds its bucket, and the ARN the role's policy names for it. */
interface S3Location {
  readonly bucket: S3Value;
  /** The bucket's ARN for the policy: required when `bucket` is read at run time; else `arn:<partition>:s3:::<bucket>`. */
  readonly bucketArn?: string;
  /** The partition of the derived ARNs and of the `arn:<partition>:states:::s3:...` resource; `aws` unless set. */
  readonly partition?: string;
}

function isJsonata(value: S3Value | undefined): value is string {
  return typeof value === 'string' && value.startsWith('{%');
}

/** Known when the definition is built (literal or CDKTF token), so the policy can name it. */
function isLiteral(value: S3Value | undefined): value is string {
  return typeof value === 'string' && !isJsonata(value);
}

function s3IntegrationResource(location: S3Location, action: string): string {
  return `arn:${location.partition ?? 'aws'}:states:::s3:${action}`;
}

function bucketArnOf(location: S3Location, field: string): string {
  if (location.bucketArn !== undefined) return location.bucketArn;
  if (isLiteral(location.bucket)) return `arn:${location.partition ?? 'aws'}:s3:::${location.bucket}`;
  throw new InvalidStateArgument(`${field}: expected a bucketArn for the policy when the bucket is read at run time`);
}

/** The given object ARN (a pattern such as `.../results/*` is fine), else the one of a literal bucket and key. */
function objectArnOf(location: S3Location & { readonly key: S3Value; readonly objectArn?: string }, field: string): string {
  if (location.objectArn !== undefined) return location.objectArn;
  if (isLiteral(location.key)) return `${bucketArnOf(location, field)}/${location.key}`;
  throw new InvalidStateArgument(`${field}: expected an objectArn for the policy when the key is read at run time`);
}

/**
 * The request in each language, `field` naming it in errors (e.g. `ItemReader.Parameters`). A language has none
 * when a value is written for the other: a JSONPath for JSONPath states, a `{% %}` expression for JSONata ones.
 * Unset values drop out.
 */
function s3Request(field: string, values: Record<string, S3Value | undefined>): Partial<ByLanguage<JsonObject>> {
  const entries = Object.entries(values).filter((entry): entry is [string, S3Value] => entry[1] !== undefined);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') checkJsonPath(`${field}.${key}.$`, value.path, { context: true });
  }
  const jsonPath = Object.fromEntries(entries.map(([key, value]) => (typeof value === 'string' ? [key, value] : [`${key}.$`, value.path])));
  const jsonata = Object.fromEntries(entries) as JsonObject;
  return {
    ...(entries.some(([, value]) => isJsonata(value)) ? {} : { JSONPath: jsonPath }),
    ...(entries.some(([, value]) => typeof value !== 'string') ? {} : { JSONata: jsonata }),
  };
}

export { isLiteral, s3IntegrationResource, bucketArnOf, objectArnOf, s3Request };
export type { S3Value, S3Location };
