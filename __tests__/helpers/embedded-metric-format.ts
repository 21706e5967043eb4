/**
 * A validator for the CloudWatch embedded metric format specification: returns every problem, so a
 * test can compare the list with `[]`. Rules: a root `_aws` object with `Timestamp` (epoch
 * milliseconds) and `CloudWatchMetrics`, an array of directives {Namespace, Dimensions: string[][],
 * Metrics: [{Name, Unit?, StorageResolution?}]}; at most 100 metrics per directive and 30 keys per
 * dimension set; every dimension key a top-level string member, every metric a top-level number (or
 * array of at most 100 numbers).
 */
const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);
const MAX_METRICS = 100;
const MAX_DIMENSION_KEYS = 30;
const MAX_VALUES = 100;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number) => typeof value === 'string' && value.length >= 1 && value.length <= max;

function directiveProblems(directive: unknown, at: string, root: Json): string[] {
  if (!isRecord(directive)) return [`${at} must be an object`];
  const problems: string[] = [];
  if (!isText(directive.Namespace, 255) || /^\s*$/.test(directive.Namespace as string))
    problems.push(`${at}.Namespace must be 1-255 characters, not blank`);

  if (!Array.isArray(directive.Dimensions)) problems.push(`${at}.Dimensions must be an array of dimension sets`);
  else
    directive.Dimensions.forEach((set: unknown, index) => {
      const where = `${at}.Dimensions[${index}]`;
      if (!Array.isArray(set) || !set.every((key) => typeof key === 'string')) return problems.push(`${where} must be an array of strings`);
      if (set.length > MAX_DIMENSION_KEYS) problems.push(`${where} has ${set.length} keys, over ${MAX_DIMENSION_KEYS}`);
      for (const key of set) {
        if (!isText(root[key], 1024)) problems.push(`${where}: dimension "${key}" must be a top-level string member of 1-1024 characters`);
      }
      return undefined;
    });

  if (!Array.isArray(directive.Metrics)) return [...problems, `${at}.Metrics must be an array`];
  if (directive.Metrics.length > MAX_METRICS) problems.push(`${at}.Metrics has ${directive.Metrics.length} metrics, over ${MAX_METRICS}`);
  directive.Metrics.forEach((metric: unknown, index) => {
    const where = `${at}.Metrics[${index}]`;
    if (!isRecord(metric) || !isText(metric.Name, 1024)) return problems.push(`${where} must have a Name of 1-1024 characters`);
    if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string))
      problems.push(`${where}.Unit ${JSON.stringify(metric.Unit)} is not a CloudWatch unit`);
    if (metric.StorageResolution !== undefined && metric.StorageResolution !== 1 && metric.StorageResolution !== 60)
      problems.push(`${where}.StorageResolution must be 1 or 60`);
    const value = root[metric.Name as string];
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.length > MAX_VALUES || !values.every((item) => typeof item === 'number' && Number.isFinite(item))) {
      problems.push(`${where}: metric "${metric.Name as string}" must be a top-level number or array of 1-${MAX_VALUES} numbers`);
    }
    return undefined;
  });
  return problems;
}

function embeddedMetricFormatProblems(line: string): string[] {
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return ['the line is not JSON'];
  }
  if (!isRecord(root)) return ['the line must be a JSON object'];
  const aws = root._aws;
  if (!isRecord(aws)) return ['_aws must be an object'];
  const problems: string[] = [];
  if (typeof aws.Timestamp !== 'number' || !Number.isInteger(aws.Timestamp) || aws.Timestamp < 1e12)
    problems.push('_aws.Timestamp must be epoch milliseconds');
  if (!Array.isArray(aws.CloudWatchMetrics)) return [...problems, '_aws.CloudWatchMetrics must be an array'];
  aws.CloudWatchMetrics.forEach((directive: unknown, index) =>
    problems.push(...directiveProblems(directive, `_aws.CloudWatchMetrics[${index}]`, root)),
  );
  return problems;
}

export { embeddedMetricFormatProblems };
