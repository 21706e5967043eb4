import { readConfidenceThreshold } from '../configuration';
import { filterInferenceData } from '../filter-inference-data';
import { withInvocationLog } from '../invocation-log';
import { classificationMetrics } from '../metrics';

const threshold = readConfidenceThreshold(process.env);

export const handler = withInvocationLog('filterInferenceData', (event) => filterInferenceData(event, { threshold }), {
  measure: classificationMetrics(threshold),
});
