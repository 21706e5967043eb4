import { ImageTooLarge, InvalidImage, s3Url } from './errors';
import type { S3Location } from './errors';

/** How many leading bytes the checks below need: a PNG signature and IHDR chunk is 33. */
const IMAGE_HEADER_BYTES = 64;

type ImageContentType = 'image/png' | 'image/jpeg';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The bit depths the PNG specification allows for each colour type. */
const PNG_BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Signature, then an IHDR chunk of 13 bytes with a non-zero size and a bit depth its colour type allows. */
function isPngHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 29 || !PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(...bytes.subarray(12, 16));
  return (
    view.getUint32(8) === 13 &&
    chunkType === 'IHDR' &&
    view.getUint32(16) > 0 &&
    view.getUint32(20) > 0 &&
    (PNG_BIT_DEPTHS[bytes[25]!]?.includes(bytes[24]!) ?? false)
  );
}

/** Markers without a length: RST0-7, SOI, EOI, and 0xFF fill. */
const JPEG_STANDALONE_MARKERS = new Set([0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xff]);

/** Start of image, then a marker segment (0xFF and a marker that carries a length) with a length of at least 2. */
function isJpegHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 6 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return false;
  const marker = bytes[3]!;
  const length = (bytes[4]! << 8) | bytes[5]!;
  return marker >= 0xc0 && !JPEG_STANDALONE_MARKERS.has(marker) && length >= 2;
}

/** The content type from the image's leading bytes; InvalidImage when they are not a PNG or JPEG header. */
function detectContentType(header: Uint8Array, location: S3Location): ImageContentType {
  if (isPngHeader(header)) return 'image/png';
  if (isJpegHeader(header)) return 'image/jpeg';
  throw new InvalidImage(`Not a PNG or JPEG image (no valid header in its first ${header.length} bytes): ${s3Url(location)}`);
}

function assertImageWithinLimit(location: S3Location, byteLength: number, limit: number): void {
  if (byteLength > limit) throw new ImageTooLarge(location, byteLength, limit);
}

export { IMAGE_HEADER_BYTES, detectContentType, assertImageWithinLimit };
