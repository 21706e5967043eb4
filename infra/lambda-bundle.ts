import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';
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

/** One esbuild run for every handler: it shares the parsing of the AWS SDK between them. */
function bundleSources(): Map<FunctionName, Uint8Array> {
    const result = buildSync({
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
  });
  const byName = new Map(result.outputFiles.map((file) => [basename(file.path, '.js'), file.contents]));
  return new Map(FUNCTION_NAMES.map((name) => [name, byName.get(name)!]));
}

function deterministicZip(fileName: string, contents: Uint8Array): Uint8Array {
  return zipSync(
    { [fileName]: [contents, { mtime: FIXED_MTIME, os: 3, attrs: UNIX_REGULAR_FILE_0644 }] },
    { level: 9 },
  );
}

/** Bundles every handler with esbuild into `<outDir>/<functionName>.zip`; same sources give the same bytes. */
function bundleAllLambdas(outDir: string = DEFAULT_OUT_DIR): LambdaBundle[] {
  mkdirSync(outDir, { recursive: true });
  return [...bundleSources()].map(([functionName, source]) => {
    const zip = deterministicZip(BUNDLE_FILE, source);
    const zipPath = join(outDir, `${functionName}.zip`);
    writeFileSync(zipPath, zip);
    return { functionName, zipPath, handler: `${basename(BUNDLE_FILE, '.js')}.handler`, zipBytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') };
  });
}

export { bundleAllLambdas, BUNDLE_FILE, DEFAULT_OUT_DIR };
export type { LambdaBundle };
