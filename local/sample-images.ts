import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid RGB PNG whose pixels come from `pixel(x, y)`. */
function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => pixel(x, y)).flat()]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SMALL_PNG = makePng(4, 4, (x, y) => [x * 60, y * 60, 128]);

/** JPEG start-of-image and APP0 marker: enough for content-type detection. */
const JPEG_HEADER = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

/** A PNG of pseudo-random pixels, too noisy to compress, of at least `minBytes` bytes. */
function makeNoisyPng(minBytes: number): Buffer {
  const side = Math.ceil(Math.sqrt(minBytes / 3)) + 1;
  let seed = 42;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed & 0xff;
  };
  return makePng(side, side, () => [next(), next(), next()]);
}

/** The largest JPEG segment: a 2-byte marker, then a length of at most 65535 that counts itself. */
const MAX_SEGMENT_BYTES = 2 + 65_535;

/**
 * The JPEG padded to exactly `totalBytes` with comment (COM) segments after its start of image: still
 * a JPEG every decoder reads, as large as a phone photo.
 */
function padJpeg(jpeg: Buffer, totalBytes: number): Buffer {
  const segments: Buffer[] = [];
  for (let remaining = totalBytes - jpeg.length; remaining > 0;) {
    let size = Math.min(MAX_SEGMENT_BYTES, remaining);
    // A segment is at least 4 bytes, so never leave 1 to 3 bytes for the last one.
    if (remaining - size > 0 && remaining - size < 4) size -= 4;
    if (size < 4) throw new Error(`Cannot pad a ${jpeg.length}-byte JPEG to exactly ${totalBytes} bytes`);
    const segment = Buffer.alloc(size, 0x20);
    segment.set([0xff, 0xfe, (size - 2) >> 8, (size - 2) & 0xff]);
    segments.push(segment);
    remaining -= size;
  }
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

export { makePng, makeNoisyPng, padJpeg, SMALL_PNG, JPEG_HEADER };
