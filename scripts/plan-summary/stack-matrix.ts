import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidSynthOutput } from './errors';
import { isObject } from './plan';
import type { Json } from './plan';

/** One entry of the plan workflow's matrix: a synthesized stack and what planning it needs. */
interface PlanStack {
  /** The stack's name: the environment its comment is for. */
  readonly name: string;
  /** The stack folder to run Terraform in, as given with the synthesis output folder. */
  readonly directory: string;
  /** The state backend's type (`s3`, `local`, ...); `cloud` for a `cloud` block; `local` when none is set. */
  readonly backend: string;
  /** The AWS provider's region as the stack sets it; '' when it sets none or only an expression. */
  readonly region: string;
}

function readJson(path: string, problems: string[]): Json | undefined {
  if (!existsSync(path)) {
    problems.push(`${path} does not exist`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (error) {
    problems.push(`${path} is not JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function backendOf(config: Json | undefined): string {
  const terraform = isObject(config) ? config.terraform : undefined;
  if (!isObject(terraform)) return 'local';
  if (isObject(terraform.cloud)) return 'cloud';
  return isObject(terraform.backend) ? (Object.keys(terraform.backend)[0] ?? 'local') : 'local';
}

/** The default (unaliased) AWS provider's region, when it is a literal. */
function regionOf(config: Json | undefined): string {
  const providers = isObject(config) && isObject(config.provider) ? config.provider.aws : undefined;
  const blocks = Array.isArray(providers) ? providers : [providers];
  const region = blocks.find((block) => isObject(block) && block.alias === undefined);
  const value = isObject(region) ? region.region : undefined;
  return typeof value === 'string' && !value.includes('${') ? value : '';
}

/** Every stack of `cdktf.out/manifest.json`, with its folder, backend and region; InvalidSynthOutput lists every problem. */
function planStacks(outDir: string): PlanStack[] {
  const problems: string[] = [];
  const manifest = readJson(join(outDir, 'manifest.json'), problems);
  if (manifest === undefined) throw new InvalidSynthOutput(`${problems.join('; ')}: run \`npm run synth\` first`);
  const stacks = isObject(manifest) && isObject(manifest.stacks) ? Object.values(manifest.stacks) : [];
  if (stacks.length === 0) throw new InvalidSynthOutput(`${join(outDir, 'manifest.json')} lists no stacks`);
  const result = stacks.flatMap((stack) => {
    if (
      !isObject(stack) ||
      typeof stack.name !== 'string' ||
      typeof stack.workingDirectory !== 'string' ||
      typeof stack.synthesizedStackPath !== 'string'
    ) {
      problems.push(`a manifest entry lacks name, workingDirectory or synthesizedStackPath: ${JSON.stringify(stack)}`);
      return [];
    }
    const config = readJson(join(outDir, stack.synthesizedStackPath), problems);
    return config === undefined
      ? []
      : [{ name: stack.name, directory: join(outDir, stack.workingDirectory), backend: backendOf(config), region: regionOf(config) }];
  });
  if (problems.length > 0)
    throw new InvalidSynthOutput(`Cannot list the stacks to plan:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

export { planStacks };
