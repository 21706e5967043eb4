import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { synthesize } from '../../infra/app';
import { findProjectRoot } from '../../infra/project-root';

/**
 * One synthesis per distinct variant per jest run, shared by every suite and worker through the
 * run's folder, which jest's globalSetup creates (startSynthesisRun) and globalTeardown removes.
 */
const RUN_FOLDER_VARIABLE = 'SHARED_SYNTHESIS_DIR';

/** How long a suite waits for another worker's synthesis of the same variant before giving up. */
const WAIT_LIMIT_MS = 5 * 60_000;
const POLL_MS = 50;

interface SynthesisVariant {
  /** Synth options over `cdktf.json`'s context, as the cdktf CLI passes them in CDKTF_CONTEXT_JSON. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** `cdk.tf` instead of `cdk.tf.json`, as `cdktf synth --hcl`. */
  readonly hclOutput?: boolean;
}

/** A synthesized project in the run's folder; read it, never write into it: other suites read the same files. */
interface SharedSynthesis extends ReturnType<typeof synthesize> {
  /** The folder synthesis wrote into (`cdktf.out` of a plain `npm run synth`). */
  readonly outdir: string;
}

/** What a finished synthesis leaves for the other suites: its result, or why it failed. */
type SynthesisRecord = { readonly synthesis: SharedSynthesis } | { readonly error: string };

/** One line per synthesis actually run, which globalTeardown counts. */
const LOG_FILE = 'syntheses.log';

function runFolder(): string {
  const folder = process.env[RUN_FOLDER_VARIABLE];
  if (folder === undefined)
    throw new Error(`${RUN_FOLDER_VARIABLE} is not set: the shared synthesis needs jest's globalSetup (__tests__/global-setup.ts)`);
  return folder;
}

/** A readable name and a hash of the whole variant: the same variant always gets the same folder. */
function variantName({ context = {}, hclOutput = false }: SynthesisVariant): string {
  const canonical = JSON.stringify({
    hclOutput,
    context: Object.fromEntries(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))),
  });
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
  return `${hclOutput ? 'hcl' : 'json'}-${Object.keys(context).length === 0 ? 'default' : hash}`;
}

function readRecord(file: string): SynthesisRecord | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SynthesisRecord) : undefined;
}

/** Through a temporary name, so that a waiting suite never reads half a record. */
function writeAtomically(file: string, contents: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/** Takes the variant's lock, holding this process id; false when another process holds it. */
function claim(lock: string): boolean {
  try {
    const descriptor = openSync(lock, 'wx');
    writeSync(descriptor, String(process.pid));
    closeSync(descriptor);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock when that process is gone: it died before writing its record. */
function deadHolder(lock: string): number | undefined {
  const pid = Number(readFileSync(lock, 'utf8'));
  // An empty file is a lock being written, by a live process.
  return pid > 0 && !isAlive(pid) ? pid : undefined;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function synthesizeInto(folder: string, name: string, variant: SynthesisVariant): SynthesisRecord {
  const { context = {}, hclOutput = false } = variant;
  const started = Date.now();
  try {
    // Loaded by the one suite that synthesizes: importing cdktf and the AWS provider costs seconds.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const app = require('../../infra/app') as { synthesize: typeof synthesize };
    const outdir = join(folder, name);
    const env = Object.keys(context).length === 0 ? {} : { CDKTF_CONTEXT_JSON: JSON.stringify(context) };
    return { synthesis: { outdir, ...app.synthesize(findProjectRoot(__dirname), { outdir, hclOutput, env }) } };
  } catch (error) {
    return { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    appendFileSync(join(folder, LOG_FILE), `${name}\t${Date.now() - started}\t${JSON.stringify(variant)}\n`);
  }
}

/**
 * The project synthesized with the variant's options, once per jest run: the first suite to ask
 * synthesizes into the run's folder while any other that asks for the same variant waits for it.
 */
function synthesizedStack(variant: SynthesisVariant = {}): SharedSynthesis {
  if ((globalThis as { synthesisAllowed?: boolean }).synthesisAllowed === false)
    throw new Error('This suite synthesizes, so it is a slow one: name it *.slow.test.ts (see SLOW_SUITES in jest.config.js)');
  const folder = runFolder();
  const name = variantName(variant);
  const recordFile = join(folder, `${name}.json`);
  const lock = join(folder, `${name}.lock`);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const record = readRecord(recordFile);
    if (record !== undefined) {
      if ('error' in record) throw new Error(`The shared synthesis ${name} (${JSON.stringify(variant)}) failed:\n${record.error}`);
      return record.synthesis;
    }
    if (claim(lock)) {
      const result = synthesizeInto(folder, name, variant);
      writeAtomically(recordFile, JSON.stringify(result));
      continue;
    }
    const dead = deadHolder(lock);
    if (dead !== undefined && !existsSync(recordFile))
      throw new Error(`The process synthesizing ${name} (pid ${dead}) ended without a result; see its suite's failure`);
    if (Date.now() > deadline)
      throw new Error(`Gave up after ${WAIT_LIMIT_MS / 1000} s waiting for the shared synthesis ${name} (lock ${lock})`);
    sleep(POLL_MS);
  }
}

/** For globalSetup: a fresh folder for this run's syntheses, named in the environment that the workers inherit. */
function startSynthesisRun(): void {
  process.env[RUN_FOLDER_VARIABLE] = mkdtempSync(join(tmpdir(), 'shared-synthesis-'));
}

/** For globalTeardown: how many syntheses ran, per variant, then the folder goes. */
function finishSynthesisRun(): string | undefined {
  const folder = process.env[RUN_FOLDER_VARIABLE];
  if (folder === undefined) return undefined;
  const log = join(folder, LOG_FILE);
  const runs = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('\t'))
    : [];
  rmSync(folder, { recursive: true, force: true });
  delete process.env[RUN_FOLDER_VARIABLE];
  const detail = runs.map(([name, ms, variant]) => `\n  ${name} ${variant}: ${(Number(ms) / 1000).toFixed(1)} s`).join('');
  return `shared synthesis: ${runs.length} run(s) in this jest run${detail}`;
}

export { synthesizedStack, startSynthesisRun, finishSynthesisRun };
export type { SynthesisVariant, SharedSynthesis };
