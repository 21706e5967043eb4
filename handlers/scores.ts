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
 * The top class of a classification: its label when the classes are named (by the model, or by
 * `class_labels` for an answer by index: see endpoint-response.ts), else `class <index>`.
 */
function topClass({ scores, labels }: ClassScores): TopClass {
  const index = highestScoreIndex(scores);
  return { label: labels?.[index] ?? unnamedClass(index), score: scores[index]! };
}

export { highestScoreIndex, topClass };
