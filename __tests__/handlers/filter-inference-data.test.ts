import { InvalidInput, ThresholdConfidenceNotMet, filterInferenceData } from '../../handlers';

const threshold = 0.93;

function envelope(inferences: unknown) {
  return { statusCode: 200, body: { image_data: 'iVBORw0K', s3_bucket: 'images', s3_key: 'test/bicycle_s_000513.png', inferences } };
}

describe('filterInferenceData', () => {
  it('passes a confident envelope through unchanged', () => {
    const input = envelope([0.0013, 0.9987]);

    expect(filterInferenceData(input, { threshold })).toBe(input);
  });

  it('passes when the highest inference is exactly the threshold', () => {
    const input = envelope([0.07, 0.93]);

    expect(filterInferenceData(input, { threshold })).toBe(input);
  });

  it('throws ThresholdConfidenceNotMet just below the threshold, naming the image', () => {
    expect(() => filterInferenceData(envelope([0.0700001, 0.9299999]), { threshold })).toThrow(
      new ThresholdConfidenceNotMet(
        'Highest inference 0.9299999 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png',
      ),
    );
  });

  it('accepts the JSON string form of inferences the original system produced', () => {
    const input = envelope('[0.0013, 0.9987]');

    expect(filterInferenceData(input, { threshold })).toBe(input);
  });

  it('rejects an unconfident JSON string form too', () => {
    expect(() => filterInferenceData(envelope('[0.6, 0.4]'), { threshold })).toThrow(ThresholdConfidenceNotMet);
  });

  it('wraps a bare body into the envelope', () => {
    const body = envelope([0.01, 0.99]).body;

    expect(filterInferenceData(body, { threshold })).toStrictEqual({ statusCode: 200, body });
  });

  it('uses the configured threshold', () => {
    expect(filterInferenceData(envelope([0.4, 0.6]), { threshold: 0.5 }).body.inferences).toStrictEqual([0.4, 0.6]);
  });

  it.each([
    ['missing', undefined],
    ['empty', []],
    ['not JSON', '[0.1, '],
    ['out of range', [0.2, 1.2]],
    ['NaN-like', ['NaN']],
  ])('throws InvalidInput when inferences are %s', (_, inferences) => {
    expect(() => filterInferenceData(envelope(inferences), { threshold })).toThrow(InvalidInput);
  });
});
