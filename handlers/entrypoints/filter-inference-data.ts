import { readEnvironmentVariable } from '../configuration';
import { filterInferenceData } from '../filter-inference-data';
import { withInvocationLog } from '../invocation-log';
import { classificationMetrics } from '../metrics';

const threshold = readEnvironmentVariable(process.env, 'CONFIDENCE_THRESHOLD');
const maxScores = readEnvironmentVariable(process.env, 'MAX_SCORES');

export const handler = withInvocationLog('filterInferenceData', (event) => filterInferenceData(event, { threshold, maxScores }), {
  measure: classificationMetrics(threshold),
});
