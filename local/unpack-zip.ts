import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

/** Unpacks a deployment package as Lambda does before loading it; returns the folder. */
function unpackZip(zipPath: string, directory: string): string {
  for (const [name, contents] of Object.entries(unzipSync(readFileSync(zipPath)))) {
    const target = join(directory, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
  return directory;
}

export { unpackZip };
