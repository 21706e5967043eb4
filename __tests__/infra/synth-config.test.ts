import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectSynthConfig } from '../../infra/app';
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
        '- IMAGE_WORKFLOW_NAME_PREFIX must be 2 to 31 lowercase letters, digits or -, starting with a letter, got: "Has Spaces"',
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
        '- cdktf.json context "colour" is not an option (options: stackName, namePrefix, region, workflowType, logLevel, logExecutionData, logRetentionDays, tags)',
        '- IMAGE_WORKFLOW_TYPE must be one of STANDARD, EXPRESS, got: "FAST"',
      ].join('\n'),
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
