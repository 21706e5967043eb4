import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE_IMAGES = join(__dirname, '..', '..', 'fixtures', 'images');

/** The sample pictures shipped for `npm run simulate` and the artifact tests. */
function fixtureImage(name: 'bicycle.png' | 'motorcycle.jpg' | 'landscape.png'): Buffer {
  return readFileSync(join(FIXTURE_IMAGES, name));
}

export { fixtureImage, FIXTURE_IMAGES };
