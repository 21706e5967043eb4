import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEnvironment } from '../contract/environment';
import { BUNDLE_FILE, bundleAllLambdas } from '../infra/lambda-bundle';
import { localAwsEnvironment } from '../local/local-aws-environment';
import { unpackZip } from '../local/unpack-zip';
import { formatMs, median } from './stats';

const COLD_STARTS = 7;
const ZIP_TARGET_BYTES = 200 * 1024;
const COLD_INIT_TARGET_MS = 80;

const LAMBDA_ENVIRONMENT = { ...localAwsEnvironment(), ...defaultEnvironment('image-classification-2026') };

/** Time, inside a fresh Node process, to require the bundle (which builds its clients and reads its configuration). */
const MEASURE_INIT = `const t = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t));`;

function coldInitMs(bundlePath: string): number {
  const output = execFileSync(process.execPath, ['-e', MEASURE_INIT, bundlePath], {
    env: { ...process.env, ...LAMBDA_ENVIRONMENT },
  });
  return Number(output.toString());
}

function benchLambdas(): void {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-lambdas-'));
  try {
    console.log(`Lambda zips (node ${process.version}; cold init = median of ${COLD_STARTS} fresh processes)`);
    for (const bundle of bundleAllLambdas(join(workDir, 'zips'))) {
      const bundlePath = join(unpackZip(bundle.zipPath, join(workDir, bundle.functionName)), BUNDLE_FILE);
      const initMs = median(Array.from({ length: COLD_STARTS }, () => coldInitMs(bundlePath)));
      const zipVerdict = bundle.zipBytes <= ZIP_TARGET_BYTES ? 'ok' : 'OVER';
      const initVerdict = initMs <= COLD_INIT_TARGET_MS ? 'ok' : 'OVER';
      console.log(
        `  ${bundle.functionName.padEnd(20)} zip ${String(bundle.zipBytes).padStart(7)} bytes (${zipVerdict}, target <= ${ZIP_TARGET_BYTES})` +
          `  cold init ${formatMs(initMs)} (${initVerdict}, target <= ${COLD_INIT_TARGET_MS} ms)`,
      );
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

export { benchLambdas };
