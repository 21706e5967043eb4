import { CLASSIFICATION_METRICS, METRIC_NAMESPACE } from '../../contract/metrics';
import { ImageNotFound, ImageSuperseded } from '../../handlers/errors';
import { classificationMetrics, embeddedMetrics, supersededMetrics } from '../../handlers/metrics';
import { embeddedMetricFormatProblems } from '../helpers/embedded-metric-format';
import { filterEvent } from './payloads';

describe('classificationMetrics', () => {
  const measure = classificationMetrics(0.93);

  it("measures the top score of the filter's event and that it reached the threshold", () => {
    expect(measure(filterEvent(0.98))).toStrictEqual({ topConfidence: 0.98, belowThreshold: 0, classifications: 1 });
  });

  it('counts a top score below the threshold', () => {
    expect(measure(filterEvent(0.6))).toStrictEqual({ topConfidence: 0.6, belowThreshold: 1, classifications: 1 });
  });

  it('counts a top score of exactly the threshold as reaching it', () => {
    expect(measure(filterEvent(0.93))).toStrictEqual({ topConfidence: 0.93, belowThreshold: 0, classifications: 1 });
  });

  it('measures nothing for an event without a score', () => {
    const { score: _, ...withoutScore } = filterEvent(0.5);

    expect(measure(filterEvent(Number.NaN))).toBeUndefined();
    expect(measure(withoutScore as never)).toBeUndefined();
  });
});

describe('supersededMetrics', () => {
  const location = { bucket: 'images', key: 'a.png' };

  it('counts one Superseded when serialize failed with ImageSuperseded', () => {
    expect(supersededMetrics({}, new ImageSuperseded(location, 'a', 'b'))).toStrictEqual({ superseded: 1 });
  });

  it('recognises the error by its name, as it arrives from another bundle', () => {
    expect(supersededMetrics({}, Object.assign(new Error('replaced'), { name: 'ImageSuperseded' }))).toStrictEqual({ superseded: 1 });
  });

  it('measures nothing on success or on any other error', () => {
    expect(supersededMetrics({})).toBeUndefined();
    expect(supersededMetrics({}, new ImageNotFound(location))).toBeUndefined();
  });
});

describe('embeddedMetrics', () => {
  it('declares each metric with its unit under the FunctionName dimension, as members of the line', () => {
    const members = embeddedMetrics({ topConfidence: 0.98, belowThreshold: 0 }, 'prod-filterInferenceData', 1_764_000_000_000);

    expect(members).toStrictEqual({
      _aws: {
        Timestamp: 1_764_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: METRIC_NAMESPACE,
            Dimensions: [['FunctionName']],
            Metrics: [
              { Name: 'TopConfidence', Unit: 'None' },
              { Name: 'BelowThreshold', Unit: 'Count' },
            ],
          },
        ],
      },
      FunctionName: 'prod-filterInferenceData',
      TopConfidence: 0.98,
      BelowThreshold: 0,
    });
    expect(embeddedMetricFormatProblems(JSON.stringify(members))).toStrictEqual([]);
  });

  it('writes nothing when there is no finite value', () => {
    expect(embeddedMetrics({ topConfidence: Number.NaN }, 'f', 1_764_000_000_000)).toBeUndefined();
  });

  it('names every metric of the contract with a CloudWatch unit', () => {
    const all = embeddedMetrics({ topConfidence: 1, belowThreshold: 0, classifications: 1 }, 'f', 1_764_000_000_000)!;

    expect(all._aws.CloudWatchMetrics[0]!.Metrics.map((metric) => metric.Name)).toStrictEqual(
      Object.values(CLASSIFICATION_METRICS).map((metric) => metric.name),
    );
    expect(embeddedMetricFormatProblems(JSON.stringify(all))).toStrictEqual([]);
  });
});

describe('the embedded metric format validator', () => {
  it('reports what the specification forbids', () => {
    const line = {
      _aws: {
        Timestamp: '2026-11-25',
        CloudWatchMetrics: [
          {
            Namespace: ' ',
            Dimensions: [['Missing'], Array.from({ length: 31 }, (_, i) => `d${i}`)],
            Metrics: [{ Name: 'Absent', Unit: 'Furlongs' }],
          },
        ],
      },
      ...Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, 'v'])),
    };

    expect(embeddedMetricFormatProblems(JSON.stringify(line))).toStrictEqual([
      '_aws.Timestamp must be epoch milliseconds',
      '_aws.CloudWatchMetrics[0].Namespace must be 1-255 characters, not blank',
      '_aws.CloudWatchMetrics[0].Dimensions[0]: dimension "Missing" must be a top-level string member of 1-1024 characters',
      '_aws.CloudWatchMetrics[0].Dimensions[1] has 31 keys, over 30',
      '_aws.CloudWatchMetrics[0].Metrics[0].Unit "Furlongs" is not a CloudWatch unit',
      '_aws.CloudWatchMetrics[0].Metrics[0]: metric "Absent" must be a top-level number or array of 1-100 numbers',
    ]);
  });

  it('rejects more than 100 metrics in a directive', () => {
    const metrics = Array.from({ length: 101 }, (_, i) => `m${i}`);
    const line = {
      _aws: {
        Timestamp: 1_764_000_000_000,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [], Metrics: metrics.map((Name) => ({ Name })) }],
      },
      ...Object.fromEntries(metrics.map((m) => [m, 1])),
    };

    expect(embeddedMetricFormatProblems(JSON.stringify(line))).toStrictEqual([
      '_aws.CloudWatchMetrics[0].Metrics has 101 metrics, over 100',
    ]);
  });
});
