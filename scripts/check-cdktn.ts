// `npm run check:cdktn`: synthesizes the project on CDK Terrain (cdktn) in a temporary copy whose cdktf
// imports are renamed, and compares what it writes with cdktf's synthesis of the same tree. Exits 1 on a
// difference other than the versions, 2 when the check cannot run; the temporary folder is always removed.
import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findProjectRoot } from '../infra/project-root';
import { CDKTN_PACKAGES, rewriteCdktfImports } from './cdktn-port';
import { compareOutputs, formatDifference } from './synthesis-comparison';

/** Not copied: dependencies, outputs, and what synthesis never reads (the copy gets its own package.json). */
const NOT_COPIED = new Set([
  'node_modules',
  '.git',
  'package.json',
  'cdktf.out',
  'build',
  'coverage',
  'dist',
  '.terraform',
  '__tests__',
  'bench',
]);
/** Not linked into the copy's node_modules from the project's, so that nothing of cdktf can load there. */
const NOT_LINKED = new Set(['cdktf', '@cdktf', '.package-lock.json']);
const SOURCE_FILE = /\.[cm]?[jt]s$/;

class CdktnCheckError extends Error {
  override readonly name = 'CdktnCheckError';
}

/** Runs a command to completion, its stderr shown; rejects naming the step when it fails. */
function run(step: string, command: string, args: readonly string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', (error) => reject(new CdktnCheckError(`${step}: ${error.message}`, { cause: error })));
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new CdktnCheckError(`${step} failed (${signal ?? `exit code ${code}`}): ${command} ${args.join(' ')}`)),
    );
  });
}

async function timed(work: Promise<void>): Promise<number> {
  const started = performance.now();
  await work;
  return (performance.now() - started) / 1000;
}

/** cdktf.json's `app`, the command both CLIs run to synthesize. */
function appCommand(projectDir: string): string {
  const { app } = JSON.parse(readFileSync(join(projectDir, 'cdktf.json'), 'utf8')) as { app?: unknown };
  if (typeof app !== 'string' || app.trim() === '') throw new CdktnCheckError(`${join(projectDir, 'cdktf.json')} has no "app" command`);
  return app;
}

/** Runs the app as the CLI does (through a shell, from the project folder, CDKTF_OUTDIR naming the output), writing JSON. */
function synthesize(step: string, app: string, projectDir: string, outDir: string): Promise<void> {
  const { NODE_PATH: _nodePath, SYNTH_HCL_OUTPUT: _hclOutput, ...env } = process.env;
  return run(step, app, [], { cwd: projectDir, shell: true, env: { ...env, CDKTF_OUTDIR: outDir } });
}

/** Every regular file under `dir` (not following links, skipping node_modules), relative to it. */
function filesUnder(dir: string, at = dir): string[] {
  return readdirSync(at, { withFileTypes: true }).flatMap((entry) => {
    const path = join(at, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(dir, path);
    return entry.isFile() ? [relative(dir, path)] : [];
  });
}

function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + lstatSync(join(entry.parentPath, entry.name)).size, 0);
}

/** The project's sources and configuration, and the Lambda zips the reference synthesis built or checked (so the copy reuses them). */
function copyProject(projectDir: string, copyDir: string): void {
  cpSync(projectDir, copyDir, { recursive: true, filter: (source) => !NOT_COPIED.has(relative(projectDir, source).split(/[\\/]/)[0]!) });
  const zips = join(projectDir, 'build', 'lambda');
  if (existsSync(zips)) cpSync(zips, join(copyDir, 'build', 'lambda'), { recursive: true });
}

/** Links each package of the project's node_modules that the copy's lacks; a scope (or .bin) both hold is merged entry by entry. */
function linkDependencies(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    if (NOT_LINKED.has(name)) continue;
    const [source, target] = [join(from, name), join(to, name)];
    if (!existsSync(target)) symlinkSync(source, target);
    else if (name.startsWith('@') || name === '.bin') linkDependencies(source, target);
  }
}

/** Rewrites the copy's sources in place; returns each new specifier with the files importing it. */
function rewriteSources(copyDir: string): Map<string, string[]> {
  const importers = new Map<string, string[]>();
  for (const file of filesUnder(copyDir).filter((path) => SOURCE_FILE.test(path))) {
    const path = join(copyDir, file);
    const { source, specifiers } = rewriteCdktfImports(readFileSync(path, 'utf8'), file);
    if (specifiers.length === 0) continue;
    writeFileSync(path, source);
    for (const specifier of specifiers) importers.set(specifier, [...new Set([...(importers.get(specifier) ?? []), file])]);
  }
  return importers;
}

/** Every rewritten module must exist in the fork: all missing ones are listed at once. */
function assertResolvable(importers: ReadonlyMap<string, readonly string[]>, copyDir: string): void {
  const resolve = createRequire(join(copyDir, 'package.json')).resolve;
  const missing = [...importers].filter(([specifier]) => {
    try {
      resolve(specifier);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    const lines = missing.map(([specifier, files]) => `  ${specifier} (imported by ${files.join(', ')})`);
    throw new CdktnCheckError(`${missing.length} module(s) not found in the CDK Terrain packages:\n${lines.join('\n')}`);
  }
}

function readTree(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir).map((file) => [file, readFileSync(join(dir, file))]));
}

function describePackages(projectDir: string, framework: string, provider: string): string {
  const manifest = (name: string) =>
    JSON.parse(readFileSync(join(projectDir, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
      cdktf?: { provider?: { version?: string } };
    };
  const providerManifest = manifest(provider);
  return `${framework} ${manifest(framework).version}, ${provider} ${providerManifest.version} (hashicorp/aws ${providerManifest.cdktf?.provider?.version}), constructs ${manifest('constructs').version}`;
}

async function check(projectDir: string, workDir: string): Promise<boolean> {
  const started = performance.now();
  const copyDir = join(workDir, 'project');
  const outDirs = { cdktf: join(workDir, 'cdktf.out'), cdktn: join(workDir, 'cdktn.out') };
  const app = appCommand(projectDir);
  mkdirSync(copyDir);
  writeFileSync(join(copyDir, 'package.json'), `${JSON.stringify({ name: 'cdktn-check', private: true })}\n`);
  const specs = Object.entries(CDKTN_PACKAGES).map(([name, version]) => `${name}@${version}`);
  // npm fetches while cdktf synthesizes the project: one waits on the network, the other on the CPU.
  const [install, reference] = await Promise.allSettled([
    timed(
      run('npm install', 'npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', ...specs], {
        cwd: copyDir,
      }),
    ),
    timed(synthesize('cdktf synthesis', app, projectDir, outDirs.cdktf)),
  ]);
  if (install.status === 'rejected') throw install.reason;
  if (reference.status === 'rejected') throw reference.reason;
  const installedBytes = bytesUnder(join(copyDir, 'node_modules'));
  copyProject(projectDir, copyDir);
  linkDependencies(realpathSync(join(projectDir, 'node_modules')), join(copyDir, 'node_modules'));
  const importers = rewriteSources(copyDir);
  if (importers.size === 0) throw new CdktnCheckError(`no cdktf import found under ${projectDir}: nothing to move to cdktn`);
  assertResolvable(importers, copyDir);
  const rewrittenFiles = new Set([...importers.values()].flat()).size;
  const cdktnSeconds = await timed(synthesize('cdktn synthesis', app, copyDir, outDirs.cdktn));
  const { expected, unexpected } = compareOutputs(readTree(outDirs.cdktf), readTree(outDirs.cdktn));

  console.log(
    `${describePackages(copyDir, 'cdktn', '@cdktn/provider-aws')}\nagainst ${describePackages(projectDir, 'cdktf', '@cdktf/provider-aws')}` +
      `\n(${importers.size} modules renamed in the imports of ${rewrittenFiles} files)`,
  );
  console.log(`Expected differences (${expected.length}):`);
  for (const difference of expected) console.log(`  ${formatDifference(difference)} (${difference.reason})`);
  if (unexpected.length > 0) {
    console.log(`Unexpected differences (${unexpected.length}):`);
    for (const difference of unexpected) console.log(`  ${formatDifference(difference)}`);
  } else {
    console.log('No other difference: cdktn synthesizes the same configuration.');
  }
  const seconds = (value: number) => `${value.toFixed(1)} s`;
  console.log(
    `npm install ${seconds(install.value)} (${(installedBytes / 1e6).toFixed(0)} MB), cdktf synthesis ${seconds(reference.value)}, ` +
      `cdktn synthesis ${seconds(cdktnSeconds)}; ${seconds((performance.now() - started) / 1000)} in all`,
  );
  if (unexpected.length > 0)
    console.error(`check:cdktn: cdktn's output differs from cdktf's in ${unexpected.length} place(s) besides the versions`);
  return unexpected.length === 0;
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'cdktn-check-'));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      removeWorkDir();
      process.exit(code);
    });
  }
  try {
    process.exitCode = (await check(findProjectRoot(), workDir)) ? 0 : 1;
  } catch (error) {
    console.error(error instanceof CdktnCheckError ? `check:cdktn: ${error.message}` : error);
    process.exitCode = 2;
  } finally {
    removeWorkDir();
  }
}

void main();
