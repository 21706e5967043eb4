import { InvalidConfiguration } from '../../handlers';
import { readConfidenceThreshold, readEndpointName } from '../../handlers/configuration';

describe('readEndpointName', () => {
  it('returns a valid SageMaker endpoint name', () => {
    expect(readEndpointName({ ENDPOINT_NAME: 'image-classification-2026' })).toBe('image-classification-2026');
  });

  it.each([undefined, '', '-leading-dash', 'has_underscore', 'x'.repeat(64)])('rejects %p with a clear message', (value) => {
    expect(() => readEndpointName({ ENDPOINT_NAME: value })).toThrow(
      new InvalidConfiguration(
        `ENDPOINT_NAME must be a SageMaker endpoint name (^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$), got: ${JSON.stringify(value) ?? 'unset'}`,
      ),
    );
  });
});

describe('readConfidenceThreshold', () => {
  it('defaults to 0.93 when unset or empty', () => {
    expect(readConfidenceThreshold({})).toBe(0.93);
    expect(readConfidenceThreshold({ CONFIDENCE_THRESHOLD: '' })).toBe(0.93);
  });

  it('reads a threshold in (0, 1]', () => {
    expect(readConfidenceThreshold({ CONFIDENCE_THRESHOLD: '1' })).toBe(1);
    expect(readConfidenceThreshold({ CONFIDENCE_THRESHOLD: '0.5' })).toBe(0.5);
  });

  it.each(['0', '-0.1', '1.01', 'high', 'NaN'])('rejects %p', (value) => {
    expect(() => readConfidenceThreshold({ CONFIDENCE_THRESHOLD: value })).toThrow(
      new InvalidConfiguration(`CONFIDENCE_THRESHOLD must be a number in (0, 1], got: "${value}"`),
    );
  });
});
