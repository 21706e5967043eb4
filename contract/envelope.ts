/** The body every function returns, compatible with the original console-built system. */
interface ImageRecord {
  /** Always empty: the image travels by reference (bucket, key, ETag), never as bytes in the state. */
  readonly image_data: string;
  readonly s3_bucket: string;
  readonly s3_key: string;
  /** The ETag of the version that was validated, so every later read gets the same bytes. */
  readonly s3_etag?: string;
  readonly s3_version_id?: string;
  /** Scores per class; the original system also produced the JSON string form, e.g. `"[0.1, 0.9]"`. */
  readonly inferences: readonly number[] | string;
}

interface Envelope {
  readonly statusCode: 200;
  readonly body: ImageRecord;
}

/** JSONPaths to the envelope's fields in a state's input. */
const ENVELOPE_PATHS = {
  s3Bucket: '$.body.s3_bucket',
  s3Key: '$.body.s3_key',
  s3Etag: '$.body.s3_etag',
  inferences: '$.body.inferences',
} as const;

export { ENVELOPE_PATHS };
export type { Envelope, ImageRecord };
