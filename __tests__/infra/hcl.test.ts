import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { synthesize } from '../../infra/app';
import { findProjectRoot } from '../../infra/project-root';

const PROJECT_ROOT = findProjectRoot(__dirname);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * One shape for both syntaxes: hcl2json writes every block as a list of one object and a type as
 * `${string}`, cdk.tf.json a block as an object; cdktf's "//" metadata exists only in the JSON.
 */
function normalize(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    return items.length === 1 && typeof items[0] === 'object' && items[0] !== null && !Array.isArray(items[0]) ? items[0] : items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== '//')
        .sort()
        .map((key) => [key, normalize(value[key]!)]),
    );
  }
  return value;
}

/** Variable types are expressions: `${string}` in hcl2json, `string` in the JSON syntax. */
function normalizeVariables(variables: Json): Json {
  const entries = Object.entries(normalize(variables) as Record<string, Record<string, Json>>);
  return Object.fromEntries(entries.map(([name, variable]) => [name, { ...variable, type: String(variable.type).replace(/^\$\{(.*)\}$/, '$1') }]));
}

describe('the HCL synthesis', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-hcl-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  let hcl: Record<string, Json>;
  let json: Record<string, Json>;
  beforeAll(async () => {
    const hclStack = synthesize(PROJECT_ROOT, { outdir: join(outdir, 'hcl'), hclOutput: true, env: {} }).stackDir;
    const jsonStack = synthesize(PROJECT_ROOT, { outdir: join(outdir, 'json'), hclOutput: false, env: {} }).stackDir;
    hcl = (await parse('cdk.tf', readFileSync(join(hclStack, 'cdk.tf'), 'utf8'))) as Record<string, Json>;
    json = JSON.parse(readFileSync(join(jsonStack, 'cdk.tf.json'), 'utf8')) as Record<string, Json>;
  });

  it('parses, with the same top-level sections as the JSON', () => {
    expect(Object.keys(hcl).sort()).toStrictEqual(Object.keys(json).filter((key) => key !== '//').sort());
  });

  it.each(['resource', 'data', 'output', 'provider', 'terraform'])('says the same as the JSON in every %s block', (section) => {
    expect(normalize(hcl[section]!)).toStrictEqual(normalize(json[section]!));
  });

  it('declares the same variables with the same validation conditions', () => {
    expect(normalizeVariables(hcl.variable!)).toStrictEqual(normalizeVariables(json.variable!));
  });

  it('holds the same state machine definition, character for character', () => {
    const definition = (config: Record<string, Json>) => Object.values((config.resource as Record<string, Record<string, Json>>).aws_sfn_state_machine!).map((block) => (normalize(block) as { definition: string }).definition);

    expect(definition(hcl)).toStrictEqual(definition(json));
  });
});
