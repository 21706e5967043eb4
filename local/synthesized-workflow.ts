import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { jsonTextLocalName } from '../contract/variables';
import type { TerraformVariableName } from '../contract/variables';
import { startLocalLambda } from './lambda-host';
import type { LocalLambda } from './lambda-host';
import type { LocalFunction } from './run-workflow';
import { unpackZip } from './unpack-zip';

/** A Terraform variable's value: text, a number, a bool, or a list of strings (`class_labels`, `ops_emails`). */
type TerraformValue = string | number | boolean | readonly string[];

/** Terraform locals by name, already computed (e.g. contract/class-labels.ts's). */
type LocalValues = Readonly<Record<string, string>>;

/** An S3 object the stack writes (`aws_s3_object`), its fields as synthesized, Terraform references and all. */
interface SynthesizedObject {
  readonly resourceId: string;
  readonly bucket: string;
  readonly key: string;
  readonly content: string;
}

interface SynthesizedFunction {
  /** The Terraform resource's logical id, as references to it spell it. */
  readonly resourceId: string;
  readonly functionName: string;
  readonly zipPath: string;
  readonly handler: string;
  /** As synthesized: values may hold Terraform references such as `${var.endpoint_name}`. */
  readonly environment: Readonly<Record<string, string>>;
}

/** An s3:ListBucket grant of the functions' roles: the bucket and the `s3:prefix` patterns it is conditioned on. */
interface ListBucketGrant {
  /** The bucket ARN's name part, Terraform references and all. */
  readonly bucket: string;
  /** StringLike patterns; undefined when the grant has no prefix condition. */
  readonly prefixPatterns: readonly string[] | undefined;
}

/** An EventBridge rule's target as synthesized: what it starts and how it turns the event into input. */
interface SynthesizedTrigger {
  /** The rule's event pattern (JSON text, Terraform references included). */
  readonly eventPattern: string;
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
  /** The target's ARN as the configuration spells it (a reference to the state machine). */
  readonly targetArn: string;
}

interface SynthesizedTable {
  /** The table's name as definitions spell it: `${aws_dynamodb_table.<id>.name}`. */
  readonly reference: string;
  readonly hashKey: string;
}

interface SynthesizedWorkflow {
  readonly functions: readonly SynthesizedFunction[];
  /** The per-image state machine definition as synthesized, Terraform references included. */
  readonly definition: string;
  /** The batch state machine's (the one with a Distributed Map), if any; numbers may be `${var.*}` until resolved. */
  readonly batchDefinition: string | undefined;
  readonly triggers: readonly SynthesizedTrigger[];
  readonly tables: readonly SynthesizedTable[];
  readonly variableDefaults: Readonly<Record<string, TerraformValue>>;
  /** The S3 objects the stack writes, by their resource id. */
  readonly objects: readonly SynthesizedObject[];
  readonly listBucketGrants: readonly ListBucketGrant[];
  /** What the roles may s3:GetObject: `bucket/key-pattern`, `*` a wildcard, Terraform references unresolved. */
  readonly readableObjects: readonly string[];
}

interface PolicyStatementJson {
  actions?: string[];
  resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
}

interface TerraformJson {
  resource: {
    aws_lambda_function: Record<
      string,
      { function_name: string; filename: string; handler: string; environment?: { variables: Record<string, string> } }
    >;
    aws_sfn_state_machine: Record<string, { definition: string }>;
    aws_cloudwatch_event_rule?: Record<string, { event_pattern: string }>;
    aws_cloudwatch_event_target?: Record<
      string,
      { rule: string; arn: string; input_transformer?: { input_paths: Record<string, string>; input_template: string } }
    >;
    aws_dynamodb_table?: Record<string, { hash_key: string }>;
    aws_s3_object?: Record<string, { bucket: string; key: string; content: string }>;
  };
  variable: Record<string, { default?: TerraformValue }>;
  data?: { aws_iam_policy_document?: Record<string, { statement?: PolicyStatementJson[] }> };
}

function listBucketGrants(config: TerraformJson): ListBucketGrant[] {
  const statements = Object.values(config.data?.aws_iam_policy_document ?? {}).flatMap((document) => document.statement ?? []);
  return statements
    .filter((statement) => statement.actions?.includes('s3:ListBucket'))
    .flatMap((statement) =>
      (statement.resources ?? []).map((resource) => ({
        bucket: resource.slice(resource.indexOf(':::') + 3),
        prefixPatterns: statement.condition?.find((condition) => condition.variable === 's3:prefix' && condition.test === 'StringLike')
          ?.values,
      })),
    );
}

/** The object ARNs (`bucket/key-pattern`, Terraform references and all) the synthesized roles may s3:GetObject. */
function readableObjects(config: TerraformJson): string[] {
  const statements = Object.values(config.data?.aws_iam_policy_document ?? {}).flatMap((document) => document.statement ?? []);
  return statements
    .filter((statement) => statement.actions?.includes('s3:GetObject'))
    .flatMap((statement) => (statement.resources ?? []).map((resource) => resource.slice(resource.indexOf(':::') + 3)));
}

const isBatch = (definition: string) => /"Mode":\s*"DISTRIBUTED"/.test(definition);

function readTriggers(config: TerraformJson): SynthesizedTrigger[] {
  const rules = config.resource.aws_cloudwatch_event_rule ?? {};
  return Object.values(config.resource.aws_cloudwatch_event_target ?? {}).flatMap((target) => {
    const ruleId = /^\$\{aws_cloudwatch_event_rule\.(\w+)\.name\}$/.exec(target.rule)?.[1];
    const rule = ruleId === undefined ? undefined : rules[ruleId];
    if (rule === undefined || target.input_transformer === undefined) return [];
    return [
      {
        eventPattern: rule.event_pattern,
        inputPaths: target.input_transformer.input_paths,
        inputTemplate: target.input_transformer.input_template,
        targetArn: target.arn,
      },
    ];
  });
}

/** Reads what `cdktf synth` wrote for the stack: the functions' zips, handlers and environment, and the definition. */
function readSynthesizedWorkflow(stackDir: string): SynthesizedWorkflow {
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) throw new Error(`No ${file}: run \`npm run synth\` (JSON output) first`);
  const config = JSON.parse(readFileSync(file, 'utf8')) as TerraformJson;
  const definitions = Object.values(config.resource.aws_sfn_state_machine).map((machine) => machine.definition);
  const perImage = definitions.filter((definition) => !isBatch(definition));
  const batch = definitions.filter(isBatch);
  if (perImage.length !== 1 || batch.length > 1)
    throw new Error(
      `Expected one per-image state machine and at most one batch state machine in ${file}, found ${perImage.length} and ${batch.length}`,
    );
  return {
    functions: Object.entries(config.resource.aws_lambda_function).map(([resourceId, fn]) => ({
      resourceId,
      functionName: fn.function_name,
      zipPath: join(stackDir, fn.filename),
      handler: fn.handler,
      environment: fn.environment?.variables ?? {},
    })),
    definition: perImage[0]!,
    batchDefinition: batch[0],
    triggers: readTriggers(config),
    tables: Object.entries(config.resource.aws_dynamodb_table ?? {}).map(([id, table]) => ({
      reference: `\${aws_dynamodb_table.${id}.name}`,
      hashKey: table.hash_key,
    })),
    variableDefaults: Object.fromEntries(
      Object.entries(config.variable)
        .filter(([, variable]) => variable.default !== undefined)
        .map(([name, variable]) => [name, variable.default!]),
    ),
    objects: Object.entries(config.resource.aws_s3_object ?? {}).map(([resourceId, { bucket, key, content }]) => ({
      resourceId,
      bucket,
      key,
      content,
    })),
    listBucketGrants: listBucketGrants(config),
    readableObjects: readableObjects(config),
  };
}

/** A variable's value as Terraform interpolates it into text: a list cannot be. */
function interpolated(reference: string, value: TerraformValue): string {
  if (Array.isArray(value)) throw new Error(`Cannot resolve ${reference}: a list is not text`);
  return String(value);
}

/**
 * Replaces each `${var.NAME}` with its value, each `${local.NAME_json}` (a string variable as
 * JSON string content: `trimsuffix(trimprefix(jsonencode(var.NAME), "\""), "\"")`) with the value
 * JSON-encoded, without its quotes, and each `${local.NAME}` of `locals` with its value.
 */
function resolveVariableReferences(text: string, values: Readonly<Record<string, TerraformValue>>, locals: LocalValues = {}): string {
  const jsonLocals = new Map(Object.keys(values).map((name) => [jsonTextLocalName(name as TerraformVariableName), name]));
  return text.replace(/\$\{(var|local)\.(\w+)\}/g, (reference, kind: string, name: string) => {
    if (kind === 'local' && Object.hasOwn(locals, name)) return locals[name]!;
    const variable = kind === 'var' ? name : jsonLocals.get(name);
    if (variable === undefined || !(variable in values)) throw new Error(`Cannot resolve ${reference}: not a variable with a value`);
    const value = interpolated(reference, values[variable]!);
    return kind === 'var' ? value : JSON.stringify(value).slice(1, -1);
  });
}

/** Replaces each `${var.NAME}` with its value and each `${local.NAME}` of `locals` with its; any other reference, or an unknown name, is an error. */
function resolveTerraformVariables(text: string, values: Readonly<Record<string, TerraformValue>>, locals: LocalValues = {}): string {
  return text.replace(/\$\{([^}]*)\}/g, (reference, expression: string) => {
    const [, kind, name] = /^(var|local)\.(\w+)$/.exec(expression) ?? [];
    if (kind === 'local' && Object.hasOwn(locals, name!)) return locals[name!]!;
    if (kind !== 'var' || !(name! in values)) throw new Error(`Cannot resolve ${reference}: not a variable with a value`);
    return interpolated(reference, values[name!]!);
  });
}

interface ArtifactFunctionsOptions {
  /** Values for the Terraform variables, over their defaults. */
  readonly variables: Readonly<Partial<Record<TerraformVariableName, TerraformValue>>>;
  /** Terraform locals the functions' environment refers to, computed as Terraform would. */
  readonly locals?: LocalValues;
  /** Region, credentials and AWS_ENDPOINT_URL_* for the functions, as Lambda would set the first two. */
  readonly awsEnvironment: Readonly<Record<string, string>>;
  readonly workDir: string;
  readonly onLog?: (functionName: string, line: string) => void;
}

interface ArtifactFunctions {
  /** Each function by the reference the definition uses for its ARN. */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  /**
   * New values for the variables (over their defaults) and the locals, between invocations: a function
   * whose environment they change serves its next invocations from new containers, its old ones
   * stopped, as Lambda does after UpdateFunctionConfiguration; the others keep their warm containers.
   */
  update(variables: ArtifactFunctionsOptions['variables'], locals?: LocalValues): Promise<void>;
  stop(): Promise<void>;
}

/** The variables' values as a plan would see them: the given ones over the synthesized defaults. */
function variableValues(
  workflow: SynthesizedWorkflow,
  given: Readonly<Partial<Record<TerraformVariableName, TerraformValue>>>,
): Record<string, TerraformValue> {
  const set = Object.entries(given).filter((entry): entry is [string, TerraformValue] => entry[1] !== undefined);
  return { ...workflow.variableDefaults, ...Object.fromEntries(set) };
}

/**
 * Unpacks each synthesized zip and runs its handler in its own Node process, with its synthesized
 * environment, started by the function's first invocation (a cold start, as Lambda's: a function
 * never invoked starts no process, and an init error fails the invocation that started it).
 */
async function startArtifactFunctions(workflow: SynthesizedWorkflow, options: ArtifactFunctionsOptions): Promise<ArtifactFunctions> {
  const directories = new Map(
    workflow.functions.map((fn) => {
      const directory = join(options.workDir, fn.functionName);
      mkdirSync(directory, { recursive: true });
      return [fn.resourceId, unpackZip(fn.zipPath, directory)];
    }),
  );
  const environmentOf = (fn: SynthesizedFunction, values: Readonly<Record<string, TerraformValue>>, locals?: LocalValues) => ({
    ...options.awsEnvironment,
    ...Object.fromEntries(Object.entries(fn.environment).map(([name, value]) => [name, resolveTerraformVariables(value, values, locals)])),
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
  });
  const host = async (fn: SynthesizedFunction, environment: Record<string, string>) => ({
    environment,
    lambda: await startLocalLambda({
      directory: directories.get(fn.resourceId)!,
      handler: fn.handler,
      environment,
      onLog: (line) => options.onLog?.(fn.functionName, line),
      firstContainer: 'invoke',
    }),
  });
  const hosts = new Map<string, { environment: Record<string, string>; lambda: LocalLambda }>();
  const stop = async () => void (await Promise.all([...hosts.values()].map(({ lambda }) => lambda.stop())));
  try {
    const values = variableValues(workflow, options.variables);
    for (const fn of workflow.functions) hosts.set(fn.resourceId, await host(fn, environmentOf(fn, values, options.locals)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    functions: Object.fromEntries(
      workflow.functions.map((fn) => [
        `\${aws_lambda_function.${fn.resourceId}.arn}`,
        (event) => hosts.get(fn.resourceId)!.lambda.invoke(event),
      ]),
    ),
    async update(variables, locals) {
      const values = variableValues(workflow, variables);
      for (const fn of workflow.functions) {
        const environment = environmentOf(fn, values, locals);
        const current = hosts.get(fn.resourceId)!;
        if (isDeepStrictEqual(environment, current.environment)) continue;
        hosts.set(fn.resourceId, await host(fn, environment));
        await current.lambda.stop();
      }
    },
    stop,
  };
}

export { readSynthesizedWorkflow, resolveTerraformVariables, resolveVariableReferences, startArtifactFunctions, variableValues };
export type {
  TerraformValue,
  LocalValues,
  SynthesizedObject,
  SynthesizedFunction,
  SynthesizedWorkflow,
  SynthesizedTrigger,
  SynthesizedTable,
  ArtifactFunctions,
  ArtifactFunctionsOptions,
  ListBucketGrant,
};
