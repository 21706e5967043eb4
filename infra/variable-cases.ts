import type { TerraformVariableName as VariableName } from '../contract/variables';
import { ALARM_VARIABLES } from './alarm-table';
import type { AlarmVariableName } from './alarm-table';
import type { Literal } from './terraform-tests';

interface VariableCases {
  readonly accepts: readonly Literal[];
  readonly rejects: readonly Literal[];
}

/** A results prefix: the key prefix rule, and the 2-512 characters ending with "/". */
const RESULTS_PREFIX_CASES: VariableCases = {
  accepts: ['batch-results/', 'a/b/c/', 'r/', "it's <a&b> {x} $HOME %{y}/", `${'r'.repeat(511)}/`],
  rejects: [
    '',
    'no-slash',
    '/leading/',
    'wild*/',
    'what?/',
    `${'r'.repeat(512)}/`,
    'home/${aws:username}/',
    'say"what/',
    'back\\slash/',
    'line\nbreak/',
    'delete\u007f/',
    'next-line\u0085/',
    '","Bucket":"evil/',
  ],
};

/** An optional SageMaker name (variant, inference component): empty, or the endpoint name rule. */
const OPTIONAL_SAGEMAKER_NAME_CASES: VariableCases = {
  accepts: ['', 'AllTraffic', 'variant-1', 'A1--b2', 'v'.repeat(63)],
  rejects: ['v'.repeat(64), '-leading', 'trailing-', 'under_score', 'dot.ted', ' '],
};

/** A MIME type; `endpoint_content_type` also accepts empty. */
const MEDIA_TYPE_CASES: VariableCases = {
  accepts: ['application/x-image', 'image/jpeg', 'application/json;verbose', 'application/json; charset=utf-8', `a/${'b'.repeat(1022)}`],
  rejects: [
    'json',
    'image/',
    '/jpeg',
    'application/json;',
    'application/json ',
    'text/plain; charset="utf-8"',
    '*/*',
    'image/jpeg\nX-Injected: 1',
    `a/${'b'.repeat(1023)}`,
  ],
};

/** 10,000 names: the most class_labels may hold. */
const MOST_LABELS = Array.from({ length: 10_000 }, (_, index) => `class ${index}`);

/**
 * Values each variable's validation must accept and reject, as Terraform evaluates it: synthesis
 * writes one plan run per value into `tests/variables.tftest.hcl`.
 */
const PIPELINE_VARIABLE_CASES: Readonly<Record<Exclude<VariableName, AlarmVariableName>, VariableCases>> = {
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
    accepts: [
      '',
      'test/',
      'a/b/c-1_2.3/',
      'k'.repeat(1024),
      `${'é'.repeat(512)}`,
      "it's <a&b> {x} $HOME %{y}/",
      'nbsp\u00a0and\u2028separators/',
    ],
    rejects: [
      'k'.repeat(1025),
      `${'é'.repeat(512)}k`,
      '/leading-slash/',
      'wild*/',
      'what?/',
      'home/${aws:username}/',
      'say"what/',
      'back\\slash/',
      'line\nbreak/',
      'tab\there/',
      'nul\u0000/',
      'delete\u007f/',
      'next-line\u0085/',
      '","Bucket":"evil',
    ],
  },
  confidence_threshold: {
    accepts: [1, 0.93, 0.0001, 0.000000000000001, 0.123456789012345],
    // '1e-400' as text, which Terraform converts to its exact number: JavaScript cannot hold it (it is 0 here, as in the function).
    rejects: [0, 1.5, -0.5, '1e-400', 0.0000000000000001, 0.1234567890123456],
  },
  max_image_bytes: { accepts: [1, 4194304, 6291456], rejects: [0, 6291457, 1.5] },
  max_scores: { accepts: [1, 1000, 10000], rejects: [0, 10001, 2.5] },
  endpoint_response_format: {
    accepts: ['auto', 'seed', 'huggingface', 'jumpstart', 'torchserve', 'tensorflow'],
    rejects: ['', 'AUTO', 'json', 'hugging face'],
  },
  endpoint_content_type: { accepts: ['', ...MEDIA_TYPE_CASES.accepts], rejects: MEDIA_TYPE_CASES.rejects },
  endpoint_accept: { accepts: MEDIA_TYPE_CASES.accepts, rejects: ['', ...MEDIA_TYPE_CASES.rejects] },
  endpoint_target_model: {
    accepts: ['', 'model-a.tar.gz', 'models/resnet 50/v2.tar.gz', '~/$HOME/%{x}', 'm'.repeat(1024)],
    rejects: [' leading-space.tar.gz', 'm'.repeat(1025), 'tab\there', 'line\nbreak', 'modèle.tar.gz'],
  },
  endpoint_target_variant: OPTIONAL_SAGEMAKER_NAME_CASES,
  endpoint_inference_component: OPTIONAL_SAGEMAKER_NAME_CASES,
  class_labels: {
    accepts: [
      [],
      ['cat', 'dog'],
      ['crane', 'maillot', 'crane'],
      ['tabby, tabby cat', 'l'.repeat(256), '猫'.repeat(256), '👍'.repeat(128)],
      MOST_LABELS,
    ],
    rejects: [[''], ['l'.repeat(257)], ['👍'.repeat(129)], [...MOST_LABELS, 'one more']],
  },
  ops_emails: { accepts: [[], ['oncall@example.com', 'ml@example.org']], rejects: [['oncall'], ['ok@example.com', '@example.com']] },
  endpoint_variant_name: { accepts: ['AllTraffic', 'variant-1'], rejects: ['', 'under_score'] },
  enable_trigger: { accepts: [true, false], rejects: [] },
  batch_max_concurrency: { accepts: [1, 10, 10000], rejects: [0, 10001, 2.5] },
  batch_tolerated_failure_percentage: { accepts: [0, 5, 100], rejects: [-1, 101] },
  batch_results_prefix: RESULTS_PREFIX_CASES,
  results_prefix: RESULTS_PREFIX_CASES,
  notify_on: { accepts: ['all', 'failures', 'none'], rejects: ['', 'All', 'success', 'failures '] },
  trigger_archive_retention_days: { accepts: [0, 14, 365], rejects: [-1, 1.5] },
};

/** The pipeline's cases, and each alarm variable's from the alarm table. */
const VARIABLE_CASES: Readonly<Record<VariableName, VariableCases>> = {
  ...PIPELINE_VARIABLE_CASES,
  ...(Object.fromEntries(
    Object.entries(ALARM_VARIABLES).map(([name, { validation }]) => [name, { accepts: validation.accepts, rejects: validation.rejects }]),
  ) as Record<AlarmVariableName, VariableCases>),
};

export { VARIABLE_CASES };
export type { VariableCases };
