import { DEFAULT_SYNTH_CONFIG, InvalidSynthConfig, readSynthConfig } from '../../infra/synth-config';

const noContext = () => undefined;

describe('readSynthConfig', () => {
  it('returns the defaults with no context and no environment', () => {
    expect(readSynthConfig(noContext, {})).toStrictEqual(DEFAULT_SYNTH_CONFIG);
  });

  it('reads cdktf.json context, and lets the environment win over it', () => {
    const context: Record<string, unknown> = { namePrefix: 'from-context', workflowType: 'EXPRESS', tags: { Team: 'ml' }, logRetentionDays: 7 };

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
});
