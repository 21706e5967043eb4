import { createHash } from 'node:crypto';
import { CLASS_LABELS_LOCALS, classLabelsLocation, classLabelsObjectKey } from '../contract/class-labels';

/** Characters Terraform's jsonencode escapes that JSON.stringify writes as they are (Go's encoding/json: HTML-safe, JS-safe). */
const TERRAFORM_ESCAPED = /[<>&\u2028\u2029]/g;

/**
 * Terraform's `jsonencode` of a list of strings, byte for byte: Terraform holds strings in NFC, and
 * escapes <, >, & and U+2028/U+2029 as \u003c, \u003e, \u0026, \u2028, \u2029 (checked against
 * `terraform console` 1.11).
 */
function terraformJsonEncode(strings: readonly string[]): string {
  return JSON.stringify(strings.map((text) => text.normalize('NFC'))).replace(
    TERRAFORM_ESCAPED,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

interface ClassLabelsValues {
  readonly classLabels: readonly string[];
  readonly imageBucket: string;
  readonly resultsPrefix: string;
}

/** The Terraform locals the stack computes for `class_labels` (contract/class-labels.ts), as Terraform computes them. */
function classLabelsLocals({ classLabels, imageBucket, resultsPrefix }: ClassLabelsValues): Record<string, string> {
  const content = terraformJsonEncode(classLabels);
  const key = classLabelsObjectKey(resultsPrefix, createHash('sha256').update(content).digest('hex'));
  return {
    [CLASS_LABELS_LOCALS.content]: content,
    [CLASS_LABELS_LOCALS.key]: key,
    [CLASS_LABELS_LOCALS.location]: classLabels.length === 0 ? '' : classLabelsLocation(imageBucket, key),
  };
}

export { classLabelsLocals, terraformJsonEncode };
export type { ClassLabelsValues };
