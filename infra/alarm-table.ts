import { Token } from 'cdktf';
import { CLASSIFICATION_METRICS } from '../contract/metrics';
import type { TerraformVariableName } from '../contract/variables';
import type { MetricRef } from './metrics';

/** The kinds of resource the alarms watch, in the order their alarms are created. */
const WATCHED_KINDS = ['workflow', 'batch', 'function', 'endpoint', 'deadLetterQueue', 'classifier'] as const;
type WatchedKind = (typeof WATCHED_KINDS)[number];

/** One watched resource: the label that goes into its alarm names, and its metrics by name. */
interface Watched {
  readonly label: string;
  readonly metric: (metricName: string) => MetricRef;
  /** Errors the workflow expects and handles, counted by this metric: the errors alarm leaves them out. */
  readonly expectedErrors?: MetricRef;
}

interface MetricStat {
  readonly metric: MetricRef;
  /** `Sum`, `Average`, `Maximum` or a percentile such as `p90`. */
  readonly statistic: string;
  readonly periodSeconds: number;
}

interface MetricMath {
  readonly expression: string;
  readonly label: string;
  readonly inputs: Readonly<Record<string, MetricStat>>;
}

/** A number variable's validation, and values Terraform must accept and reject by it (tests/variables.tftest.hcl). */
interface NumberValidation {
  /** A Terraform condition; `VAR` stands for the variable's reference. */
  readonly rule: string;
  /** What the value must be: the error message reads `<variable> must be <mustBe>.` */
  readonly mustBe: string;
  readonly accepts: readonly number[];
  readonly rejects: readonly number[];
}

/** A Terraform variable of the alarms: ops set it per environment; its default is written here only. */
interface AlarmVariable {
  readonly default: number;
  readonly description: string;
  readonly validation: NumberValidation;
}

/** Values of the alarm variables by name: Terraform references in the stack, plain numbers in tests. */
type AlarmParameters = Readonly<Record<AlarmVariableName, number>>;
type AlarmSettings = Readonly<Record<keyof typeof ALARM_SETTINGS, number>>;

interface AlarmRow {
  /** The kinds of resource that get this alarm, one per resource. */
  readonly watches: readonly WatchedKind[];
  /** The alarm's name after `<namePrefix>-`. */
  readonly name: (label: string) => string;
  /** What it means and what to do (the README runbook has the details). */
  readonly description: (watched: Watched) => string;
  /** The metric by name and its statistic over five minutes, or what the alarm computes from the watched resource. */
  readonly metric:
    { readonly name: string; readonly statistic: string } | ((watched: Watched, settings: AlarmSettings) => MetricStat | MetricMath);
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  /** The variable holding the threshold: this row's key. */
  readonly threshold: AlarmVariable;
  /** Converts the threshold variable's unit to the metric's (milliseconds to microseconds). */
  readonly thresholdScale?: number;
  /** Consecutive periods that must breach: `alarm_evaluation_periods` unless fixed here. */
  readonly evaluationPeriods?: number;
}

const FIVE_MINUTES = 300;
const ONE_HOUR = 3600;

/** A whole number of at least `min`: the alarms that count events in five minutes. */
function wholeNumberFrom(min: number): NumberValidation {
  return {
    rule: `VAR >= ${min} && floor(VAR) == VAR`,
    mustBe: `a whole number of at least ${min}`,
    accepts: [min, 100],
    rejects: [min - 1, 2.5],
  };
}

/** An alarm on events counted over five minutes: it fires at `defaultCount` or more, a variable whole number of at least 1. */
function countThreshold(defaultCount: number, description: string): Pick<AlarmRow, 'comparison' | 'threshold'> {
  return {
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: { default: defaultCount, description, validation: wholeNumberFrom(1) },
  };
}

/**
 * Settings every alarm, or one of them, reads besides its threshold. They count as alarm variables:
 * declared, validated and exemplified from here.
 */
const ALARM_SETTINGS = {
  alarm_evaluation_periods: {
    default: 1,
    description: 'Consecutive 5-minute periods a workflow, function, endpoint or queue alarm must breach before it fires.',
    validation: {
      rule: 'VAR >= 1 && VAR <= 288 && floor(VAR) == VAR',
      mustBe: 'a whole number from 1 to 288 (a day of 5-minute periods)',
      accepts: [1, 288],
      rejects: [0, 289, 1.5],
    },
  },
  below_threshold_min_classifications: {
    default: 10,
    description:
      'Classifications an hour needs before its share below the threshold is judged, so one image in a quiet hour does not page.',
    validation: wholeNumberFrom(1),
  },
} satisfies Partial<Record<TerraformVariableName, AlarmVariable>>;

/**
 * Every alarm, a row per failure mode, keyed by the Terraform variable that holds its threshold;
 * each resource of a kind a row watches gets the row's alarm.
 */
const ALARM_ROWS = {
  executions_failed_threshold: {
    watches: ['workflow'],
    name: (label) => `${label}-executions-failed`,
    description: ({ label }) =>
      `Executions of ${label} are failing in bulk (images below the confidence threshold count too). Read the failure emails or the execution history by error name.`,
    metric: { name: 'ExecutionsFailed', statistic: 'Sum' },
    ...countThreshold(
      5,
      'Failed executions of a state machine in 5 minutes that raise the alarm (images below the confidence threshold fail too).',
    ),
  },
  /**
   * AWS/States has no per-Map-Run metric (its Map Run metrics are account-wide gauges of open and
   * backlogged runs), so a failed run is the batch execution's ExecutionsFailed: a Map Run whose
   * failed items exceed its tolerated failures fails its execution.
   */
  batch_executions_failed_threshold: {
    watches: ['batch'],
    name: (label) => `${label}-run-failed`,
    description: ({ label }) =>
      `A batch run of ${label} failed: its Map Run exceeded the tolerated failed items, or the run itself failed. Open the execution's Map Run for failed items and the results prefix for their errors.`,
    metric: { name: 'ExecutionsFailed', statistic: 'Sum' },
    ...countThreshold(1, 'Failed executions of a batch state machine in 5 minutes that raise the alarm.'),
    evaluationPeriods: 1,
  },
  executions_timed_out_threshold: {
    watches: ['workflow', 'batch'],
    name: (label) => `${label}-executions-timed-out`,
    description: ({ label }) =>
      `Executions of ${label} hit their execution timeout and failed without a failure email. Check the slowest task (endpoint latency, retries) and the timeout.`,
    metric: { name: 'ExecutionsTimedOut', statistic: 'Sum' },
    ...countThreshold(1, 'Timed-out executions of a state machine in 5 minutes that raise the alarm.'),
  },
  execution_throttled_threshold: {
    watches: ['workflow', 'batch'],
    name: (label) => `${label}-execution-throttled`,
    description: ({ label }) =>
      `State transitions of ${label} are throttled: executions slow down and may time out. Lower the start rate or request a Step Functions quota increase.`,
    metric: { name: 'ExecutionThrottled', statistic: 'Sum' },
    ...countThreshold(1, 'Throttled state transitions of a state machine in 5 minutes that raise the alarm.'),
  },
  function_errors_threshold: {
    watches: ['function'],
    name: (label) => `${label}-errors`,
    description: ({ label, expectedErrors }) =>
      `${label} is failing invocations${expectedErrors === undefined ? '' : ' (not counting the errors the workflow expects)'}. ` +
      'Search its log group for level ERROR lines and group them by outcome.',
    metric: ({ metric, expectedErrors }) => {
      const errors = { metric: metric('Errors'), statistic: 'Sum', periodSeconds: FIVE_MINUTES };
      return expectedErrors === undefined
        ? errors
        : {
            expression: 'errors - FILL(expected, 0)',
            label: 'Unexpected errors',
            inputs: { errors, expected: { metric: expectedErrors, statistic: 'Sum', periodSeconds: FIVE_MINUTES } },
          };
    },
    ...countThreshold(5, 'Errors of a function in 5 minutes that raise the alarm (the filter does not count ThresholdConfidenceNotMet).'),
  },
  function_throttles_threshold: {
    watches: ['function'],
    name: (label) => `${label}-throttles`,
    description: ({ label }) =>
      `${label} invocations are throttled (Lambda.TooManyRequestsException): the account or reserved concurrency is exhausted. Raise concurrency or lower the start rate.`,
    metric: { name: 'Throttles', statistic: 'Sum' },
    ...countThreshold(1, 'Throttled invocations of a function in 5 minutes that raise the alarm.'),
  },
  endpoint_5xx_threshold: {
    watches: ['endpoint'],
    name: () => 'endpoint-5xx',
    description: () =>
      "The SageMaker endpoint answers with 5XX errors (the model container fails or is overloaded); the classify task retries them, then fails. Check the endpoint's CloudWatch logs and instance health.",
    metric: { name: 'Invocation5XXErrors', statistic: 'Sum' },
    ...countThreshold(1, 'Invocation5XXErrors of the endpoint variant in 5 minutes that raise the alarm.'),
  },
  model_latency_p90_ms: {
    watches: ['endpoint'],
    name: () => 'endpoint-model-latency',
    description: () =>
      "The endpoint's p90 model latency is above model_latency_p90_ms (ModelLatency is in microseconds; the threshold is converted). Check instance utilization and scaling.",
    metric: { name: 'ModelLatency', statistic: 'p90' },
    comparison: 'GreaterThanThreshold',
    threshold: {
      default: 2000,
      description: "Milliseconds of the endpoint variant's p90 ModelLatency over 5 minutes above which the alarm fires.",
      validation: {
        rule: 'VAR > 0 && VAR <= 60000',
        mustBe: 'greater than 0 and at most 60000 (the invocation timeout)',
        accepts: [1, 60000],
        rejects: [0, 60001],
      },
    },
    thresholdScale: 1000,
  },
  /** A queue with messages is active and reports every 5 minutes; an empty idle queue may stop reporting. */
  dead_letter_messages_threshold: {
    watches: ['deadLetterQueue'],
    name: (label) => `${label}-dead-letter-queue-not-empty`,
    description: ({ label }) =>
      `Messages wait in the dead-letter queue ${label}: S3 events whose execution could not be started. Read their ERROR_CODE and ERROR_MESSAGE, fix the cause, replay the archive over their event times (output trigger_replay_command), then purge the queue.`,
    metric: { name: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum' },
    comparison: 'GreaterThanThreshold',
    threshold: {
      default: 0,
      description: 'Visible messages in a dead-letter queue above which the alarm fires (0: any message).',
      validation: wholeNumberFrom(0),
    },
  },
  /** Over an hour with enough classifications, the share whose top score is below the threshold. */
  below_threshold_share_alarm: {
    watches: ['classifier'],
    name: () => 'below-threshold-share',
    description: () =>
      'Over the last hour more than below_threshold_share_alarm of the classifications scored below the confidence threshold: the model may be drifting or the images changed. Compare TopConfidence percentiles on the dashboard.',
    metric: ({ metric }, settings) => ({
      expression: `IF(classifications >= ${Token.asString(settings.below_threshold_min_classifications)}, share, 0)`,
      label: 'Share below the confidence threshold',
      inputs: {
        share: { metric: metric(CLASSIFICATION_METRICS.belowThreshold.name), statistic: 'Average', periodSeconds: ONE_HOUR },
        classifications: { metric: metric(CLASSIFICATION_METRICS.classifications.name), statistic: 'Sum', periodSeconds: ONE_HOUR },
      },
    }),
    comparison: 'GreaterThanThreshold',
    threshold: {
      default: 0.5,
      description:
        "Share of an hour's classifications whose top score is below confidence_threshold above which the model-quality alarm fires.",
      validation: { rule: 'VAR > 0 && VAR < 1', mustBe: 'greater than 0 and less than 1', accepts: [0.5, 0.99], rejects: [0, 1] },
    },
    evaluationPeriods: 1,
  },
} satisfies Partial<Record<TerraformVariableName, AlarmRow>>;

type AlarmThresholdName = keyof typeof ALARM_ROWS;
type AlarmVariableName = AlarmThresholdName | keyof typeof ALARM_SETTINGS;

/** Every alarm variable: the thresholds of the rows and the settings. */
const ALARM_VARIABLES: Readonly<Record<AlarmVariableName, AlarmVariable>> = {
  ...ALARM_SETTINGS,
  ...(Object.fromEntries(Object.entries(ALARM_ROWS).map(([name, row]) => [name, row.threshold])) as Record<
    AlarmThresholdName,
    AlarmVariable
  >),
};

/** The alarm variables at their defaults, e.g. for a test stack. */
const ALARM_DEFAULTS = Object.fromEntries(
  Object.entries(ALARM_VARIABLES).map(([name, variable]) => [name, variable.default]),
) as AlarmParameters;

export { ALARM_ROWS, ALARM_VARIABLES, ALARM_DEFAULTS, WATCHED_KINDS, FIVE_MINUTES };
export type { AlarmRow, AlarmParameters, AlarmVariable, AlarmVariableName, MetricMath, MetricStat, Watched, WatchedKind };
