import type { Literal } from './terraform-tests';
import type { TerraformVariableName as VariableName } from '../contract/variables';

/** Values for every variable that a plan accepts: the shipped test's defaults and `env/example.tfvars`. */
const EXAMPLE_VARIABLES = {
  notification_email: 'ops@example.com',
  endpoint_name: 'image-classification-2026',
  image_bucket: 'my-images',
  image_key_prefix: 'test/',
  confidence_threshold: 0.93,
  max_image_bytes: 6291456,
  max_scores: 10000,
  ops_emails: ['oncall@example.com'],
  endpoint_variant_name: 'AllTraffic',
  alarm_evaluation_periods: 1,
  executions_failed_threshold: 5,
  executions_timed_out_threshold: 1,
  execution_throttled_threshold: 1,
  function_errors_threshold: 5,
  function_throttles_threshold: 1,
  endpoint_5xx_threshold: 1,
  model_latency_p90_ms: 2000,
  dead_letter_messages_threshold: 0,
  batch_executions_failed_threshold: 1,
  below_threshold_share_alarm: 0.5,
  below_threshold_min_classifications: 10,
  enable_trigger: false,
  batch_max_concurrency: 10,
  batch_tolerated_failure_percentage: 100,
  batch_results_prefix: 'batch-results/',
} as const satisfies Record<VariableName, Literal>;

interface VariableCases {
  readonly accepts: readonly Literal[];
  readonly rejects: readonly Literal[];
}

/**
 * Values each variable's validation must accept and reject, as Terraform evaluates it: synthesis
 * writes one plan run per value into `tests/variables.tftest.hcl`.
 */
const VARIABLE_CASES: Readonly<Record<VariableName, VariableCases>> = {
  notification_email: {
    accepts: ['ops@example.com', 'first.last+images@mail.example.co.uk'],
    rejects: ['not-an-email', 'ops@', '@example.com', 'ops@example', 'two words@example.com', 'a@b@example.com'],
  },
  endpoint_name: {
    accepts: ['a', 'image-classification-2026', 'A1--b2', 'e'.repeat(63)],
    rejects: ['', 'e'.repeat(64), `a${'--b'.repeat(62)}`, '-leading', 'trailing-', 'under_score', 'dot.ted'],
  },
  image_bucket: {
    accepts: ['my-images', 'abc', 'images.example.com', 'b'.repeat(63), '192.168.1.1a'],
    rejects: [
      'My_Bucket',
      'ab',
      'b'.repeat(64),
      '192.168.1.1',
      'a..b',
      'a.-b',
      '-images',
      'images-',
      'xn--images',
      'images-s3alias',
      'images--ol-s3',
    ],
  },
  image_key_prefix: {
    accepts: ['', 'test/', 'a/b/c-1_2.3/', 'k'.repeat(1024), `${'é'.repeat(512)}`],
    rejects: [
      'k'.repeat(1025),
      `${'é'.repeat(512)}k`,
      '/leading-slash/',
      'wild*/',
      'what?/',
      'home/${aws:username}/',
      'say"what/',
      'back\\slash/',
    ],
  },
  confidence_threshold: {
    accepts: [1, 0.93, 0.0001],
    rejects: [0, 1.5, -0.5],
  },
  max_image_bytes: { accepts: [1, 4194304, 6291456], rejects: [0, 6291457, 1.5] },
  max_scores: { accepts: [1, 1000, 10000], rejects: [0, 10001, 2.5] },
  ops_emails: { accepts: [[], ['oncall@example.com', 'ml@example.org']], rejects: [['oncall'], ['ok@example.com', '@example.com']] },
  endpoint_variant_name: { accepts: ['AllTraffic', 'variant-1'], rejects: ['', 'under_score'] },
  alarm_evaluation_periods: { accepts: [1, 288], rejects: [0, 289, 1.5] },
  executions_failed_threshold: { accepts: [1, 100], rejects: [0, 2.5] },
  executions_timed_out_threshold: { accepts: [1], rejects: [0] },
  execution_throttled_threshold: { accepts: [1], rejects: [0] },
  function_errors_threshold: { accepts: [1], rejects: [0] },
  function_throttles_threshold: { accepts: [1], rejects: [0] },
  endpoint_5xx_threshold: { accepts: [1], rejects: [0] },
  model_latency_p90_ms: { accepts: [1, 60000], rejects: [0, 60001] },
  dead_letter_messages_threshold: { accepts: [0, 10], rejects: [-1, 0.5] },
  batch_executions_failed_threshold: { accepts: [1], rejects: [0] },
  below_threshold_share_alarm: { accepts: [0.5, 0.99], rejects: [0, 1] },
  below_threshold_min_classifications: { accepts: [1, 10], rejects: [0, 1.5] },
  enable_trigger: { accepts: [true, false], rejects: [] },
  batch_max_concurrency: { accepts: [1, 10, 10000], rejects: [0, 10001, 2.5] },
  batch_tolerated_failure_percentage: { accepts: [0, 5, 100], rejects: [-1, 101] },
  batch_results_prefix: { accepts: ['batch-results/', 'a/b/c/', 'r/'], rejects: ['', 'no-slash', '/leading/', 'wild*/', 'what?/'] },
};

export { EXAMPLE_VARIABLES, VARIABLE_CASES };
export type { VariableCases };
