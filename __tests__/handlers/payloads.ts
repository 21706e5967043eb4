import type { ClassifyEvent, FilterEvent, ImageReference, SerializeEvent } from '../../contract/step-payloads';

/** The ETag the handler tests' S3 stand-ins give the test image. */
const ETAG = '"9b2cf535f27731c974343645a3985328"';

/** The execution name the state machine puts beside every payload. */
const CORRELATION_ID = 'exec-0001';

/** What serialize returns for the test image: the reference to the validated version. */
const IMAGE: ImageReference = { s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', s3_etag: ETAG, s3_version_id: 'v1' };

const serializeEvent = (request: unknown): SerializeEvent => ({ correlation_id: CORRELATION_ID, request });
const classifyEvent = (image: ImageReference = IMAGE): ClassifyEvent => ({ correlation_id: CORRELATION_ID, image });
const filterEvent = (score: number, label = 'bicycle', image: ImageReference = IMAGE): FilterEvent => ({
  correlation_id: CORRELATION_ID,
  image,
  label,
  score,
});

export { ETAG, CORRELATION_ID, IMAGE, serializeEvent, classifyEvent, filterEvent };
