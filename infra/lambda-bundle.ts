import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build, buildSync, version as esbuildVersion } from 'esbuild';
import type { BuildOptions, BuildResult } from 'esbuild';
import { zipSync } from 'fflate';
import { FUNCTIONS, FUNCTION_NAMES } from '../contract/functions';
import type { FunctionName } from '../contract/functions';
import { findProjectRoot } from './project-root';

interface LambdaBundle {
  readonly functionName: FunctionName;
  readonly zipPath: string;
  /** Lambda's `handler` setting for the bundled file. */
  readonly handler: string;
  readonly zipBytes: number;
  readonly sha256: string;
}

const PROJECT_ROOT = findProjectRoot();
const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'build', 'lambda');
const BUNDLE_FILE = 'index.js';

/** Local-time components, so the DOS timestamps in the zip are the same in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX_REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

const BUILD_OPTIONS = {
  absWorkingDir: PROJECT_ROOT,
  entryPoints: Object.fromEntries(FUNCTION_NAMES.map((name) => [name, FUNCTIONS[name].entry])),
  outdir: 'bundle',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  write: false,
  logLevel: 'silent',
} as const satisfies BuildOptions;

type Bundled = BuildResult<typeof BUILD_OPTIONS & { metafile: true }>;

/** One esbuild run for every handler: it shares the parsing of the AWS SDK between them. */
function bundleSources(result: Bundled = buildSync({ ...BUILD_OPTIONS, metafile: true })): {
  sources: Map<FunctionName, Uint8Array>;
  inputs: string[];
} {
  const byName = new Map(result.outputFiles.map((file) => [basename(file.path, '.js'), file.contents]));
  return { sources: new Map(FUNCTION_NAMES.map((name) => [name, byName.get(name)!])), inputs: Object.keys(result.metafile.inputs) };
}

/**
 * What the zips were built from, beside them: unchanged inputs give the same bytes, so synthesis
 * reuses the zips instead of running esbuild (about two thirds of a synthesis).
 */
const CACHE_FILE = 'bundle-cache.json';

/** Folders whose every file counts, so that a new file that changes how an import resolves is seen too. */
const SOURCE_DIRS = ['handlers', 'contract'];

interface BundleCache {
  /** esbuild's version and options, the lockfile and every file under SOURCE_DIRS. */
  readonly key: string;
  /** Every file esbuild read for the previous build (project and node_modules), with its SHA-256. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Each zip's SHA-256. */
  readonly zips: Readonly<Record<string, string>>;
}

const sha256 = (contents: Uint8Array | string) => createHash('sha256').update(contents).digest('hex');

function fileHash(relativePath: string): string | undefined {
  const path = join(PROJECT_ROOT, relativePath);
  return existsSync(path) ? sha256(readFileSync(path)) : undefined;
}

function filesUnder(dir: string): string[] {
  const root = join(PROJECT_ROOT, dir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(PROJECT_ROOT.length + 1))
    .sort();
}

function cacheKey(): string {
  const files = ['package-lock.json', ...SOURCE_DIRS.flatMap(filesUnder)];
  return sha256(
    JSON.stringify({
      esbuildVersion,
      options: BUILD_OPTIONS,
      zip: { FIXED_MTIME: FIXED_MTIME.getTime(), UNIX_REGULAR_FILE_0644 },
      files: files.map((file) => [file, fileHash(file)]),
    }),
  );
}

function readCache(outDir: string): BundleCache | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, CACHE_FILE), 'utf8')) as BundleCache;
  } catch {
    return undefined;
  }
}

/** The cached zips when the key and every input are unchanged and each zip is intact, else undefined. */
function cachedZips(outDir: string, key: string): Map<FunctionName, Uint8Array> | undefined {
  const cache = readCache(outDir);
  if (cache === undefined || cache.key !== key) return undefined;
  if (Object.entries(cache.inputs).some(([file, hash]) => fileHash(file) !== hash)) return undefined;
  const zips = new Map<FunctionName, Uint8Array>();
  for (const name of FUNCTION_NAMES) {
    const path = join(outDir, `${name}.zip`);
    const zip = existsSync(path) ? readFileSync(path) : undefined;
    if (zip === undefined || sha256(zip) !== cache.zips[name]) return undefined;
    zips.set(name, zip);
  }
  return zips;
}

/** Writes through a temporary name, so that a concurrent synthesis never reads half a file. */
function writeAtomically(path: string, contents: Uint8Array | string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function deterministicZip(fileName: string, contents: Uint8Array): Uint8Array {
  return zipSync({ [fileName]: [contents, { mtime: FIXED_MTIME, os: 3, attrs: UNIX_REGULAR_FILE_0644 }] }, { level: 9 });
}

function freshZips(outDir: string, key: string, result?: Bundled): Map<FunctionName, Uint8Array> {
  const { sources, inputs } = bundleSources(result);
  const zips = new Map([...sources].map(([name, source]) => [name, deterministicZip(BUNDLE_FILE, source)]));
  for (const [name, zip] of zips) writeAtomically(join(outDir, `${name}.zip`), zip);
  const cache: BundleCache = {
    key,
    inputs: Object.fromEntries(inputs.sort().map((file) => [file, fileHash(file) ?? ''])),
    zips: Object.fromEntries([...zips].map(([name, zip]) => [name, sha256(zip)])),
  };
  writeAtomically(join(outDir, CACHE_FILE), `${JSON.stringify(cache, null, 1)}\n`);
  return zips;
}

/** Zips that prepareLambdaBundles checked or built in this process, for the next bundleAllLambdas of that folder. */
const prepared = new Map<string, Map<FunctionName, Uint8Array>>();

/**
 * Checks the cached zips, or builds them with esbuild's asynchronous API, so that a synthesis can load
 * its modules while esbuild works in its own process; the next bundleAllLambdas of `outDir` uses them.
 */
async function prepareLambdaBundles(outDir: string = DEFAULT_OUT_DIR): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const key = cacheKey();
  const zips = cachedZips(outDir, key) ?? freshZips(outDir, key, await build({ ...BUILD_OPTIONS, metafile: true }));
  prepared.set(outDir, zips);
}

/**
 * Bundles every handler with esbuild into `<outDir>/<functionName>.zip`; same sources give the same
 * bytes, so the zips of a previous build are reused while none of its inputs changed.
 */
function bundleAllLambdas(outDir: string = DEFAULT_OUT_DIR, { cache = true }: { cache?: boolean } = {}): LambdaBundle[] {
  mkdirSync(outDir, { recursive: true });
  const preparedZips = cache ? prepared.get(outDir) : undefined;
  prepared.delete(outDir);
  const key = preparedZips === undefined ? cacheKey() : '';
  const zips = preparedZips ?? (cache ? cachedZips(outDir, key) : undefined) ?? freshZips(outDir, key);
  return [...zips].map(([functionName, zip]) => ({
    functionName,
    zipPath: join(outDir, `${functionName}.zip`),
    handler: `${basename(BUNDLE_FILE, '.js')}.handler`,
    zipBytes: zip.length,
    sha256: sha256(zip),
  }));
}

export { bundleAllLambdas, prepareLambdaBundles, BUNDLE_FILE, CACHE_FILE };
export type { LambdaBundle };
