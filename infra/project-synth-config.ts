import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSynthConfig } from './synth-config';
import type { SynthConfig } from './synth-config';

type Environment = Readonly<Record<string, string | undefined>>;

interface ProjectContext {
  readonly values: Record<string, unknown>;
  /** The keys `cdktf.json` sets, checked against the options. */
  readonly fileKeys: readonly string[];
  /** A `cdktf.json` or CDKTF_CONTEXT_JSON that cannot be read, reported with the option problems. */
  readonly problems: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses JSON that should hold an object, naming where it came from when it does not. */
function readJsonObject(text: string, where: string, problems: string[]): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
    problems.push(`${where} must hold a JSON object, got: ${text.slice(0, 80)}`);
  } catch (error) {
    problems.push(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  return {};
}

/** The context the app sees: `cdktf.json`, then what the cdktf CLI passes in CDKTF_CONTEXT_JSON. */
function projectContext(projectDir: string, env: Environment): ProjectContext {
  const problems: string[] = [];
  const file = join(projectDir, 'cdktf.json');
  const cdktfJson = existsSync(file) ? readJsonObject(readFileSync(file, 'utf8'), file, problems) : {};
  const fileContext = cdktfJson.context ?? {};
  if (!isObject(fileContext)) problems.push(`${file} "context" must be an object, got: ${JSON.stringify(fileContext)}`);
  const fromFile = isObject(fileContext) ? fileContext : {};
  const fromCli = env.CDKTF_CONTEXT_JSON === undefined ? {} : readJsonObject(env.CDKTF_CONTEXT_JSON, 'CDKTF_CONTEXT_JSON', problems);
  return { values: { ...fromFile, ...fromCli }, fileKeys: Object.keys(fromFile), problems };
}

function readProjectSynthConfig(projectDir: string, env: Environment): { config: SynthConfig; context: Record<string, unknown> } {
  const { values, fileKeys, problems } = projectContext(projectDir, env);
  const config = readSynthConfig((key) => values[key], env, { contextKeys: fileKeys, contextFile: 'cdktf.json', problems });
  return { config, context: values };
}

/** The synth options as synthesis reads them, for tools that need them without synthesizing. */
function projectSynthConfig(projectDir: string, env: Environment = process.env): SynthConfig {
  return readProjectSynthConfig(projectDir, env).config;
}

export { projectSynthConfig, readProjectSynthConfig };
export type { Environment };
