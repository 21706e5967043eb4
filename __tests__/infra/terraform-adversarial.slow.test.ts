import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerraformVariableName } from '../../contract/variables';
import { EXAMPLE_VARIABLES, VARIABLES } from '../../infra/deployment-variables';
import { MOCK_ACCOUNT_ID, mockArn, renderAssignments, renderString } from '../../infra/terraform-tests';
import type { Literal } from '../../infra/terraform-tests';
import { synthesizedStack } from '../helpers/shared-synthesis';
import { findTerraform, terraformSuite, stateResources, terraform, terraformTest, writeProviderOverride } from '../helpers/terraform';
import type { StateResource, TerraformJsonLine, TerraformSetup } from '../helpers/terraform';

/**
 * Every string variable set to values that would break or redirect a JSON document if they were pasted
 * into it raw (quotes, backslashes, newlines, `${aws:username}`, JSON fragments), where its validation
 * admits them; and the values its validation refuses, with the message it refuses them with.
 *
 * The mock provider would mock the policy documents themselves, so this plan-and-apply uses the real AWS
 * provider with every resource and the account lookup overridden: Terraform calls the provider only for
 * the data sources it computes locally (aws_iam_policy_document, aws_partition), with no credentials and
 * no call to AWS. Applying (not planning) is what reads the policy documents, which depend on resources.
 */

type Values = Readonly<Partial<Record<TerraformVariableName, Literal>>>;

/** Distinct values of the string variables that reach a JSON document, found again in each rendered one. */
const BASELINE = {
  image_key_prefix: 'baseline-images/',
  batch_results_prefix: 'baseline-results/',
  notification_email: 'baseline@example.com',
  ops_emails: ['baseline-ops@example.com'],
} as const satisfies Values;

/**
 * Values the validations admit. image_bucket, endpoint_name and endpoint_variant_name admit only
 * letters, digits, dots and hyphens: their adversarial values are all in REFUSED.
 */
const ADMITTED: readonly Values[] = [
  {
    image_key_prefix: "it's {a: 1} <b>&amp; $HOME %{if x}/",
    batch_results_prefix: "{% $states.input %}/'quoted'/",
    notification_email: '"quoted"\\back@example.com',
    ops_emails: ['","Bucket":"evil@example.com', '${aws:username}@example.com'],
  },
  {
    image_key_prefix: 'line\u2028separator\u00a0nbsp/雪/🙂/',
    batch_results_prefix: 'results $(whoami) & <script>/',
    notification_email: 'line\nbreak@example.com',
    // Nobody named: the alarms go to notification_email.
    ops_emails: [],
  },
  {
    image_key_prefix: '',
    batch_results_prefix: '$$/{x}/%%{y}/',
    notification_email: '${aws:username}@example.com',
    ops_emails: ['a"b\\c@example.com'],
  },
];

/** What a key prefix must never carry into a policy, an event pattern or a definition; the last tries to end a JSON string. */
const PREFIX_INJECTIONS = [
  'say"what/',
  'back\\slash/',
  'line\nbreak/',
  'home/${aws:username}/',
  'wild*/',
  'what?/',
  '/leading/',
  '","Bucket":"evil',
];
/** The same for a results prefix, each ending with the "/" it needs, so that only the injection is refused. */
const RESULTS_PREFIX_INJECTIONS = PREFIX_INJECTIONS.map((prefix) => (prefix.endsWith('/') ? prefix : `${prefix}/`));

/** Values each validation must refuse; each run sets every variable to its n-th value. */
const REFUSED: Readonly<Partial<Record<TerraformVariableName, readonly Literal[]>>> = {
  image_key_prefix: PREFIX_INJECTIONS,
  batch_results_prefix: RESULTS_PREFIX_INJECTIONS,
  results_prefix: RESULTS_PREFIX_INJECTIONS,
  image_bucket: ['evil","Bucket":"x', 'a\\b', '${aws:username}', 'bucket*', 'line\nbreak'],
  endpoint_name: ['a"b', 'a\\b', 'a\nb', '${aws:username}', '*'],
  endpoint_variant_name: ['a"b', 'a\\b', 'a\nb', '${aws:username}', '*'],
  notification_email: ['"a b"@example.com', 'x@example.com", "Bucket": "evil'],
  ops_emails: [['a b@example.com'], ['ok@example.com', '", "x"@example.com']],
  // Terraform's numbers are exact: 1e-400 is greater than 0 there, and 0 in JavaScript.
  confidence_threshold: ['1e-400', 0.0000000000000001],
};

const workDir = mkdtempSync(join(tmpdir(), 'terraform-adversarial-'));
const availability = findTerraform(workDir);
const REGION = 'us-east-1';

interface SynthesizedBlocks {
  readonly resource: Record<string, Record<string, unknown>>;
  readonly data: Record<string, Record<string, unknown>>;
}

function block(header: string, lines: readonly string[]): string {
  return [`${header} {`, ...lines.map((line) => `  ${line}`), '}'].join('\n');
}

function run(name: string, command: 'plan' | 'apply', values: Values, asserts: readonly string[] = []): string {
  const variables = Object.keys(values).length === 0 ? [] : ['', ...block('variables', renderAssignments(values)).split('\n')];
  return block(`run ${renderString(name)}`, [`command = ${command}`, ...variables, ...asserts]);
}

/** The assert blocks of the shipped test's apply run (what the constructs registered), as lines of a run block. */
function shippedAsserts(mainTest: string): string[] {
  const body = mainTest.slice(mainTest.indexOf('run "apply" {\n  command = apply\n'));
  return [...body.matchAll(/^ {2}assert \{\n[\s\S]*?\n {2}\}$/gm)].flatMap((match) => [
    '',
    ...match[0].split('\n').map((line) => line.slice(2)),
  ]);
}

/** The real provider, unable to reach AWS and never asked to, every resource and the account overridden. */
function providerAndOverrides(config: SynthesizedBlocks): string[] {
  const provider = block('provider "aws"', [
    `region                      = "${REGION}"`,
    'access_key                  = "not-a-key"',
    'secret_key                  = "not-a-secret"',
    'skip_credentials_validation = true',
    'skip_requesting_account_id  = true',
    'skip_metadata_api_check     = true',
    'skip_region_validation      = true',
  ]);
  const account = Object.keys(config.data.aws_caller_identity ?? {}).map((id) =>
    block('override_data', [`target = data.aws_caller_identity.${id}`, `values = { account_id = "${MOCK_ACCOUNT_ID}" }`]),
  );
  const resources = Object.entries(config.resource).flatMap(([type, blocks]) =>
    Object.keys(blocks).map((id) =>
      block('override_resource', [`target = ${type}.${id}`, `values = { arn = ${renderString(mockArn(type, id, REGION))} }`]),
    ),
  );
  return [provider, ...account, ...resources];
}

function refusedRuns(): { readonly name: string; readonly values: Values }[] {
  const longest = Math.max(...Object.values(REFUSED).map((values) => values.length));
  return Array.from({ length: longest }, (_, index) => ({
    name: `refused_${index + 1}`,
    values: Object.fromEntries(
      Object.entries(REFUSED)
        .filter(([, values]) => index < values.length)
        .map(([name, values]) => [name, values[index]!]),
    ),
  }));
}

/** The synthesized stack with the test files beside it, and how many assertions each applied run checks. */
function prepareStack(setup: TerraformSetup): { stackDir: string; assertions: number } {
  const stackDir = join(workDir, 'stack');
  cpSync(synthesizedStack().stackDir, stackDir, { recursive: true });
  writeProviderOverride(stackDir, setup.mirroredAwsVersion);
  const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as SynthesizedBlocks;
  const header = [...providerAndOverrides(config), block('variables', renderAssignments({ ...EXAMPLE_VARIABLES, ...BASELINE }))];
  // Each applied run also checks every assertion the constructs registered.
  const asserts = shippedAsserts(readFileSync(join(stackDir, 'tests', 'main.tftest.hcl'), 'utf8'));
  const applied = [
    run('baseline', 'apply', {}, asserts),
    ...ADMITTED.map((values, index) => run(`admitted_${index + 1}`, 'apply', values, asserts)),
  ];
  writeFileSync(join(stackDir, 'tests', 'admitted.tftest.hcl'), `${[...header, ...applied].join('\n\n')}\n`);
  // A run that fails to plan skips the rest of its file: one file per run.
  for (const { name, values } of refusedRuns())
    writeFileSync(join(stackDir, 'tests', `${name}.tftest.hcl`), `${[...header, run(name, 'plan', values)].join('\n\n')}\n`);
  return { stackDir, assertions: asserts.filter((line) => line === 'assert {').length };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every attribute of the state that holds a JSON object or array as text, decoded, by `["address", ".attribute.path"]`. */
function jsonDocuments(resources: readonly StateResource[]): Map<string, Json> {
  const documents = new Map<string, Json>();
  const visit = (address: string, path: string, value: unknown) => {
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      let document: Json;
      try {
        document = JSON.parse(value) as Json;
      } catch {
        document = `not JSON: ${value}`;
      }
      documents.set(JSON.stringify([address, path]), document);
    } else if (Array.isArray(value)) value.forEach((item, index) => visit(address, `${path}[${index}]`, item));
    else if (typeof value === 'object' && value !== null)
      Object.entries(value).forEach(([key, item]) => visit(address, `${path}.${key}`, item));
  };
  for (const resource of resources) visit(resource.address, '', resource.values);
  return documents;
}

/** The baseline document with each baseline value replaced by this run's: what the run must have rendered. */
function substituted(document: Json, replacements: readonly (readonly [string, string])[]): Json {
  if (typeof document === 'string') return replacements.reduce((text, [from, to]) => text.split(from).join(to), document);
  if (Array.isArray(document)) return document.map((item) => substituted(item, replacements));
  if (typeof document === 'object' && document !== null)
    return Object.fromEntries(Object.entries(document).map(([key, value]) => [key, substituted(value, replacements)]));
  return document;
}

function replacementsFor(values: Values): [string, string][] {
  return (Object.keys(BASELINE) as (keyof typeof BASELINE)[])
    .filter((name) => typeof BASELINE[name] === 'string' && values[name] !== undefined)
    .map((name) => [BASELINE[name] as string, values[name] as string]);
}

/** `type.attribute` of each document that holds `text` (data sources as `data.type`). */
function holders(documents: ReadonlyMap<string, Json>, text: string): string[] {
  const kinds = [...documents]
    .filter(([, document]) => JSON.stringify(document).includes(text))
    .map(([key]) => {
      const [address, attribute] = JSON.parse(key) as [string, string];
      return `${address.replace(/\.[^.]+$/, '')}${attribute.replace(/\[\d+\]/g, '')}`;
    });
  return [...new Set(kinds)].sort();
}

const { describeWithTerraform, skipped } = terraformSuite(availability);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describeWithTerraform(`adversarial variable values, planned and applied by terraform test${skipped}`, () => {
  let lines: TerraformJsonLine[] = [];
  let assertions = 0;
  const states = new Map<string, StateResource[]>();

  beforeAll(async () => {
    const { setup } = availability as { setup: TerraformSetup };
    const prepared = prepareStack(setup);
    const { stackDir } = prepared;
    assertions = prepared.assertions;
    terraform(setup, stackDir, ['init', '-backend=false', '-input=false', '-no-color']);
    const files = ['tests/admitted.tftest.hcl', ...refusedRuns().map(({ name }) => `tests/${name}.tftest.hcl`)];
    lines = await terraformTest(setup, stackDir, { files, verbose: true });
    for (const line of lines)
      if (line.test_state !== undefined && line['@testrun'] !== undefined)
        states.set(line['@testrun'], stateResources(line.test_state.root_module));
  }, 900_000);

  const runStatus = (path: string) =>
    lines
      .filter((line) => line.type === 'test_run' && line.test_run?.progress === 'complete' && line.test_run.path === path)
      .map(({ test_run: testRun }) => ({ run: testRun!.run, status: testRun!.status }));

  it('applies the baseline and every admitted value, each passing the assertions the constructs registered', () => {
    const errors = lines
      .filter((line) => line['@level'] === 'error' && line['@testrun'] !== undefined && !line['@testrun'].startsWith('refused_'))
      .map((line) => `${line['@testrun']}: ${line['@message']} ${line.diagnostic?.detail ?? ''}`);

    expect(errors).toStrictEqual([]);
    expect(assertions).toBeGreaterThan(30);
    expect(runStatus('tests/admitted.tftest.hcl')).toStrictEqual(
      ['baseline', ...ADMITTED.map((_, index) => `admitted_${index + 1}`)].map((name) => ({ run: name, status: 'pass' })),
    );
  });

  it('finds the baseline values in the definitions, the event patterns and the policies, so that the comparison below means something', () => {
    const documents = jsonDocuments(states.get('baseline') ?? []);

    expect(holders(documents, BASELINE.image_key_prefix)).toStrictEqual([
      'aws_cloudwatch_event_archive.event_pattern',
      'aws_cloudwatch_event_rule.event_pattern',
      'aws_iam_role_policy.policy',
      'data.aws_iam_policy_document.json',
      'data.aws_iam_policy_document.minified_json',
    ]);
    expect(holders(documents, BASELINE.batch_results_prefix)).toStrictEqual([
      'aws_iam_role_policy.policy',
      'aws_sfn_state_machine.definition',
      'data.aws_iam_policy_document.json',
      'data.aws_iam_policy_document.minified_json',
    ]);
  });

  it.each(ADMITTED.map((values, index) => [`admitted_${index + 1}`, values] as const))(
    '%s: every JSON document parses and is the baseline document with the values in place, nothing more',
    (name, values) => {
      const baseline = jsonDocuments(states.get('baseline') ?? []);
      const rendered = jsonDocuments(states.get(name) ?? []);
      const replacements = replacementsFor(values);

      // A raw value that starts like JSON (e.g. `{% ...` in a policy condition) is no JSON document: only one of the run's values, as given.
      const rawValues = new Set(Object.values(values).flatMap((value) => (typeof value === 'string' ? [value, `${value}*`] : [])));
      const rawValue = (key: string) => {
        const document = rendered.get(key);
        return typeof document === 'string' ? document.replace(/^not JSON: /, '') : '';
      };
      const documentKeys = [...rendered.keys()].filter((key) => baseline.has(key) || !rawValues.has(rawValue(key)));
      expect(documentKeys.sort()).toStrictEqual([...baseline.keys()].sort());
      for (const [path, document] of baseline)
        expect({ path, document: rendered.get(path) }).toStrictEqual({ path, document: substituted(document, replacements) });
    },
  );

  it.each(ADMITTED.map((values, index) => [`admitted_${index + 1}`, values] as const))(
    '%s: the notification address, and the alarm recipients (notification_email when ops_emails is empty), arrive intact',
    (name, values) => {
      const subscriptions = (states.get(name) ?? []).filter((resource) => resource.type === 'aws_sns_topic_subscription');
      const endpoints = (id: string) =>
        subscriptions
          .filter((resource) => resource.address.startsWith(`aws_sns_topic_subscription.${id}`))
          .map((resource) => resource.values.endpoint)
          .sort();
      const opsEmails = values.ops_emails as readonly string[];

      expect(endpoints('notifications_email')).toStrictEqual([values.notification_email]);
      expect(endpoints('operations_topic_email')).toStrictEqual(opsEmails.length > 0 ? [...opsEmails].sort() : [values.notification_email]);
    },
  );

  it.each(refusedRuns().map(({ name, values }) => [name, values] as const))(
    '%s: each variable refuses its value with its own message',
    (name, values) => {
      const messages = lines
        .filter((line) => line['@testrun'] === name && line.diagnostic?.summary === 'Invalid value for variable')
        .map((line) => line.diagnostic!.detail!.split('\n')[0])
        .sort();

      expect(runStatus(`tests/${name}.tftest.hcl`)).toStrictEqual([{ run: name, status: 'error' }]);
      expect(messages).toStrictEqual(
        Object.keys(values)
          .map((variable) => VARIABLES[variable as TerraformVariableName].errorMessage)
          .sort(),
      );
    },
  );
});
