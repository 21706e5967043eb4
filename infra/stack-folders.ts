import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { STACK_NAME_PATTERN } from './names';
import { LOCAL_STATE_FILE } from './state-backend';

interface StackFolder {
  readonly stackName: string;
  readonly dir: string;
}

/** The stacks the last synthesis into `outdir` wrote, from its manifest; none when there is no readable one. */
function previousStacks(outdir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, unknown> };
    return Object.keys(manifest.stacks ?? {});
  } catch {
    return [];
  }
}

/**
 * Folders of stacks the previous synthesis wrote and this one does not (a removed environment, a
 * renamed stack). Only those the manifest names, with a stack's name, and still there: never a
 * folder this project did not write.
 */
function staleStackFolders(outdir: string, stackNames: readonly string[]): StackFolder[] {
  return previousStacks(outdir)
    .filter((stackName) => !stackNames.includes(stackName) && STACK_NAME_PATTERN.test(stackName))
    .map((stackName) => ({ stackName, dir: join(outdir, 'stacks', stackName) }))
    .filter(({ dir }) => existsSync(dir) && statSync(dir).isDirectory());
}

/** How many resources the stack folder's local state records (0 without a state file). */
function recordedResources(dir: string): number {
  const file = join(dir, LOCAL_STATE_FILE);
  if (!existsSync(file)) return 0;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { resources?: { mode?: string }[] };
    return (state.resources ?? []).filter((resource) => resource.mode === 'managed').length;
  } catch {
    // A state file that cannot be read is kept, as one that records resources would be.
    return Number.POSITIVE_INFINITY;
  }
}

/** Why a stale folder must stay: its local state still records deployed resources, which removing it would orphan. */
function liveStateProblem({ stackName, dir }: StackFolder, from: string): string | undefined {
  const resources = recordedResources(dir);
  if (resources === 0) return undefined;
  const state = relative(from, join(dir, LOCAL_STATE_FILE));
  const count = Number.isFinite(resources) ? `${resources} resource(s)` : 'resources (it cannot be read)';
  return `stack "${stackName}" is no longer configured, but ${state} still records ${count}: configure it again and run "cdktf destroy ${stackName}", or move that state file elsewhere, before synthesizing without it`;
}

/** Removes the stale stack folders; returns them. */
function removeStackFolders(folders: readonly StackFolder[]): string[] {
  for (const { dir } of folders) rmSync(dir, { recursive: true, force: true });
  return folders.map(({ dir }) => dir);
}

/** The state file of the local path used before state moved into the stack folder. */
function earlierStateFile(projectDir: string, stackName: string): string {
  return join(projectDir, `terraform.${stackName}.tfstate`);
}

export { staleStackFolders, liveStateProblem, removeStackFolders, earlierStateFile };
export type { StackFolder };
