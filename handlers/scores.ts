import type { ClassScores } from '../contract/endpoint-response';
import { unnamedClass } from '../contract/step-payloads';
import type { TopClass } from '../contract/step-payloads';

/** The index of the highest score (the first of equal ones); a loop, since spreading thousands of scores into Math.max overflows the stack. */
function highestScoreIndex(scores: readonly number[]): number {
  let highest = 0;
  for (let index = 1; index < scores.length; index++) if (scores[index]! > scores[highest]!) highest = index;
  return highest;
}

/**
 * The top class of a classification: the model's own label for it when the answer names its classes,
 * else `classLabels`' name at its index, else `class <index>`.
 */
function topClass({ scores, labels }: ClassScores, classLabels?: readonly string[]): TopClass {
  const index = highestScoreIndex(scores);
  return { label: labels?.[index] ?? classLabels?.[index] ?? unnamedClass(index), score: scores[index]! };
}

export { highestScoreIndex, topClass };
