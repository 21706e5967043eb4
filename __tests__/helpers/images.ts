export { makePng, makeNoisyPng, padJpeg, SMALL_PNG, JPEG_HEADER } from '../../local/sample-images';
