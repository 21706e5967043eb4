import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding cdktf.json, from this file whether it runs from source or from the compiled app. */
function findProjectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdktf.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No cdktf.json in ${from} or above it`);
  }
}

export { findProjectRoot };
