import type { Literal } from './terraform-tests';
import type { VariableName } from './deployment-variables';

/** Values for every variable that a plan accepts: the shipped test's defaults and `env/example.tfvars`. */
const EXAMPLE_VARIABLES = {
  notification_email: 'ops@example.com',
  endpoint_name: 'image-classification-2026',
  image_bucket: 'my-images',
  image_key_prefix: 'test/',
  confidence_threshold: 0.93,
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
    rejects: ['My_Bucket', 'ab', 'b'.repeat(64), '192.168.1.1', 'a..b', 'a.-b', '-images', 'images-', 'xn--images', 'images-s3alias', 'images--ol-s3'],
  },
  image_key_prefix: {
    accepts: ['', 'test/', 'a/b/c-1_2.3/', 'k'.repeat(1024), `${'é'.repeat(512)}`],
    rejects: ['k'.repeat(1025), `${'é'.repeat(512)}k`, '/leading-slash/', 'wild*/', 'what?/', 'home/${aws:username}/'],
  },
  confidence_threshold: {
    accepts: [1, 0.93, 0.0001],
    rejects: [0, 1.5, -0.5],
  },
};

export { EXAMPLE_VARIABLES, VARIABLE_CASES };
export type { VariableCases };
