import type { FilterEvent, Verdict } from '../contract/step-payloads';
import { ThresholdConfidenceNotMet, locationOf, s3Url } from './errors';

interface FilterConfiguration {
  readonly threshold: number;
}

/** The top class when its score reaches the threshold; ThresholdConfidenceNotMet otherwise. The top class is classify's, already checked. */
function filterInferenceData({ image, label, score }: FilterEvent, { threshold }: FilterConfiguration): Verdict {
  if (score < threshold) {
    throw new ThresholdConfidenceNotMet(
      `Top label '${label}' scored ${score}, below the confidence threshold ${threshold}: ${s3Url(locationOf(image))}`,
    );
  }
  return { label, score };
}

export { filterInferenceData };
