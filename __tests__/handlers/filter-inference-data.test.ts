import { InvalidInput, ThresholdConfidenceNotMet, filterInferenceData } from '../../handlers';
import { highestScore } from '../../handlers/envelope';
import { referenceEnvelope } from './envelopes';

const threshold = 0.93;
const configuration = { threshold, maxScores: 10_000 };

/** The classifier's output. */
const envelope = referenceEnvelope;

/** `count` scores of 0.0001 with `highest` at index `at`. */
function manyScores(count: number, highest: number, at: number): number[] {
  const scores = Array.from({ length: count }, () => 0.0001);
  scores[at] = highest;
  return scores;
}

describe('filterInferenceData', () => {
  it('passes a confident envelope on unchanged', () => {
    const input = envelope([0.0013, 0.9987]);

    expect(filterInferenceData(input, configuration)).toStrictEqual(input);
  });

  it('passes when the highest inference is exactly the threshold', () => {
    const input = envelope([0.07, 0.93]);

    expect(filterInferenceData(input, configuration)).toStrictEqual(input);
  });

  it('throws ThresholdConfidenceNotMet just below the threshold, naming the image', () => {
    expect(() => filterInferenceData(envelope([0.0700001, 0.9299999]), configuration)).toThrow(
      new ThresholdConfidenceNotMet(
        'Highest inference 0.9299999 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png',
      ),
    );
  });

  it('accepts the JSON string form of inferences the original system produced, and keeps it a string', () => {
    const input = envelope('[0.0013, 0.9987]');

    expect(filterInferenceData(input, configuration)).toStrictEqual(input);
  });

  it('rejects an unconfident JSON string form too', () => {
    expect(() => filterInferenceData(envelope('[0.6, 0.4]'), configuration)).toThrow(
      new ThresholdConfidenceNotMet('Highest inference 0.6 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png'),
    );
  });

  it('wraps a bare body into the envelope', () => {
    const body = envelope([0.01, 0.99]).body;

    expect(filterInferenceData(body, configuration)).toStrictEqual({ statusCode: 200, body });
  });

  it('reads a body given as a JSON string', () => {
    const body = envelope([0.01, 0.99]).body;

    expect(filterInferenceData({ statusCode: 200, body: JSON.stringify(body) }, configuration)).toStrictEqual({ statusCode: 200, body });
  });

  it("keeps the body's other fields, the original system's included", () => {
    const input = envelope([0.01, 0.99], { source: 'console-upload', labels: ['bicycle', 'motorcycle'] });

    expect(filterInferenceData(input, configuration)).toStrictEqual(input);
  });

  it('fills in an empty image_data when the input has none', () => {
    const { image_data: _, ...body } = envelope([0.01, 0.99]).body;

    expect(filterInferenceData({ statusCode: 200, body }, configuration)).toStrictEqual(envelope([0.01, 0.99]));
  });

  it('uses the configured threshold', () => {
    expect(filterInferenceData(envelope([0.4, 0.6]), { ...configuration, threshold: 0.5 }).body.inferences).toStrictEqual([0.4, 0.6]);
  });

  it('finds the highest of 125,662 scores without overflowing the stack', () => {
    const input = envelope(manyScores(125_662, 0.97, 125_000));

    expect(filterInferenceData(input, { threshold, maxScores: 200_000 })).toStrictEqual(input);
  });

  it('throws ThresholdConfidenceNotMet for 125,662 unconfident scores, not a RangeError', () => {
    expect(() => filterInferenceData(envelope(manyScores(125_662, 0.5, 7)), { threshold, maxScores: 200_000 })).toThrow(
      new ThresholdConfidenceNotMet('Highest inference 0.5 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png'),
    );
  });

  it('accepts exactly maxScores scores', () => {
    const input = envelope([0.02, 0.03, 0.95]);

    expect(filterInferenceData(input, { threshold, maxScores: 3 })).toStrictEqual(input);
  });

  it('throws InvalidInput for more than maxScores scores', () => {
    expect(() => filterInferenceData(envelope(manyScores(125_662, 0.97, 0)), configuration)).toThrow(
      new InvalidInput('"inferences" holds 125662 scores, more than the 10000 allowed'),
    );
  });

  it('counts the scores of the JSON string form against maxScores too', () => {
    expect(() => filterInferenceData(envelope('[0.01, 0.02, 0.97]'), { threshold, maxScores: 2 })).toThrow(
      new InvalidInput('"inferences" holds 3 scores, more than the 2 allowed'),
    );
  });

  it.each([
    ['missing', undefined, 'undefined'],
    ['empty', [], '[]'],
    ['not JSON', '[0.1, ', '"[0.1, "'],
    ['out of range', [0.2, 1.2], '[0.2,1.2]'],
    ['NaN-like', ['NaN'], '["NaN"]'],
    ['null', null, 'null'],
  ])('throws InvalidInput when inferences are %s', (_, inferences, shown) => {
    expect(() => filterInferenceData(envelope(inferences), configuration)).toThrow(
      new InvalidInput(`"inferences" must be a non-empty array of numbers in [0, 1] (or its JSON string), got: ${shown}`),
    );
  });

  it('throws InvalidInput for an invalid location before looking at the scores', () => {
    expect(() => filterInferenceData(envelope([0.01, 0.99], { s3_bucket: '192.168.0.1' }), configuration)).toThrow(
      new InvalidInput(
        'Invalid input: "s3_bucket" must be an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens), got: "192.168.0.1"',
      ),
    );
  });
});

describe('highestScore', () => {
  it('returns the largest score wherever it is', () => {
    expect(highestScore([0.2, 0.7, 0.1])).toBe(0.7);
    expect(highestScore([0.9, 0.05, 0.05])).toBe(0.9);
    expect(highestScore([0.05, 0.05, 0.9])).toBe(0.9);
  });

  it('handles 125,662 scores, more than spreading into Math.max allows', () => {
    expect(highestScore(manyScores(125_662, 0.42, 125_661))).toBe(0.42);
  });
});
