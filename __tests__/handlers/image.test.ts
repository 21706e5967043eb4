import { ImageTooLarge, InvalidImage } from '../../handlers/errors';
import { IMAGE_HEADER_BYTES, assertImageWithinLimit, detectContentType } from '../../handlers/image';
import { JPEG_HEADER, SMALL_PNG } from '../helpers/images';
import { PNG_SIGNATURE, jpeg, pngHeader } from './image-headers';

const location = { bucket: 'images', key: 'test/a.png' };

const notAnImage = (byteCount: number) =>
  new InvalidImage(`Not a PNG or JPEG image (no valid header in its first ${byteCount} bytes): s3://images/test/a.png`);

describe('detectContentType', () => {
  it('reads a complete PNG as image/png', () => {
    expect(detectContentType(SMALL_PNG, location)).toBe('image/png');
  });

  it('reads the first IMAGE_HEADER_BYTES of a PNG as image/png', () => {
    expect(detectContentType(SMALL_PNG.subarray(0, IMAGE_HEADER_BYTES), location)).toBe('image/png');
  });

  it('accepts the minimal PNG header: signature and a 13-byte IHDR chunk', () => {
    const header = pngHeader();

    expect(header).toHaveLength(33);
    expect(detectContentType(header, location)).toBe('image/png');
  });

  it.each([1, 2, 4, 8, 16])('accepts PNG bit depth %i', (bitDepth) => {
    expect(detectContentType(pngHeader({ bitDepth, colourType: 0 }), location)).toBe('image/png');
  });

  it.each([0, 2, 3, 4, 6])('accepts PNG colour type %i', (colourType) => {
    expect(detectContentType(pngHeader({ colourType }), location)).toBe('image/png');
  });

  it.each([
    [1, 2],
    [4, 6],
    [16, 3],
    [2, 4],
  ])('throws InvalidImage for PNG bit depth %i, which colour type %i does not allow', (bitDepth, colourType) => {
    expect(() => detectContentType(pngHeader({ bitDepth, colourType }), location)).toThrow(notAnImage(33));
  });

  it.each([0xd0, 0xd7, 0xd9])('throws InvalidImage for a JPEG whose first marker 0x%s carries no length', (marker) => {
    expect(() => detectContentType(jpeg(0xff, marker, 0x00, 0x10), location)).toThrow(notAnImage(6));
  });

  it('throws InvalidImage for a file that is only the PNG signature', () => {
    expect(() => detectContentType(PNG_SIGNATURE, location)).toThrow(notAnImage(8));
  });

  it('throws InvalidImage for a PNG cut inside its IHDR chunk', () => {
    expect(() => detectContentType(pngHeader().subarray(0, 28), location)).toThrow(notAnImage(28));
  });

  it.each([
    ['an IHDR length other than 13', { length: 12 }],
    ['a first chunk that is not IHDR', { type: 'IDAT' }],
    ['a lowercase ihdr chunk type', { type: 'ihdr' }],
    ['a width of 0', { width: 0 }],
    ['a height of 0', { height: 0 }],
    ['bit depth 0', { bitDepth: 0 }],
    ['bit depth 3', { bitDepth: 3 }],
    ['bit depth 32', { bitDepth: 32 }],
    ['colour type 1', { colourType: 1 }],
    ['colour type 5', { colourType: 5 }],
    ['colour type 7', { colourType: 7 }],
  ])('throws InvalidImage for a PNG header with %s', (_, fields) => {
    expect(() => detectContentType(pngHeader(fields), location)).toThrow(notAnImage(33));
  });

  it('throws InvalidImage for a PNG signature with one byte changed', () => {
    const header = pngHeader();
    header[7] = 0x00;

    expect(() => detectContentType(header, location)).toThrow(notAnImage(33));
  });

  it('reads a JPEG start of image with an APP0 segment as image/jpeg', () => {
    expect(detectContentType(JPEG_HEADER, location)).toBe('image/jpeg');
  });

  it.each([
    ['DQT', jpeg(0xff, 0xdb, 0x00, 0x43)],
    ['SOF0', jpeg(0xff, 0xc0, 0x00, 0x11)],
    ['APP1 (Exif)', jpeg(0xff, 0xe1, 0x12, 0x34)],
    ['a segment length of exactly 2', jpeg(0xff, 0xfe, 0x00, 0x02)],
  ])('reads a JPEG whose first segment is %s as image/jpeg', (_, header) => {
    expect(detectContentType(header, location)).toBe('image/jpeg');
  });

  it('throws InvalidImage for a file that is only FF D8 FF', () => {
    expect(() => detectContentType(jpeg(0xff), location)).toThrow(notAnImage(3));
  });

  it.each([
    ['a marker without its length', jpeg(0xff, 0xe0, 0x00), 5],
    ['a segment length of 0', jpeg(0xff, 0xe0, 0x00, 0x00), 6],
    ['a segment length of 1', jpeg(0xff, 0xe0, 0x00, 0x01), 6],
    ['a second start of image', jpeg(0xff, 0xd8, 0x00, 0x10), 6],
    ['an end of image', jpeg(0xff, 0xd9, 0x00, 0x10), 6],
    ['a fill byte as marker', jpeg(0xff, 0xff, 0x00, 0x10), 6],
    ['a marker code below 0xC0', jpeg(0xff, 0x01, 0x00, 0x10), 6],
    ['no marker after the start of image', jpeg(0x00, 0xe0, 0x00, 0x10), 6],
  ])('throws InvalidImage for a JPEG start of image followed by %s', (_, header, byteCount) => {
    expect(() => detectContentType(header, location)).toThrow(notAnImage(byteCount));
  });

  it.each([
    ['GIF', Buffer.from('GIF89a not supported')],
    ['WebP', Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')],
    ['text', Buffer.from('hello')],
    ['empty', Buffer.alloc(0)],
  ])('throws InvalidImage for %s bytes, counting the bytes it looked at', (_, bytes) => {
    expect(() => detectContentType(bytes, location)).toThrow(notAnImage(bytes.length));
  });

  it('throws exactly InvalidImage, with the name Step Functions matches', () => {
    let caught: unknown;
    try {
      detectContentType(PNG_SIGNATURE, location);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(InvalidImage);
    expect(caught).toMatchObject({ name: 'InvalidImage' });
  });
});

describe('assertImageWithinLimit', () => {
  it('accepts an image of exactly the limit', () => {
    expect(assertImageWithinLimit(location, 6_291_456, 6_291_456)).toBeUndefined();
  });

  it('throws ImageTooLarge naming the size, the limit and the object one byte over it', () => {
    let caught: unknown;
    try {
      assertImageWithinLimit(location, 6_291_457, 6_291_456);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ImageTooLarge);
    expect(caught).toMatchObject({
      name: 'ImageTooLarge',
      message: "Image of 6291457 bytes is over the endpoint's 6291456-byte request limit: s3://images/test/a.png",
      location,
    });
  });
});
