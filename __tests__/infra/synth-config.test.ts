import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectSynthConfig } from '../../infra/project-synth-config';
import { stackDeployments } from '../../infra/environments';
import { AWS_REGIONS, DEFAULT_SYNTH_CONFIG, InvalidSynthConfig, readSynthConfig } from '../../infra/synth-config';

const noContext = () => undefined;

describe('readSynthConfig', () => {
  it('returns the defaults with no context and no environment', () => {
    expect(readSynthConfig(noContext, {})).toStrictEqual(DEFAULT_SYNTH_CONFIG);
  });

  it('reads cdktf.json context, and lets the environment win over it', () => {
    const context: Record<string, unknown> = {
      namePrefix: 'from-context',
      workflowType: 'EXPRESS',
      tags: { Team: 'ml' },
      logRetentionDays: 7,
    };

    const config = readSynthConfig((key) => context[key], {
      IMAGE_WORKFLOW_NAME_PREFIX: 'from-env',
      IMAGE_WORKFLOW_TAGS: '{"Team":"ops"}',
      IMAGE_WORKFLOW_LOG_EXECUTION_DATA: 'true',
      IMAGE_WORKFLOW_LOG_RETENTION_DAYS: '90',
    });

    expect(config).toStrictEqual({
      ...DEFAULT_SYNTH_CONFIG,
      namePrefix: 'from-env',
      workflowType: 'EXPRESS',
      tags: { Team: 'ops' },
      logExecutionData: true,
      logRetentionDays: 90,
    });
  });

  it('lists every bad value at once, naming where each came from', () => {
    const context: Record<string, unknown> = { workflowType: 'FAST', logRetentionDays: 10 };

    const read = () =>
      readSynthConfig((key) => context[key], {
        IMAGE_WORKFLOW_NAME_PREFIX: 'Has Spaces',
        IMAGE_WORKFLOW_REGION: 'mars-1',
        IMAGE_WORKFLOW_TAGS: '["not", "an", "object"]',
        IMAGE_WORKFLOW_LOG_LEVEL: 'DEBUG',
      });

    expect(read).toThrow(InvalidSynthConfig);
    expect(read).toThrow(
      [
        'Invalid synthesis options (6):',
        '- IMAGE_WORKFLOW_NAME_PREFIX must be 2 to 31 lowercase letters, digits or -, starting with a letter and not ending with -, got: "Has Spaces"',
        '- IMAGE_WORKFLOW_REGION must be an AWS region such as us-east-1, got: "mars-1"',
        '- context "workflowType" must be one of STANDARD, EXPRESS, got: "FAST"',
        '- IMAGE_WORKFLOW_LOG_LEVEL must be one of ALL, ERROR, FATAL, OFF, got: "DEBUG"',
        '- context "logRetentionDays" must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got: 10',
        '- IMAGE_WORKFLOW_TAGS must be an object of string values, got: "[\\"not\\", \\"an\\", \\"object\\"]"',
      ].join('\n'),
    );
  });

  it('treats an empty environment variable as unset', () => {
    expect(readSynthConfig(noContext, { IMAGE_WORKFLOW_TYPE: '' }).workflowType).toBe('STANDARD');
  });

  it('accepts only real AWS regions', () => {
    expect(readSynthConfig(noContext, { IMAGE_WORKFLOW_REGION: 'eu-central-2' }).region).toBe('eu-central-2');
    expect(AWS_REGIONS).toContain('us-gov-west-1');
    expect(() => readSynthConfig(noContext, { IMAGE_WORKFLOW_REGION: 'us-east-9' })).toThrow(
      'Invalid synthesis options (1):\n- IMAGE_WORKFLOW_REGION must be an AWS region such as us-east-1, got: "us-east-9"',
    );
  });

  it('rejects tags AWS would reject: the reserved aws: prefix, lengths and characters, all listed', () => {
    const tags = {
      'aws:createdBy': 'me',
      ['k'.repeat(129)]: 'v',
      Team: 'v'.repeat(257),
      'Cost#Center': 'x',
      Owner: 'a;b',
      'Cost Center': 'ml-platform/images@example.com',
    };

    expect(() => readSynthConfig((key) => (key === 'tags' ? tags : undefined), {})).toThrow(
      [
        'Invalid synthesis options (1):',
        `- context "tags" tag key "aws:createdBy" must not start with "aws:" (reserved by AWS); tag key "${'k'.repeat(129)}" must be 1 to 128 characters; ` +
          'tag value of "Team" must be at most 256 characters; tag key "Cost#Center" may hold only letters, digits, spaces and _ . : / = + - @; ' +
          'tag value of "Owner" may hold only letters, digits, spaces and _ . : / = + - @',
      ].join('\n'),
    );
    expect(
      readSynthConfig(noContext, { IMAGE_WORKFLOW_TAGS: '{"Cost Center":"ml-platform/images@example.com","Ünit":"été"}' }).tags,
    ).toStrictEqual({
      'Cost Center': 'ml-platform/images@example.com',
      Ünit: 'été',
    });
  });

  it('names a misspelled context key with the option it likely meant, along with the other problems', () => {
    const read = () =>
      readSynthConfig(
        noContext,
        { IMAGE_WORKFLOW_TYPE: 'FAST' },
        { contextKeys: ['regoin', 'stackName', 'cdktfRelativeModules', 'colour'] },
      );

    expect(read).toThrow(
      [
        'Invalid synthesis options (3):',
        '- cdktf.json context "regoin" is not an option (did you mean "region"?)',
        '- cdktf.json context "colour" is not an option (options: stackName, namePrefix, region, workflowType, logLevel, logExecutionData, logRetentionDays, tags, environments, stateBackend)',
        '- IMAGE_WORKFLOW_TYPE must be one of STANDARD, EXPRESS, got: "FAST"',
      ].join('\n'),
    );
  });
});

describe('readSynthConfig: environments and stateBackend', () => {
  const fromContext = (context: Record<string, unknown>) => () => readSynthConfig((key) => context[key], {});

  it('reads environments and an S3 state backend, and derives one stack per environment with its names, region, tags and state key', () => {
    const context = {
      stackName: 'ic',
      tags: { team: 'ml' },
      environments: {
        dev: { region: 'eu-west-1', namePrefix: 'ic-dev' },
        prod: { tags: { 'cost-center': 'ml', team: 'ops' } },
      },
      stateBackend: { s3: { bucket: 'team-tf-state', region: 'us-east-2', keyPrefix: 'image-classification/' } },
    };

    const config = fromContext(context)();

    expect(stackDeployments(config)).toStrictEqual([
      {
        stackName: 'ic-dev',
        environment: 'dev',
        namePrefix: 'ic-dev',
        region: 'eu-west-1',
        tags: { team: 'ml' },
        stateBackend: {
          s3: { bucket: 'team-tf-state', key: 'image-classification/ic-dev/terraform.tfstate', region: 'us-east-2', encrypt: true },
        },
      },
      {
        stackName: 'ic-prod',
        environment: 'prod',
        namePrefix: 'image-classification-prod',
        region: 'us-east-1',
        tags: { team: 'ops', 'cost-center': 'ml' },
        stateBackend: {
          s3: { bucket: 'team-tf-state', key: 'image-classification/ic-prod/terraform.tfstate', region: 'us-east-2', encrypt: true },
        },
      },
    ]);
  });

  it('keeps one stack with a local state file in its folder by default', () => {
    expect(stackDeployments(readSynthConfig(noContext, {}))).toStrictEqual([
      {
        stackName: 'image-classification-workflow',
        environment: undefined,
        namePrefix: 'image-classification',
        region: 'us-east-1',
        tags: {},
        stateBackend: { local: { path: 'terraform.tfstate' } },
      },
    ]);
  });

  it('defaults the bucket region to the region option, and accepts {"local": {}} and encrypt', () => {
    const s3 = readSynthConfig(noContext, {
      IMAGE_WORKFLOW_REGION: 'eu-central-1',
      IMAGE_WORKFLOW_STATE_BACKEND: '{"s3":{"bucket":"state","encrypt":false}}',
    });
    const local = readSynthConfig(noContext, { IMAGE_WORKFLOW_STATE_BACKEND: '{"local":{}}' });

    expect(stackDeployments(s3)[0]!.stateBackend).toStrictEqual({
      s3: { bucket: 'state', key: 'image-classification-workflow/terraform.tfstate', region: 'eu-central-1', encrypt: false },
    });
    expect(stackDeployments(local)[0]!.stateBackend).toStrictEqual({ local: { path: 'terraform.tfstate' } });
  });

  it('lists every stateBackend problem at once: unknown keys, a missing bucket, a bad region, keyPrefix rules, a DynamoDB table', () => {
    const read = fromContext({
      stateBackend: { s3: { buckt: 'x', region: 'us-east-9', keyPrefix: '/state', dynamodbTable: 'locks', encrypt: 'yes' } },
    });

    expect(read).toThrow(
      [
        'Invalid synthesis options (6):',
        '- context "stateBackend.s3.dynamodbTable" is not an option: the state is locked by S3 itself (use_lockfile), with no DynamoDB table',
        '- context "stateBackend.s3.buckt" is not an option (did you mean "bucket"?)',
        '- context "stateBackend.s3.bucket" is required',
        '- context "stateBackend.s3.region" must be an AWS region such as us-east-1, got: "us-east-9"',
        `- context "stateBackend.s3.keyPrefix" must be empty or segments of letters, digits and ! _ . * ' ( ) -, each ending in "/" (e.g. "image-classification/"), got: "/state"`,
        '- context "stateBackend.s3.encrypt" must be true or false, got: "yes"',
      ].join('\n'),
    );
  });

  it.each([
    [{ gcs: {} }, 'context "stateBackend.gcs" is not an option (did you mean "s3"?)'],
    [{ azurerm: {} }, 'context "stateBackend.azurerm" is not an option (options: local, s3)'],
    [
      { s3: { bucket: 'a' }, local: {} },
      'context "stateBackend" must be an object with one key, "s3" or "local", got: {"s3":{"bucket":"a"},"local":{}}',
    ],
    [{ s3: { bucket: 'Team_State', keyPrefix: 'a/../' } }, 'context "stateBackend.s3.bucket" must be an S3 bucket name'],
    [{ local: { path: '/tmp/x' } }, 'context "stateBackend.local.path" is not an option (it takes none)'],
  ])('refuses the state backend %j', (stateBackend, message) => {
    expect(fromContext({ stateBackend })).toThrow(message);
  });

  it('refuses a key prefix with a . or .. segment', () => {
    expect(fromContext({ stateBackend: { s3: { bucket: 'state', keyPrefix: 'a/../' } } })).toThrow(
      'context "stateBackend.s3.keyPrefix" must be empty or segments',
    );
  });

  it('lists every environment problem at once: names, unknown keys and per-environment options', () => {
    const read = fromContext({
      environments: {
        Dev: { region: 'eu-west-1' },
        qa: { regoin: 'eu-west-1', namePrefix: 'QA', tags: { 'aws:x': 'y' } },
        staging: {},
      },
    });

    expect(read).toThrow(
      [
        'Invalid synthesis options (4):',
        '- context "environments.Dev" is not an environment name: use 1 to 32 lowercase letters, digits or -, starting with a letter and not ending with -',
        '- context "environments.qa.regoin" is not an option (did you mean "region"?)',
        '- context "environments.qa.namePrefix" must be 2 to 31 lowercase letters, digits or -, starting with a letter and not ending with -, got: "QA"',
        '- context "environments.qa.tags" tag key "aws:x" must not start with "aws:" (reserved by AWS)',
      ].join('\n'),
    );
  });

  it('checks the derived stack names, name prefixes, shared prefixes and state keys once the options themselves are valid', () => {
    const stackName = `ic-${'x'.repeat(55)}`;
    const keyPrefix = 'k/'.repeat(471);
    const read = fromContext({
      stackName,
      namePrefix: 'image-classification-pipeline',
      environments: { staging: {}, prod: { namePrefix: 'shared' }, perf: { namePrefix: 'shared' } },
      stateBackend: { s3: { bucket: 'state', keyPrefix } },
    });

    expect(read).toThrow(
      [
        'Invalid synthesis options (4):',
        `- environment "staging": its stack name "${stackName}-staging" (stackName-environment) must be a letter then up to 63 letters, digits, _ or -`,
        '- environment "staging": its name prefix "image-classification-pipeline-staging" (namePrefix-environment) must be 2 to 31 lowercase letters, digits or -, starting with a letter and not ending with -; set environments.staging.namePrefix',
        '- environments "prod" and "perf" share the name prefix "shared": their resources would collide in one account',
        `- state key ${keyPrefix}${stackName}-staging/terraform.tfstate is 1026 bytes, more than S3's 1024`,
      ].join('\n'),
    );
  });

  it('reads environments from IMAGE_WORKFLOW_ENVIRONMENTS, naming the variable in its problems', () => {
    expect(() => readSynthConfig(noContext, { IMAGE_WORKFLOW_ENVIRONMENTS: '{"dev":{"region":"mars-1"}}' })).toThrow(
      'Invalid synthesis options (1):\n- IMAGE_WORKFLOW_ENVIRONMENTS dev.region must be an AWS region such as us-east-1, got: "mars-1"',
    );
    expect(() => readSynthConfig(noContext, { IMAGE_WORKFLOW_ENVIRONMENTS: '["dev"]' })).toThrow(
      'IMAGE_WORKFLOW_ENVIRONMENTS must be an object of environments such as {"dev": {"region": "eu-west-1"}}, got: "[\\"dev\\"]"',
    );
  });
});

describe('projectSynthConfig', () => {
  const projects: string[] = [];
  const project = (cdktfJson: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'project-'));
    projects.push(dir);
    writeFileSync(join(dir, 'cdktf.json'), cdktfJson);
    return dir;
  };
  afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('names cdktf.json when it is not JSON, with every other problem, instead of a stack trace', () => {
    const dir = project('{ "app": "node x", "context": { "region": "us-east-1", } }');

    const read = () => projectSynthConfig(dir, { IMAGE_WORKFLOW_LOG_LEVEL: 'DEBUG' });

    expect(read).toThrow(InvalidSynthConfig);
    expect(read).toThrow(
      new RegExp(
        `^Invalid synthesis options \\(2\\):\\n- ${join(dir, 'cdktf.json').replaceAll('/', '\\/')} is not valid JSON: .+\\n- IMAGE_WORKFLOW_LOG_LEVEL must be one of ALL, ERROR, FATAL, OFF, got: "DEBUG"$`,
      ),
    );
  });

  it('reports a misspelled key in the cdktf.json context, and a CDKTF_CONTEXT_JSON that is not JSON', () => {
    const dir = project(JSON.stringify({ context: { regoin: 'eu-west-1' } }));

    expect(() => projectSynthConfig(dir, { CDKTF_CONTEXT_JSON: '{nope' })).toThrow(
      /^Invalid synthesis options \(2\):\n- CDKTF_CONTEXT_JSON is not valid JSON: .+\n- cdktf.json context "regoin" is not an option \(did you mean "region"\?\)$/,
    );
  });
});
