import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface CommandRun {
  readonly wallMs: number;
  /** User plus system CPU time of the command and its children, from GNU time; undefined without it. */
  readonly cpuMs?: number;
  /** Peak resident memory of the largest process the command ran, from GNU time; undefined without it. */
  readonly peakRssMb: number | undefined;
}

const GNU_TIME = '/usr/bin/time';

/** Runs `command` in a shell and measures it; fails loudly when the command fails. */
function measureCommand(command: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): CommandRun {
  const env = { ...process.env, ...options.env };
  if (!existsSync(GNU_TIME)) {
    const started = performance.now();
    execFileSync('sh', ['-c', command], { cwd: options.cwd, env, stdio: 'ignore' });
    return { wallMs: performance.now() - started, peakRssMb: undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const report = join(dir, 'time.txt');
  try {
    const result = spawnSync(GNU_TIME, ['-o', report, '-f', '%e %M %U %S', 'sh', '-c', command], {
      cwd: options.cwd,
      env,
      stdio: 'ignore',
    });
    if (result.status !== 0) throw new Error(`${command} exited with ${result.status}`);
    const [seconds, maxKb, user, system] = readFileSync(report, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
    return { wallMs: seconds! * 1000, peakRssMb: maxKb! / 1024, cpuMs: (user! + system!) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { measureCommand };
export type { CommandRun };
