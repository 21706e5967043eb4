/**
 * Where `class_labels` live once deployed. A Lambda environment holds 4 KB in all, so Terraform writes the
 * names as one JSON array object in the image bucket, named by the SHA-256 of its content: a change of
 * labels is a new key, so it changes the classify function's configuration and fresh containers read the
 * new list. The function gets the object's location in CLASS_LABELS_OBJECT (`s3://bucket/key`, empty
 * when there are no labels) and reads it once per container.
 */

import { RESULTS_FOLDERS } from './results-layout';

/** The Terraform locals the stack computes the object from, by name, so that offline runners compute them too. */
const CLASS_LABELS_LOCALS = {
  /** `jsonencode(var.class_labels)`: the object's content. */
  content: 'class_labels_content',
  /** The object's key: see classLabelsObjectKey. */
  key: 'class_labels_key',
  /** CLASS_LABELS_OBJECT's value: `s3://<image_bucket>/<key>`, or "" when `class_labels` is empty. */
  location: 'class_labels_location',
} as const;

/** The object's key under the results prefix, from the SHA-256 (hex) of its content; the parts may be Terraform expressions. */
function classLabelsObjectKey(resultsPrefix: string, contentSha256: string): string {
  return `${resultsPrefix}${RESULTS_FOLDERS.configuration}class-labels-${contentSha256}.json`;
}

const S3_URI = /^s3:[/][/]([^/]+)[/](.+)$/s;

/** CLASS_LABELS_OBJECT's form: `s3://bucket/key`. */
function classLabelsLocation(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The bucket and key of `s3://bucket/key`, or undefined for any other text. */
function parseS3Uri(uri: string): { readonly bucket: string; readonly key: string } | undefined {
  const match = S3_URI.exec(uri);
  return match === null ? undefined : { bucket: match[1]!, key: match[2]! };
}

export { CLASS_LABELS_LOCALS, classLabelsObjectKey, classLabelsLocation, parseS3Uri };
