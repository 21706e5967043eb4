import type { FilterEvent } from '../../contract/step-payloads';
import { readEnvironmentVariable } from '../configuration';
import { filterInferenceData } from '../filter-inference-data';
import { withInvocationLog } from '../invocation-log';
import { classificationMetrics } from '../metrics';

const threshold = readEnvironmentVariable(process.env, 'CONFIDENCE_THRESHOLD');

export const handler = withInvocationLog('filterInferenceData', (event: FilterEvent) => filterInferenceData(event, { threshold }), {
  measure: classificationMetrics(threshold),
});
