const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface IhdrFields {
  readonly length?: number;
  readonly type?: string;
  readonly width?: number;
  readonly height?: number;
  readonly bitDepth?: number;
  readonly colourType?: number;
}

/** The smallest PNG header: signature and an IHDR chunk (33 bytes), with any field overridden. */
function pngHeader({ length = 13, type = 'IHDR', width = 4, height = 4, bitDepth = 8, colourType = 2 }: IhdrFields = {}): Buffer {
  const chunk = Buffer.alloc(25);
  chunk.writeUInt32BE(length, 0);
  chunk.write(type, 4, 'latin1');
  chunk.writeUInt32BE(width, 8);
  chunk.writeUInt32BE(height, 12);
  chunk.set([bitDepth, colourType, 0, 0, 0], 16);
  return Buffer.concat([PNG_SIGNATURE, chunk]);
}

/** JPEG start of image followed by `rest`. */
const jpeg = (...rest: number[]) => Buffer.from([0xff, 0xd8, ...rest]);

export { PNG_SIGNATURE, pngHeader, jpeg };
export type { IhdrFields };
