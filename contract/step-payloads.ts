/**
 * What the per-image state machines pass to each function and get back: one typed payload per step.
 * The first step checks the request; later steps trust what an earlier step returned.
 */

/** The fields the S3 trigger writes into a per-image execution's input (see infra/image-trigger.ts). */
const TRIGGER_INPUT_FIELDS = {
  bucket: 's3_bucket',
  key: 's3_key',
  etag: 's3_etag',
  versionId: 's3_version_id',
  /** S3's sequencer of the PUT: unique per write to a key, the same on every delivery of its event. */
  sequencer: 's3_sequencer',
  /** The EventBridge event's id; every function logs it. */
  eventId: 'source_event_id',
} as const;

/** Beside every function's payload: the ids each log line carries (see contract/correlation.ts). */
interface Correlation {
  readonly correlation_id: string;
  readonly source_event_id?: string;
}

/** The image one execution classifies: where it is and which version of it was validated. */
interface ImageReference {
  readonly s3_bucket: string;
  readonly s3_key: string;
  readonly s3_etag: string;
  readonly s3_version_id?: string;
}

/** serializeImageData: the execution's input as it came (bare, or wrapped in the seed's envelope). */
interface SerializeEvent extends Correlation {
  readonly request: unknown;
}

/** classifyImageData: the image serialize validated. */
interface ClassifyEvent extends Correlation {
  readonly image: ImageReference;
}

/** The top class of a classification: its name and its score. */
interface TopClass {
  /** The model's name for the class, else `class_labels`' name at its index, else `class <index>` (unnamedClass). */
  readonly label: string;
  readonly score: number;
}

/** What classify returns: the endpoint's scores, parsed and bounded, in the model's order, and the top class. */
interface Classification extends TopClass {
  readonly inferences: readonly number[];
}

/** filterInferenceData: the image and its top class (not the scores: the filter reads only the top). */
interface FilterEvent extends Correlation, TopClass {
  readonly image: ImageReference;
}

/** What filter returns when the top score reaches the threshold; below it, filter fails with ThresholdConfidenceNotMet. */
type Verdict = TopClass;

/** The label of a class neither the model nor `class_labels` names: its index in the scores. */
function unnamedClass(index: number): string {
  return `class ${index}`;
}

/** The per-image workflow's output: the seed's envelope. */
interface SeedEnvelope {
  readonly statusCode: 200;
  readonly body: ImageReference & TopClass & { readonly image_data: ''; readonly inferences: readonly number[] };
}

export { TRIGGER_INPUT_FIELDS, unnamedClass };
export type { Correlation, ImageReference, SerializeEvent, ClassifyEvent, TopClass, Classification, FilterEvent, Verdict, SeedEnvelope };
