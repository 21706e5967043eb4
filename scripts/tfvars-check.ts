// The checks of `npm run check:tfvars` (scripts/check-tfvars.ts): each tfvars file against the variables'
// validation, as Terraform evaluates it, with no provider, credentials or network: a temporary root
// declares the variables alone and `terraform plan` reads the file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXAMPLE_VARIABLES } from '../infra/deployment-variables';
import { NAME_PREFIX_EXAMPLE, NAME_PREFIX_VARIABLE } from '../infra/name-prefix-variable';
import { optionHint } from '../infra/option-parsing';
import { renderLiteral } from '../infra/terraform-tests';
import type { Literal } from '../infra/terraform-tests';
import { terraformBinary } from '../infra/terraform-fmt';
import { variablesConfiguration } from '../infra/variables-configuration';
import { parseHcl } from './hcl-parse';

interface Declared {
  readonly names: readonly string[];
  /** Required variables (no default), with a value that passes their validation, as `-var` takes it. */
  readonly required: Readonly<Record<string, string>>;
}

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

/** The environment without what would set variables or arguments behind the file's back. */
function terraformEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TF_VAR_') && !name.startsWith('TF_CLI_ARGS')),
  );
  return { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
}

function run(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(terraformBinary(), args, { cwd, env: terraformEnv(), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error !== undefined) throw result.error;
  return result;
}

/** Values that pass each variable's validation, set for required variables the file leaves out so that the others are still checked. */
const PASSING_VALUES: Readonly<Record<string, Literal>> = { ...EXAMPLE_VARIABLES, [NAME_PREFIX_VARIABLE]: NAME_PREFIX_EXAMPLE };

function declaredVariables(configuration: Record<string, unknown>): Declared {
  const variables = configuration.variable as Record<string, { default?: unknown }>;
  const required = Object.keys(variables).filter((name) => !('default' in variables[name]!));
  return {
    names: Object.keys(variables),
    required: Object.fromEntries(
      required.map((name) => {
        // -var takes a string variable's value as it is, any other type as an HCL expression.
        const value = PASSING_VALUES[name]!;
        return [name, typeof value === 'string' ? value : renderLiteral(value)];
      }),
    ),
  };
}

/** The variable a line of the file assigns, if it is an assignment. */
function assignedOn(lines: readonly string[], line: number | undefined): string | undefined {
  return line === undefined ? undefined : /^\s*([\w-]+)\s*=/.exec(lines[line - 1] ?? '')?.[1];
}

function lineOf(lines: readonly string[], name: string): number | undefined {
  const index = lines.findIndex((line) => new RegExp(`^\\s*${name}\\s*=`).test(line));
  return index === -1 ? undefined : index + 1;
}

const where = (line: number | undefined, name: string | undefined): string =>
  [line === undefined ? undefined : `line ${line}`, name].filter((part) => part !== undefined).join(', ');

/** Terraform's message without what points into the temporary configuration. */
function message(diagnostic: Diagnostic): string {
  const detail = (diagnostic.detail ?? '')
    .replace(/\n\nThis was checked by the validation rule at [^\n]*$/, '')
    .replace(/ declared at variables\.tf\.json:[\d,-]+/, '');
  return detail === ''
    ? diagnostic.summary
    : `${diagnostic.summary === 'Invalid value for variable' ? '' : `${diagnostic.summary}: `}${detail}`;
}

/** Every problem of one tfvars file: names the variables do not declare, required ones unset, values Terraform rejects. */
async function fileProblems(file: string, workDir: string, declared: Declared): Promise<string[]> {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const problems: { line: number | undefined; text: string }[] = [];
  let setNames: string[] | undefined;
  try {
    setNames = Object.keys(await parseHcl(file, text));
  } catch {
    // Terraform names the syntax error with its line below.
  }
  const passingValues: string[] = [];
  if (setNames !== undefined) {
    for (const name of setNames.filter((name) => !declared.names.includes(name)))
      problems.push({
        line: lineOf(lines, name),
        text: `${where(lineOf(lines, name), name)}: not a variable (${optionHint(name, declared.names)})`,
      });
    for (const [name, passing] of Object.entries(declared.required).filter(([name]) => !setNames.includes(name))) {
      problems.push({ line: undefined, text: `${name}: not set, and required (it has no default)` });
      passingValues.push('-var', `${name}=${passing}`);
    }
  }
  const plan = run(
    ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-json', `-var-file=${file}`, ...passingValues],
    workDir,
  );
  const diagnostics = plan.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; diagnostic?: Diagnostic })
    .filter((line) => line.type === 'diagnostic' && line.diagnostic!.severity === 'error')
    .map((line) => line.diagnostic!);
  for (const diagnostic of diagnostics) {
    const line = diagnostic.range?.filename === file ? diagnostic.range.start.line : undefined;
    problems.push({ line, text: `${where(line, assignedOn(lines, line)) || 'file'}: ${message(diagnostic)}` });
  }
  if (plan.status !== 0 && diagnostics.length === 0)
    problems.push({ line: undefined, text: `terraform plan failed (exit ${plan.status}): ${plan.stderr.trim()}` });
  // In the file's order, then what no line holds.
  return problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)).map(({ text }) => text);
}

/**
 * Checks each file against the stack's variables (the module's with `module`), printing every problem
 * of each; true when every file passes. Throws ENOENT when Terraform is not there.
 */
async function checkTfvarsFiles(files: readonly string[], { module }: { module: boolean }): Promise<boolean> {
  const workDir = mkdtempSync(join(tmpdir(), 'check-tfvars-'));
  try {
    const configuration = variablesConfiguration(join(workDir, 'cdktf.out'), { module });
    writeFileSync(join(workDir, 'variables.tf.json'), `${JSON.stringify(configuration, null, 2)}\n`);
    const declared = declaredVariables(configuration);
    const version = run(['version', '-json'], workDir);
    const init = run(['init', '-input=false', '-no-color', '-backend=false'], workDir);
    if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stderr}`);
    const against = `the ${declared.names.length} variables of the ${module ? 'module' : 'stack'}, terraform ${(JSON.parse(version.stdout) as { terraform_version: string }).terraform_version}`;
    let passed = true;
    for (const file of files) {
      const problems = await fileProblems(resolve(file), workDir, declared);
      if (problems.length === 0) {
        console.log(`${file}: every value passes (${against})`);
        continue;
      }
      passed = false;
      console.log(`${file}: ${problems.length} problem(s) (${against})\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    }
    return passed;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

export { checkTfvarsFiles };
