import type { FilterEvent, Verdict } from '../contract/step-payloads';
import { ThresholdConfidenceNotMet, locationOf, s3Url } from './errors';
import { highestScore } from './scores';

interface FilterConfiguration {
  readonly threshold: number;
}

/** The top score when it reaches the threshold; ThresholdConfidenceNotMet otherwise. The scores are classify's, already checked. */
function filterInferenceData({ image, inferences }: FilterEvent, { threshold }: FilterConfiguration): Verdict {
  const topScore = highestScore(inferences);
  if (topScore < threshold) {
    throw new ThresholdConfidenceNotMet(
      `Highest inference ${topScore} is below the confidence threshold ${threshold}: ${s3Url(locationOf(image))}`,
    );
  }
  return { top_score: topScore };
}

export { filterInferenceData };
