import { ThresholdConfidenceNotMet } from '../../handlers/errors';
import { filterInferenceData } from '../../handlers/filter-inference-data';
import { highestScoreIndex, topClass } from '../../handlers/scores';
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
  it('returns the top class when its score reaches the threshold', () => {
    expect(filterInferenceData(filterEvent(0.9987), configuration)).toStrictEqual({ label: 'bicycle', score: 0.9987 });
  });

  it('passes when the top score is exactly the threshold', () => {
    expect(filterInferenceData(filterEvent(0.93), configuration)).toStrictEqual({ label: 'bicycle', score: 0.93 });
  });

  it('throws ThresholdConfidenceNotMet below the threshold, naming the label, its score, the threshold and the image', () => {
    expect(thrownBy(() => filterInferenceData(filterEvent(0.7, 'tabby, tabby cat'), configuration))).toStrictEqual(
      new ThresholdConfidenceNotMet(
        "Top label 'tabby, tabby cat' scored 0.7, below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png",
      ),
    );
  });

  it('throws ThresholdConfidenceNotMet just below the threshold', () => {
    expect(thrownBy(() => filterInferenceData(filterEvent(0.9299999), configuration))).toStrictEqual(
      new ThresholdConfidenceNotMet(
        "Top label 'bicycle' scored 0.9299999, below the confidence threshold 0.93: s3://images/test/bicycle_s_000513.png",
      ),
    );
  });

  it('uses the configured threshold', () => {
    expect(filterInferenceData(filterEvent(0.6), { threshold: 0.5 })).toStrictEqual({ label: 'bicycle', score: 0.6 });
  });

  it('trusts the top class and the reference classify passed on: a key serialize would refuse is still only filtered', () => {
    const unchecked = { ...IMAGE, s3_bucket: 'Not_A_Bucket', s3_key: 'k'.repeat(2_000) };

    expect(filterInferenceData(filterEvent(0.99, 'class 1', unchecked), configuration)).toStrictEqual({ label: 'class 1', score: 0.99 });
    expect(thrownBy(() => filterInferenceData(filterEvent(0.5, 'class 0', unchecked), configuration))).toStrictEqual(
      new ThresholdConfidenceNotMet(
        `Top label 'class 0' scored 0.5, below the confidence threshold 0.93: s3://Not_A_Bucket/${'k'.repeat(2_000)}`,
      ),
    );
  });
});

describe('topClass', () => {
  it('names the top score by its label, else by its index', () => {
    const scores = [0.2, 0.7, 0.1];

    expect(topClass({ scores, labels: ['a', 'b', 'c'] })).toStrictEqual({ label: 'b', score: 0.7 });
    expect(topClass({ scores })).toStrictEqual({ label: 'class 1', score: 0.7 });
  });

  it('takes the first of equal top scores', () => {
    expect(highestScoreIndex([0.5, 0.5])).toBe(0);
    expect(topClass({ scores: [0.25, 0.5, 0.5], labels: ['a', 'b', 'c'] })).toStrictEqual({ label: 'b', score: 0.5 });
  });

  it('handles 125,662 scores, more than spreading into Math.max allows', () => {
    expect(highestScoreIndex(manyScores(125_662, 0.42, 125_661))).toBe(125_661);
    expect(topClass({ scores: manyScores(125_662, 0.97, 125_000) })).toStrictEqual({ label: 'class 125000', score: 0.97 });
  });
});
