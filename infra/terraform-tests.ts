import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformResource, TerraformStack, Token, Tokenization } from 'cdktf';
import type { IResolvable } from 'cdktf';
import type { IConstruct } from 'constructs';

/** A Terraform expression, written as in HCL (`aws_sns_topic.x.arn == var.y`). */
type Expression = string;
type Literal = string | number | boolean | readonly string[];

interface TerraformAssert {
  readonly condition: Expression;
  /** A Terraform string template: literal text, with `${...}` where a token (e.g. a name from `var.name_prefix`) stood. */
  readonly errorMessage: Expression;
}

interface TerraformTestRun {
  readonly name: string;
  readonly command: 'plan' | 'apply';
  /** Variables of this run, over the file's. */
  readonly variables?: Readonly<Record<string, Literal>>;
  readonly asserts?: readonly TerraformAssert[];
  /** Checkable objects expected to fail, e.g. `var.endpoint_name` for a rejected value. */
  readonly expectFailures?: readonly Expression[];
  /** Another root module to run instead of the configuration under test, e.g. `./tests/two-instances`. */
  readonly module?: string;
}

interface TerraformTestFile {
  /** Under `tests/`, ending in `.tftest.hcl`. */
  readonly fileName: string;
  readonly variables: Readonly<Record<string, Literal>>;
  readonly runs: readonly TerraformTestRun[];
}

/** The account and region the mock AWS provider pretends to be in. */
const MOCK_ACCOUNT_ID = '123456789012';
const MOCK_PARTITION = 'aws';

/**
 * Values for the data sources whose random mock strings the provider's validators would reject at
 * plan time, or which name the region the mock provider is in. Every data source type the
 * configuration reads needs an entry (a test checks it).
 */
function mockDataDefaults(region: string): Readonly<Record<string, Readonly<Record<string, Literal>>>> {
  return {
    aws_caller_identity: { account_id: MOCK_ACCOUNT_ID },
    aws_partition: { partition: MOCK_PARTITION, dns_suffix: 'amazonaws.com' },
    aws_iam_policy_document: { json: '{"Version":"2012-10-17","Statement":[]}' },
    // `id` is what AwsContext reads (see there).
    aws_region: { id: region },
  };
}

/** IAM-style service names where the resource type's second word is not the ARN's service. */
const ARN_SERVICES: readonly (readonly [string, string])[] = [
  ['aws_cloudwatch_log_', 'logs'],
  ['aws_cloudwatch_event_', 'events'],
  ['aws_sfn_', 'states'],
  ['aws_lambda_', 'lambda'],
];
/** Services whose ARNs name no region (IAM) or neither region nor account (S3). */
const NO_REGION = new Set(['iam', 's3']);
const NO_ACCOUNT = new Set(['s3']);

/**
 * A distinct, well-formed ARN for one resource: the provider validates the ARNs that one resource
 * passes to another (a function's role, a subscription's topic) even under a mock provider, and
 * distinct values keep assertions such as "the state machine runs as the workflow role" meaningful.
 * Resources without an `arn` attribute ignore it.
 */
function mockArn(resourceType: string, logicalId: string, region: string): string {
  const service = ARN_SERVICES.find(([prefix]) => resourceType.startsWith(prefix))?.[1] ?? resourceType.split('_')[1]!;
  const account = NO_ACCOUNT.has(service) ? '' : MOCK_ACCOUNT_ID;
  return `arn:${MOCK_PARTITION}:${service}:${NO_REGION.has(service) ? '' : region}:${account}:${resourceType}/${logicalId}`;
}

/**
 * A Terraform string literal: JSON escapes, with `${` and `%{` escaped as Terraform templates want.
 * Control and line-separator characters are written as `\uXXXX` (HCL has no `\b` or `\f`), so the
 * file shows what a value holds.
 */
function renderString(value: string): string {
  return JSON.stringify(value)
    .replace(/\\(.)|[\u007f-\u009f\u2028\u2029]/g, (match, escaped?: string) => {
      if (escaped === undefined) return `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`;
      return escaped === 'b' ? '\\u0008' : escaped === 'f' ? '\\u000c' : match;
    })
    .replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
}

function renderLiteral(value: Literal): string {
  if (Array.isArray(value)) return `[${value.map(renderString).join(', ')}]`;
  return typeof value === 'string' ? renderString(value) : String(value);
}

function indent(lines: readonly string[], depth = 1): string[] {
  return lines.map((line) => (line === '' ? line : `${'  '.repeat(depth)}${line}`));
}

function renderAssignments(values: Readonly<Record<string, Literal>>): string[] {
  const width = Math.max(0, ...Object.keys(values).map((key) => key.length));
  return Object.entries(values).map(([key, value]) => `${key.padEnd(width)} = ${renderLiteral(value)}`);
}

function renderBlock(header: string, body: readonly string[]): string[] {
  return [`${header} {`, ...indent(body), '}'];
}

function renderRun(run: TerraformTestRun): string[] {
  const body = [`command = ${run.command}`];
  if (run.module !== undefined) body.push('', ...renderBlock('module', [`source = ${renderString(run.module)}`]));
  if (run.variables !== undefined && Object.keys(run.variables).length > 0)
    body.push('', ...renderBlock('variables', renderAssignments(run.variables)));
  if (run.expectFailures !== undefined && run.expectFailures.length > 0)
    body.push('', `expect_failures = [${run.expectFailures.join(', ')}]`);
  for (const { condition, errorMessage } of run.asserts ?? []) {
    body.push('', ...renderBlock('assert', [`condition     = ${condition}`, `error_message = ${errorMessage}`]));
  }
  return renderBlock(`run ${renderString(run.name)}`, body);
}

interface MockedConfiguration {
  readonly region: string;
  /** Resource type and logical id of every resource, for their mock ARNs. */
  readonly resources: readonly { readonly type: string; readonly logicalId: string }[];
  /** Where the resources are when the run's root calls the configuration as a module with `for_each`: `module.pipeline` and its keys. */
  readonly moduleInstances?: { readonly address: string; readonly keys: readonly string[] };
}

/** Each resource's address and a distinct name for its mock ARN: once, or once per module instance. */
function mockedTargets({ resources, moduleInstances }: MockedConfiguration): { target: string; type: string; id: string }[] {
  if (moduleInstances === undefined)
    return resources.map(({ type, logicalId }) => ({ target: `${type}.${logicalId}`, type, id: logicalId }));
  return moduleInstances.keys.flatMap((key) =>
    resources.map(({ type, logicalId }) => ({
      target: `${moduleInstances.address}[${renderString(key)}].${type}.${logicalId}`,
      type,
      id: `${key}/${logicalId}`,
    })),
  );
}

/** The mock AWS provider: no credentials, no calls to AWS, the real provider's schema and validators. */
function renderMockProvider(mocked: MockedConfiguration): string[] {
  const { region } = mocked;
  const data = Object.entries(mockDataDefaults(region)).flatMap(([type, defaults]) =>
    renderBlock(`mock_data ${renderString(type)}`, renderBlock('defaults =', renderAssignments(defaults))),
  );
  const overrides = mockedTargets(mocked).flatMap(({ target, type, id }) =>
    renderBlock('override_resource', [`target = ${target}`, `values = { arn = ${renderString(mockArn(type, id, region))} }`]),
  );
  return [...renderBlock('mock_provider "aws"', data), '', ...overrides];
}

/** Renders one `.tftest.hcl` file: the mock provider, the file's variables, then each run. */
function renderTerraformTestFile(file: TerraformTestFile, mocked: MockedConfiguration): string {
  const header = [
    '# Generated by synthesis (infra/terraform-tests.ts); run `terraform init && terraform test` in the',
    '# folder above tests/. The AWS provider is mocked: no account, credentials or network calls to AWS.',
  ];
  const variables = Object.keys(file.variables).length === 0 ? [] : [renderBlock('variables', renderAssignments(file.variables))];
  const sections = [header, renderMockProvider(mocked), ...variables, ...file.runs.map(renderRun)];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** `type.logical_id`, the address assertions and `expect_failures` refer to a resource by. */
function address(element: TerraformResource | TerraformDataSource): string {
  return TerraformDataSource.isTerraformDataSource(element)
    ? `data.${element.terraformResourceType}.${element.friendlyUniqueId}`
    : `${element.terraformResourceType}.${element.friendlyUniqueId}`;
}

/** What an `hcl` template interpolates: a resource or data source (its address), a CDKTF token (its expression), a literal. */
type HclValue = TerraformResource | TerraformDataSource | IResolvable | string | number | boolean;

/** One interpolated value as Terraform expression text; tokens resolve within `scope`'s stack. */
function renderHclValue(value: HclValue, scope: IConstruct): string {
  if (TerraformResource.isTerraformResource(value) || TerraformDataSource.isTerraformDataSource(value)) return address(value);
  if (!Token.isUnresolved(value)) return typeof value === 'string' ? renderString(value) : String(value);
  const resolved: unknown = Tokenization.resolve(value, {
    scope,
    resolver: new DefaultTokenResolver(new StringConcat()),
    preparing: false,
  });
  const alone = typeof value !== 'string' || Tokenization.reverseString(value).length === 1;
  const expression = alone && typeof resolved === 'string' ? /^\$\{(.+)\}$/s.exec(resolved)?.[1] : undefined;
  if (expression === undefined) throw new Error(`An hcl template takes a token alone, not inside text: ${JSON.stringify(resolved)}`);
  return expression;
}

/** cdktf's encoding of a string token inside text. */
const STRING_TOKEN = /(\$\{TfToken\[[^\]]+\]\})/;

/**
 * Text as a Terraform string template: literal parts escaped, each token (a name built from a
 * variable, say) as the `${...}` interpolation of its expression, so the message names the value.
 */
function renderTemplate(text: string, scope: IConstruct): Expression {
  if (!Token.isUnresolved(text)) return renderString(text);
  const parts = text.split(STRING_TOKEN);
  const rendered = parts.map((part, index) => (index % 2 === 0 ? renderString(part).slice(1, -1) : `\${${renderHclValue(part, scope)}}`));
  return `"${rendered.join('')}"`;
}

/**
 * A Terraform expression written with the objects it is about, rendered when the test file is
 * written: hcl`length(${notification}) == (${enabled} ? 1 : 0)` becomes
 * `length(aws_s3_bucket_notification.x) == (var.enable_trigger ? 1 : 0)`; plain strings become
 * escaped string literals.
 */
class HclExpression {
  constructor(
    private readonly text: TemplateStringsArray,
    private readonly values: readonly HclValue[],
  ) {}

  render(scope: IConstruct): Expression {
    return this.text.reduce((rendered, part, index) =>
      index === 0 ? part : `${rendered}${renderHclValue(this.values[index - 1]!, scope)}${part}`,
    );
  }
}

function hcl(text: TemplateStringsArray, ...values: HclValue[]): HclExpression {
  return new HclExpression(text, values);
}

const SUITES = new WeakMap<TerraformStack, TerraformTestSuite>();

/**
 * The assertions a stack's shipped Terraform test checks after applying the whole configuration
 * with the mock provider. Any construct adds its own:
 * `TerraformTestSuite.of(this).assert(hcl\`${this.topic}.kms_master_key_id == "alias/aws/sns"\`, 'The topic is encrypted.')`.
 */
class TerraformTestSuite {
  private readonly asserts: { readonly condition: Expression | HclExpression; readonly errorMessage: string }[] = [];

  private constructor(private readonly stack: TerraformStack) {}

  static of(scope: IConstruct): TerraformTestSuite {
    const stack = TerraformStack.of(scope);
    let suite = SUITES.get(stack);
    if (suite === undefined) {
      suite = new TerraformTestSuite(stack);
      SUITES.set(stack, suite);
    }
    return suite;
  }

  assert(condition: Expression | HclExpression, errorMessage: string): this {
    this.asserts.push({ condition, errorMessage });
    return this;
  }

  /** Every assertion, its expression and message rendered. */
  get assertions(): readonly TerraformAssert[] {
    return this.asserts.map(({ condition, errorMessage }) => ({
      condition: typeof condition === 'string' ? condition : condition.render(this.stack),
      errorMessage: renderTemplate(errorMessage, this.stack),
    }));
  }
}

/** Every resource of the stack with its Terraform type and logical id. */
function stackResources(stack: TerraformStack): MockedConfiguration['resources'] {
  return stack.node
    .findAll()
    .filter((node): node is TerraformResource => TerraformResource.isTerraformResource(node))
    .map((resource) => ({ type: resource.terraformResourceType, logicalId: resource.friendlyUniqueId }));
}

export {
  renderTerraformTestFile,
  renderString,
  renderLiteral,
  renderAssignments,
  TerraformTestSuite,
  address,
  hcl,
  stackResources,
  mockArn,
  MOCK_ACCOUNT_ID,
  mockDataDefaults,
};
export type { TerraformTestRun, TerraformTestFile, Literal };
