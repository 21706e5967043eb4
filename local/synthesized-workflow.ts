import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformVariableName } from '../contract/variables';
import { startLocalLambda } from './lambda-host';
import type { LocalLambda } from './lambda-host';
import type { LocalFunction } from './run-workflow';
import { unpackZip } from './unpack-zip';

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

interface SynthesizedWorkflow {
  readonly functions: readonly SynthesizedFunction[];
  /** The state machine definition as synthesized, Terraform references included. */
  readonly definition: string;
  readonly variableDefaults: Readonly<Record<string, string | number>>;
  readonly listBucketGrants: readonly ListBucketGrant[];
}

interface PolicyStatementJson {
  actions?: string[];
  resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
}

interface TerraformJson {
  resource: {
    aws_lambda_function: Record<string, { function_name: string; filename: string; handler: string; environment?: { variables: Record<string, string> } }>;
    aws_sfn_state_machine: Record<string, { definition: string }>;
  };
  variable: Record<string, { default?: string | number }>;
  data?: { aws_iam_policy_document?: Record<string, { statement?: PolicyStatementJson[] }> };
}

function listBucketGrants(config: TerraformJson): ListBucketGrant[] {
  const statements = Object.values(config.data?.aws_iam_policy_document ?? {}).flatMap((document) => document.statement ?? []);
  return statements
    .filter((statement) => statement.actions?.includes('s3:ListBucket'))
    .flatMap((statement) =>
      (statement.resources ?? []).map((resource) => ({
        bucket: resource.slice(resource.indexOf(':::') + 3),
        prefixPatterns: statement.condition?.find((condition) => condition.variable === 's3:prefix' && condition.test === 'StringLike')?.values,
      })),
    );
}

/** Reads what `cdktf synth` wrote for the stack: the functions' zips, handlers and environment, and the definition. */
function readSynthesizedWorkflow(stackDir: string): SynthesizedWorkflow {
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) throw new Error(`No ${file}: run \`npm run synth\` (JSON output) first`);
  const config = JSON.parse(readFileSync(file, 'utf8')) as TerraformJson;
  const stateMachines = Object.values(config.resource.aws_sfn_state_machine);
  if (stateMachines.length !== 1) throw new Error(`Expected one state machine in ${file}, found ${stateMachines.length}`);
  return {
    functions: Object.entries(config.resource.aws_lambda_function).map(([resourceId, fn]) => ({
      resourceId,
      functionName: fn.function_name,
      zipPath: join(stackDir, fn.filename),
      handler: fn.handler,
      environment: fn.environment?.variables ?? {},
    })),
    definition: stateMachines[0]!.definition,
    variableDefaults: Object.fromEntries(
      Object.entries(config.variable)
        .filter(([, variable]) => variable.default !== undefined)
        .map(([name, variable]) => [name, variable.default!]),
    ),
    listBucketGrants: listBucketGrants(config),
  };
}

/** Replaces each `${var.NAME}` with its value; any other reference, or an unknown variable, is an error. */
function resolveTerraformVariables(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\$\{([^}]*)\}/g, (reference, expression: string) => {
    const name = /^var\.(\w+)$/.exec(expression)?.[1];
    if (name === undefined || !(name in values)) throw new Error(`Cannot resolve ${reference}: not a variable with a value`);
    return String(values[name]);
  });
}

interface ArtifactFunctionsOptions {
  /** Values for the Terraform variables, over their defaults. */
  readonly variables: Readonly<Partial<Record<TerraformVariableName, string | number>>>;
  /** Region, credentials and AWS_ENDPOINT_URL_* for the functions, as Lambda would set the first two. */
  readonly awsEnvironment: Readonly<Record<string, string>>;
  readonly workDir: string;
  readonly onLog?: (functionName: string, line: string) => void;
}

interface ArtifactFunctions {
  /** Each function by the reference the definition uses for its ARN. */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  stop(): Promise<void>;
}

/** Unpacks each synthesized zip and runs its handler in its own Node process, with its synthesized environment. */
async function startArtifactFunctions(workflow: SynthesizedWorkflow, options: ArtifactFunctionsOptions): Promise<ArtifactFunctions> {
  const given = Object.entries(options.variables).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  const values = { ...workflow.variableDefaults, ...Object.fromEntries(given) };
  const started: LocalLambda[] = [];
  const functions: Record<string, LocalFunction> = {};
  try {
    for (const fn of workflow.functions) {
      const directory = join(options.workDir, fn.functionName);
      mkdirSync(directory, { recursive: true });
      const environment = Object.fromEntries(Object.entries(fn.environment).map(([name, value]) => [name, resolveTerraformVariables(value, values)]));
      const lambda = await startLocalLambda({
        directory: unpackZip(fn.zipPath, directory),
        handler: fn.handler,
        environment: { ...options.awsEnvironment, ...environment, AWS_LAMBDA_FUNCTION_NAME: fn.functionName },
        onLog: (line) => options.onLog?.(fn.functionName, line),
      });
      started.push(lambda);
      functions[`\${aws_lambda_function.${fn.resourceId}.arn}`] = (event) => lambda.invoke(event);
    }
  } catch (error) {
    await Promise.all(started.map((lambda) => lambda.stop()));
    throw error;
  }
  return { functions, stop: async () => void (await Promise.all(started.map((lambda) => lambda.stop()))) };
}

export { readSynthesizedWorkflow, resolveTerraformVariables, startArtifactFunctions };
export type { SynthesizedFunction, SynthesizedWorkflow, ArtifactFunctions, ArtifactFunctionsOptions, ListBucketGrant };
