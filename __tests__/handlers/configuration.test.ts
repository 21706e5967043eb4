import { InvalidConfiguration } from '../../handlers/errors';
import { ENVIRONMENT_VARIABLES, defaultEnvironment } from '../../contract/environment';
import type { EnvironmentVariableName } from '../../contract/environment';
import { readEnvironmentVariable } from '../../handlers/configuration';
import { thrownBy } from '../helpers/thrown-by';

const ENDPOINT_NAME_RULE =
  'ENDPOINT_NAME must be a SageMaker endpoint name (^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$, at most 63 characters), got:';

describe('readEnvironmentVariable ENDPOINT_NAME', () => {
  it.each(['image-classification-2026', 'a', 'A1', 'a--b', 'x'.repeat(63), `a${'-b'.repeat(31)}`])(
    'returns the valid SageMaker endpoint name %p',
    (name) => {
      expect(readEnvironmentVariable({ ENDPOINT_NAME: name }, 'ENDPOINT_NAME')).toBe(name);
    },
  );

  it.each([
    ['unset', undefined, 'unset'],
    ['empty', '', '""'],
    ['with a leading hyphen', '-leading-dash', '"-leading-dash"'],
    ['with a trailing hyphen', 'trailing-dash-', '"trailing-dash-"'],
    ['with an underscore', 'has_underscore', '"has_underscore"'],
    ['with a dot', 'image.classifier', '"image.classifier"'],
    ['of 64 characters', 'x'.repeat(64), `"${'x'.repeat(64)}"`],
  ])('rejects a name %s with a clear message', (_, value, shown) => {
    expect(() => readEnvironmentVariable({ ENDPOINT_NAME: value }, 'ENDPOINT_NAME')).toThrow(
      new InvalidConfiguration(`${ENDPOINT_NAME_RULE} ${shown}`),
    );
  });

  it('rejects a name that fits the pattern but is 187 characters long', () => {
    const name = `a${'--b'.repeat(62)}`;

    expect(name).toHaveLength(187);
    expect(() => readEnvironmentVariable({ ENDPOINT_NAME: name }, 'ENDPOINT_NAME')).toThrow(
      new InvalidConfiguration(`${ENDPOINT_NAME_RULE} "${name}"`),
    );
  });
});

describe('readEnvironmentVariable CONFIDENCE_THRESHOLD', () => {
  it('defaults to 0.93 when unset or empty', () => {
    expect(readEnvironmentVariable({}, 'CONFIDENCE_THRESHOLD')).toBe(0.93);
    expect(readEnvironmentVariable({ CONFIDENCE_THRESHOLD: '' }, 'CONFIDENCE_THRESHOLD')).toBe(0.93);
  });

  it('reads a threshold in (0, 1]', () => {
    expect(readEnvironmentVariable({ CONFIDENCE_THRESHOLD: '1' }, 'CONFIDENCE_THRESHOLD')).toBe(1);
    expect(readEnvironmentVariable({ CONFIDENCE_THRESHOLD: '0.5' }, 'CONFIDENCE_THRESHOLD')).toBe(0.5);
    expect(readEnvironmentVariable({ CONFIDENCE_THRESHOLD: '0.0001' }, 'CONFIDENCE_THRESHOLD')).toBe(0.0001);
  });

  it('reads 15 decimal places, which a JavaScript number holds as written', () => {
    expect(readEnvironmentVariable({ CONFIDENCE_THRESHOLD: '0.000000000000001' }, 'CONFIDENCE_THRESHOLD')).toBe(1e-15);
  });

  // Terraform writes a number in plain decimals without trailing zeros (tostring(1e-400) is 0.000…1, tostring(1.0) is 1).
  it.each([
    '0',
    '-0.1',
    '1.01',
    'high',
    'NaN',
    'Infinity',
    '0x1',
    '0b1',
    ' 0.5 ',
    `0.${'0'.repeat(399)}1`,
    '0.0000000000000001',
    '1e-3',
    '1.0',
  ])('rejects %p', (value) => {
    expect(() => readEnvironmentVariable({ CONFIDENCE_THRESHOLD: value }, 'CONFIDENCE_THRESHOLD')).toThrow(
      new InvalidConfiguration(`CONFIDENCE_THRESHOLD must be a number in (0, 1] with at most 15 decimal places, got: "${value}"`),
    );
  });
});

describe('readEnvironmentVariable', () => {
  it('reads each variable by name', () => {
    const env = { ENDPOINT_NAME: 'image-classification-2026', CONFIDENCE_THRESHOLD: '0.8', MAX_IMAGE_BYTES: '4194304', MAX_SCORES: '1000' };

    expect({
      endpointName: readEnvironmentVariable(env, 'ENDPOINT_NAME'),
      threshold: readEnvironmentVariable(env, 'CONFIDENCE_THRESHOLD'),
      maxImageBytes: readEnvironmentVariable(env, 'MAX_IMAGE_BYTES'),
      maxScores: readEnvironmentVariable(env, 'MAX_SCORES'),
    }).toStrictEqual({ endpointName: 'image-classification-2026', threshold: 0.8, maxImageBytes: 4_194_304, maxScores: 1000 });
  });

  it.each([
    ['MAX_IMAGE_BYTES', 6_291_456],
    ['MAX_SCORES', 10_000],
  ] as const)('defaults %s to its limit when unset or empty', (name, limit) => {
    expect(readEnvironmentVariable({}, name)).toBe(limit);
    expect(readEnvironmentVariable({ [name]: '' }, name)).toBe(limit);
  });

  it.each([
    ['MAX_IMAGE_BYTES', '1', 1],
    ['MAX_IMAGE_BYTES', '6291456', 6_291_456],
    ['MAX_SCORES', '1', 1],
    ['MAX_SCORES', '10000', 10_000],
  ] as const)('reads %s=%s', (name, raw, value) => {
    expect(readEnvironmentVariable({ [name]: raw }, name)).toBe(value);
  });

  it.each(
    (
      [
        ['MAX_IMAGE_BYTES', 6_291_456, ['0', '6291457', '-1', '5.5', '5e6', '0x100', ' 100', '6MB']],
        ['MAX_SCORES', 10_000, ['0', '10001', '1.0', 'many']],
      ] as const
    ).flatMap(([name, limit, values]) => values.map((raw) => [name, limit, raw] as const)),
  )('rejects %s above its limit %s or not a whole number: %p', (name, limit, raw) => {
    expect(() => readEnvironmentVariable({ [name]: raw }, name)).toThrow(
      new InvalidConfiguration(`${name} must be a whole number from 1 to ${limit}, got: ${JSON.stringify(raw)}`),
    );
  });

  it('rejects ENDPOINT_NAME by the same rule for every caller', () => {
    expect(() => readEnvironmentVariable({ ENDPOINT_NAME: 'not_valid' }, 'ENDPOINT_NAME')).toThrow(
      new InvalidConfiguration(`${ENDPOINT_NAME_RULE} "not_valid"`),
    );
  });
});

describe('readEnvironmentVariable for the model', () => {
  it('defaults the answer format to auto, Accept to application/json and leaves the rest unset', () => {
    expect(readEnvironmentVariable({}, 'ENDPOINT_RESPONSE_FORMAT')).toBe('auto');
    expect(readEnvironmentVariable({ ENDPOINT_ACCEPT: '' }, 'ENDPOINT_ACCEPT')).toBe('application/json');
    for (const name of [
      'ENDPOINT_CONTENT_TYPE',
      'ENDPOINT_TARGET_MODEL',
      'ENDPOINT_TARGET_VARIANT',
      'ENDPOINT_INFERENCE_COMPONENT',
      'CLASS_LABELS_OBJECT',
    ] as const) {
      expect(readEnvironmentVariable({ [name]: '' }, name)).toBeUndefined();
    }
  });

  it.each([
    ['ENDPOINT_RESPONSE_FORMAT', 'jumpstart'],
    ['ENDPOINT_CONTENT_TYPE', 'application/x-image'],
    ['ENDPOINT_ACCEPT', 'application/json;verbose'],
    ['ENDPOINT_TARGET_MODEL', 'models/resnet 50.tar.gz'],
    ['ENDPOINT_TARGET_VARIANT', 'variant-b'],
    ['ENDPOINT_INFERENCE_COMPONENT', 'resnet-50-component'],
  ] as const)('reads %s=%p as Terraform writes it', (name, value) => {
    expect(readEnvironmentVariable({ [name]: value }, name)).toBe(value);
  });

  it('reads CLASS_LABELS_OBJECT as the bucket and key of the labels object', () => {
    const env = { CLASS_LABELS_OBJECT: 's3://images/classification-results/configuration/class-labels-0a1b.json' };

    expect(readEnvironmentVariable(env, 'CLASS_LABELS_OBJECT')).toStrictEqual({
      bucket: 'images',
      key: 'classification-results/configuration/class-labels-0a1b.json',
    });
  });

  const MEDIA_TYPE =
    'a MIME type such as application/x-image or application/json;verbose (type/subtype, then ;parameters), at most 1024 characters';
  const SAGEMAKER_NAME = 'a SageMaker name (^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$, at most 63 characters)';

  it.each([
    ['ENDPOINT_RESPONSE_FORMAT', 'json', 'one of auto, seed, huggingface, jumpstart, torchserve, tensorflow'],
    ['ENDPOINT_ACCEPT', 'json', MEDIA_TYPE],
    ['ENDPOINT_CONTENT_TYPE', 'image/png\nX-Other: 1', `empty or ${MEDIA_TYPE}`],
    [
      'ENDPOINT_TARGET_MODEL',
      ' model.tar.gz',
      'empty or a model path on a multi-model endpoint (printable ASCII, not starting with a space, at most 1024 characters)',
    ],
    ['ENDPOINT_TARGET_VARIANT', 'under_score', `empty or ${SAGEMAKER_NAME}`],
    ['ENDPOINT_INFERENCE_COMPONENT', 'c'.repeat(64), `empty or ${SAGEMAKER_NAME}`],
    ['CLASS_LABELS_OBJECT', 'images/labels.json', 'empty or s3://bucket/key'],
  ] as const)('rejects %s=%p with InvalidConfiguration saying what it must be', (name, value, must) => {
    const error = thrownBy(() => readEnvironmentVariable({ [name]: value }, name));

    expect(error).toBeInstanceOf(InvalidConfiguration);
    expect(error.message).toBe(`${name} must be ${must}, got: ${JSON.stringify(value)}`);
  });
});

describe('defaultEnvironment', () => {
  it('writes each variable so that it reads as its default, and the endpoint name as given', () => {
    const env = defaultEnvironment('image-classification-2026');

    for (const name of Object.keys(ENVIRONMENT_VARIABLES) as EnvironmentVariableName[]) {
      const expected = name === 'ENDPOINT_NAME' ? 'image-classification-2026' : readEnvironmentVariable({}, name);
      expect([name, readEnvironmentVariable(env, name)]).toStrictEqual([name, expected]);
    }
  });
});
