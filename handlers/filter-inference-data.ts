import { ThresholdConfidenceNotMet } from './errors';
import { isObject, readInferences, readLocation, unwrapBody } from './envelope';
import type { Envelope } from './envelope';

interface FilterConfiguration {
  readonly threshold: number;
}

/** Passes the envelope on unchanged when the highest score reaches the threshold. */
function filterInferenceData(event: unknown, { threshold }: FilterConfiguration): Envelope {
  const body = unwrapBody(event);
  const location = readLocation(body);
  const highest = Math.max(...readInferences(body));
  if (highest < threshold) {
    throw new ThresholdConfidenceNotMet(
      `Highest inference ${highest} is below the confidence threshold ${threshold}: s3://${location.bucket}/${location.key}`,
    );
  }
  const passedThrough = isObject(event) && isObject(event.body) ? event : { statusCode: 200, body };
  return passedThrough as unknown as Envelope;
}

export { filterInferenceData };
export type { FilterConfiguration };
