/** The ETag the handler tests' S3 stand-ins give the test image. */
const ETAG = '"9b2cf535f27731c974343645a3985328"';

/** An envelope as the functions pass it on: the reference to the validated version and `inferences`. */
function referenceEnvelope(inferences: unknown, extra: Record<string, unknown> = {}) {
  return {
    statusCode: 200,
    body: {
      image_data: '',
      s3_bucket: 'images',
      s3_key: 'test/bicycle_s_000513.png',
      s3_etag: ETAG,
      s3_version_id: 'v1',
      inferences,
      ...extra,
    },
  };
}

export { ETAG, referenceEnvelope };
