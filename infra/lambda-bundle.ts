import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { zipSync } from 'fflate';
import { LAMBDA_FUNCTIONS } from '../handlers/functions';
import type { LambdaFunctionName } from '../handlers/functions';

interface LambdaBundle {
  readonly functionName: LambdaFunctionName;
  readonly zipPath: string;
  /** Lambda's `handler` setting for the bundled file. */
  readonly handler: string;
  readonly zipBytes: number;
  readonly sha256: string;
}

const PROJECT_ROOT = resolve(__dirname, '..');
const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'build', 'lambda');
const BUNDLE_FILE = 'index.js';

/** Local-time components, so the DOS timestamps in the zip are the same in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX_REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

function bundleSource(entry: string): Uint8Array {
  const result = buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    sourcemap: false,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

function deterministicZip(fileName: string, contents: Uint8Array): Uint8Array {
  return zipSync(
    { [fileName]: [contents, { mtime: FIXED_MTIME, os: 3, attrs: UNIX_REGULAR_FILE_0644 }] },
    { level: 9 },
  );
}

/** Bundles one handler with esbuild into `<outDir>/<functionName>.zip`; same sources give the same bytes. */
function bundleLambda(functionName: LambdaFunctionName, outDir: string = DEFAULT_OUT_DIR): LambdaBundle {
  const zip = deterministicZip(BUNDLE_FILE, bundleSource(LAMBDA_FUNCTIONS[functionName].entry));
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `${functionName}.zip`);
  writeFileSync(zipPath, zip);
  return {
    functionName,
    zipPath,
    handler: 'index.handler',
    zipBytes: zip.length,
    sha256: createHash('sha256').update(zip).digest('hex'),
  };
}

function bundleAllLambdas(outDir: string = DEFAULT_OUT_DIR): LambdaBundle[] {
  return (Object.keys(LAMBDA_FUNCTIONS) as LambdaFunctionName[]).map((name) => bundleLambda(name, outDir));
}

export { bundleLambda, bundleAllLambdas, BUNDLE_FILE, DEFAULT_OUT_DIR };
export type { LambdaBundle };
