import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot } from '../infra/project-root';
import { measureCommand } from './measure-command';
import type { CommandRun } from './measure-command';
import { median } from './stats';

const RUNS = 5;
/** Warm: sources unchanged since the last synthesis (cached app bundle, zips and compiled code). */
const WARM_TARGET_MS = 340;
/** Cold: no build/ folder, so esbuild builds the app and the three zips. */
const COLD_TARGET_MS = 650;
const TIME_RATIO_TARGET = 0.35;
const MEMORY_RATIO_TARGET = 0.3;
const BARREL_IMPORT = `node -e 'require("@cdktf/provider-aws")'`;

function medians(runs: readonly CommandRun[]): { wallMs: number; peakRssMb: number | undefined; cpuMs: number | undefined } {
  const rss = runs.map((run) => run.peakRssMb).filter((value): value is number => value !== undefined);
  const cpu = runs.map((run) => run.cpuMs).filter((value): value is number => value !== undefined);
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    peakRssMb: rss.length === runs.length ? median(rss) : undefined,
    cpuMs: cpu.length === runs.length ? median(cpu) : undefined,
  };
}

const cpu = (run: { cpuMs: number | undefined }) => (run.cpuMs === undefined ? '' : `  cpu ${(run.cpuMs / 1000).toFixed(2)} s`);

/** Full synthesis through the cdktf.json app command, against a process that only imports the provider barrel. */
function benchSynthesis(): void {
  const projectDir = findProjectRoot();
  const appCommand = (JSON.parse(readFileSync(join(projectDir, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  try {
    const synthesize = () => measureCommand(appCommand, { cwd: projectDir, env: { CDKTF_OUTDIR: outdir } });
    const cold = medians(
      Array.from({ length: RUNS }, () => {
        rmSync(join(projectDir, 'build'), { recursive: true, force: true });
        return synthesize();
      }),
    );
    const synth = medians(Array.from({ length: RUNS }, synthesize));
    const barrel = medians(Array.from({ length: RUNS }, () => measureCommand(BARREL_IMPORT, { cwd: projectDir })));
    const timeRatio = synth.wallMs / barrel.wallMs;
    const verdict = (ms: number, target: number) => `${ms <= target ? 'ok' : 'OVER'}, target <= ${(target / 1000).toFixed(2)} s`;
    console.log(`Synthesis (app command "${appCommand}"; median of ${RUNS})`);
    console.log(
      `  cold           ${(cold.wallMs / 1000).toFixed(2)} s  peak RSS ${cold.peakRssMb?.toFixed(0) ?? 'n/a'} MB${cpu(cold)}  (no build/: esbuild builds the app and the zips; ${verdict(cold.wallMs, COLD_TARGET_MS)})`,
    );
    console.log(
      `  warm           ${(synth.wallMs / 1000).toFixed(2)} s  peak RSS ${synth.peakRssMb?.toFixed(0) ?? 'n/a'} MB${cpu(synth)}  (sources unchanged; ${verdict(synth.wallMs, WARM_TARGET_MS)})`,
    );
    console.log(`  barrel import  ${(barrel.wallMs / 1000).toFixed(2)} s  peak RSS ${barrel.peakRssMb?.toFixed(0) ?? 'n/a'} MB`);
    console.log(
      `  time ratio     ${timeRatio.toFixed(2)}x (${timeRatio <= TIME_RATIO_TARGET ? 'ok' : 'OVER'}, target <= ${TIME_RATIO_TARGET}x)`,
    );
    if (synth.peakRssMb !== undefined && barrel.peakRssMb !== undefined) {
      const memoryRatio = synth.peakRssMb / barrel.peakRssMb;
      console.log(
        `  memory ratio   ${memoryRatio.toFixed(2)}x (${memoryRatio <= MEMORY_RATIO_TARGET ? 'ok' : 'OVER'}, target <= ${MEMORY_RATIO_TARGET}x)`,
      );
    } else {
      console.log('  memory ratio   n/a (install GNU time, Debian package "time", for peak RSS)');
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export { benchSynthesis };
