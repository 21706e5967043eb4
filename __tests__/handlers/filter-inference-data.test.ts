import { ThresholdConfidenceNotMet, filterInferenceData } from '../../handlers';
import { highestScore } from '../../handlers/scores';
import { IMAGE, filterEvent } from './payloads';
import { thrownBy } from '../helpers/thrown-by';

const threshold = 0.93;
const configuration = { threshold };

/** `count` scores of 0.0001 with `highest` at index `at`. */
function manyScores(count: number, highest: number, at: number): number[] {
  const scores = Array.from({ length: count }, () => 0.0001);
  scores[at] = highest;
  return scores;
}

describe('filterInferenceData', () => {
  it('returns the top score when it reaches the threshold', () => {
    expect(filterInferenceData(filterEvent([0.0013, 0.9987]), configuration)).toStrictEqual({ top_score: 0.9987 });
  });

  it('passes when the highest inference is exactly the threshold', () => {
    expect(filterInferenceData(filterEvent([0.07, 0.93]), configuration)).toStrictEqual({ top_score: 0.93 });
  });

  it('throws ThresholdConfidenceNotMet below the threshold, naming the score, the threshold and the image', () => {
    expect(thrownBy(() => filterInferenceData(filterEvent([0.3, 0.7]), configuration))).toStrictEqual(
      new ThresholdConfidenceNotMet('Highest inference 0.7 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png'),
    );
  });

  it('throws ThresholdConfidenceNotMet just below the threshold', () => {
    expect(thrownBy(() => filterInferenceData(filterEvent([0.0700001, 0.9299999]), configuration))).toStrictEqual(
      new ThresholdConfidenceNotMet(
        'Highest inference 0.9299999 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png',
      ),
    );
  });

  it('uses the configured threshold', () => {
    expect(filterInferenceData(filterEvent([0.4, 0.6]), { threshold: 0.5 })).toStrictEqual({ top_score: 0.6 });
  });

  it('trusts the scores and the reference classify passed on: a key serialize would refuse is still only filtered', () => {
    const unchecked = { ...IMAGE, s3_bucket: 'Not_A_Bucket', s3_key: 'k'.repeat(2_000) };

    expect(filterInferenceData(filterEvent([0.01, 0.99], unchecked), configuration)).toStrictEqual({ top_score: 0.99 });
    expect(thrownBy(() => filterInferenceData(filterEvent([0.5, 0.5], unchecked), configuration))).toStrictEqual(
      new ThresholdConfidenceNotMet(`Highest inference 0.5 is below the confidence threshold 0.93: s3://Not_A_Bucket/${'k'.repeat(2_000)}`),
    );
  });

  it("trusts the number of scores: more than MAX_SCORES is classify's to refuse", () => {
    expect(filterInferenceData(filterEvent(manyScores(125_662, 0.97, 125_000)), configuration)).toStrictEqual({ top_score: 0.97 });
  });

  it('throws ThresholdConfidenceNotMet for 125,662 unconfident scores, not a RangeError', () => {
    expect(thrownBy(() => filterInferenceData(filterEvent(manyScores(125_662, 0.5, 7)), configuration))).toStrictEqual(
      new ThresholdConfidenceNotMet('Highest inference 0.5 is below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png'),
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
