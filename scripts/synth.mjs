// The cdktf.json app command: runs the compiled app (build/app/main.js), rebuilding it with esbuild
// only when one of the files it was built from changed. Plain JavaScript, so that no TypeScript
// loader starts first; node runs it directly, not through npm.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, enableCompileCache } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const APP = join(PROJECT_ROOT, 'build', 'app', 'main.js');
/** The inputs of the last build with their SHA-256, and the key below. */
const APP_CACHE = join(PROJECT_ROOT, 'build', 'app', 'inputs.json');
const require = createRequire(import.meta.url);

const BUILD_OPTIONS = {
  absWorkingDir: PROJECT_ROOT,
  entryPoints: ['main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
  outfile: APP,
};

const sha256 = (contents) => createHash('sha256').update(contents).digest('hex');
const fileHash = (file) => {
  const path = join(PROJECT_ROOT, file);
  return existsSync(path) ? sha256(readFileSync(path)) : null;
};

/**
 * What the bundle depends on besides its inputs' contents: esbuild's version and options, the
 * lockfile, and the names in each folder holding an input (a new file can change how an import resolves).
 */
function key(inputs) {
  const folders = [...new Set(inputs.map((file) => dirname(file)))].sort();
  const esbuildVersion = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
  return sha256(
    JSON.stringify({
      esbuildVersion,
      options: BUILD_OPTIONS,
      lock: fileHash('package-lock.json'),
      folders: folders.map((folder) => [folder, readdirSync(join(PROJECT_ROOT, folder)).sort()]),
    }),
  );
}

function upToDate() {
  if (!existsSync(APP) || !existsSync(APP_CACHE)) return false;
  try {
    const cache = JSON.parse(readFileSync(APP_CACHE, 'utf8'));
    const files = Object.keys(cache.inputs);
    return cache.key === key(files) && files.every((file) => fileHash(file) === cache.inputs[file]);
  } catch {
    return false;
  }
}

function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function build() {
  const { buildSync } = require('esbuild');
  mkdirSync(dirname(APP), { recursive: true });
  const result = buildSync({ ...BUILD_OPTIONS, write: false, metafile: true });
  const inputs = Object.keys(result.metafile.inputs).sort();
  writeAtomically(APP, result.outputFiles[0].contents);
  writeAtomically(
    APP_CACHE,
    `${JSON.stringify({ key: key(inputs), inputs: Object.fromEntries(inputs.map((file) => [file, fileHash(file)])) }, null, 1)}\n`,
  );
}

// V8's compiled code for the app and its packages, kept between runs (Node >= 22.1): loading modules
// is most of a warm synthesis. Not on a run that rebuilds the app, whose time goes to esbuild: the
// next run writes the cache instead.
if (upToDate()) enableCompileCache?.(join(PROJECT_ROOT, 'build', 'compile-cache'));
else build();
require(APP);
