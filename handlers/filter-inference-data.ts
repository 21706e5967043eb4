import { highestScore, readInferences, readLocation, unwrapBody } from './envelope';
import type { Envelope } from './envelope';
import { ThresholdConfidenceNotMet, s3Url } from './errors';

interface FilterConfiguration {
  readonly threshold: number;
  readonly maxScores: number;
}

/** Passes the envelope on unchanged when the highest score reaches the threshold. */
function filterInferenceData(event: unknown, { threshold, maxScores }: FilterConfiguration): Envelope {
  const body = unwrapBody(event);
  const location = readLocation(body);
  const scores = readInferences(body, maxScores);
  const highest = highestScore(scores);
  if (highest < threshold) {
    throw new ThresholdConfidenceNotMet(`Highest inference ${highest} is below the confidence threshold ${threshold}: ${s3Url(location)}`);
  }
  const imageData = typeof body.image_data === 'string' ? body.image_data : '';
  // Unchanged: the scores keep the form they came in (the original system also sent their JSON string).
  const inferences = typeof body.inferences === 'string' ? body.inferences : scores;
  return { statusCode: 200, body: { ...body, image_data: imageData, s3_bucket: location.bucket, s3_key: location.key, inferences } };
}

export { filterInferenceData };
export type { FilterConfiguration };
