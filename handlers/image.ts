import { ImageTooLarge, InvalidImage } from './errors';
import type { S3Location } from './errors';
import type { ImageRecord } from './envelope';

/**
 * Step Functions passes at most 256 KiB between states. The Lambda invoke result wraps the
 * envelope in a few hundred bytes of metadata, and a caught error adds its name, message and
 * stack trace beside it, so the envelope keeps this much headroom below the quota.
 */
const STATE_PAYLOAD_QUOTA_BYTES = 256 * 1024;
const STATE_PAYLOAD_HEADROOM_BYTES = 8 * 1024;
const MAX_ENVELOPE_BYTES = STATE_PAYLOAD_QUOTA_BYTES - STATE_PAYLOAD_HEADROOM_BYTES;

const IMAGE_SIGNATURES = [
  { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
] as const;

type ImageContentType = (typeof IMAGE_SIGNATURES)[number]['contentType'];

function detectContentType(bytes: Uint8Array, location: S3Location): ImageContentType {
  const match = IMAGE_SIGNATURES.find(({ magic }) => magic.every((byte, index) => bytes[index] === byte));
  if (match === undefined) {
    throw new InvalidImage(
      `Not a PNG or JPEG image (${bytes.length} bytes): s3://${location.bucket}/${location.key}`,
    );
  }
  return match.contentType;
}

function base64Length(byteLength: number): number {
  return 4 * Math.ceil(byteLength / 3);
}

/** Bytes of the JSON envelope that will carry an image of `imageByteLength` bytes for `location`. */
function envelopeByteLength(location: S3Location, imageByteLength: number): number {
  const withoutImage: ImageRecord = {
    image_data: '',
    s3_bucket: location.bucket,
    s3_key: location.key,
    inferences: [],
  };
  const skeleton = JSON.stringify({ statusCode: 200, body: withoutImage });
  return Buffer.byteLength(skeleton) + base64Length(imageByteLength);
}

function assertImageFitsStatePayload(location: S3Location, imageByteLength: number): void {
  const total = envelopeByteLength(location, imageByteLength);
  if (total > MAX_ENVELOPE_BYTES) {
    throw new ImageTooLarge(
      `Image of ${imageByteLength} bytes needs a ${total}-byte state payload, over the ${MAX_ENVELOPE_BYTES}-byte limit ` +
        `(Step Functions quota ${STATE_PAYLOAD_QUOTA_BYTES} bytes): s3://${location.bucket}/${location.key}`,
    );
  }
}

export {
  MAX_ENVELOPE_BYTES,
  STATE_PAYLOAD_QUOTA_BYTES,
  detectContentType,
  envelopeByteLength,
  assertImageFitsStatePayload,
};
export type { ImageContentType };
