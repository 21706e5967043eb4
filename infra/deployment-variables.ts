import { TerraformVariable, Token } from 'cdktf';
import type { TerraformVariableConfig } from 'cdktf';
import { Construct } from 'constructs';
import { ENDPOINT_NAME_PATTERN, MAX_SCORES_LIMIT, REAL_TIME_ENDPOINT_MAX_BYTES } from '../contract/variables';
import type { TerraformVariableName } from '../contract/variables';

interface VariableSpec extends Omit<TerraformVariableConfig, 'validation'> {
  /** A Terraform condition on the variable; `VAR` stands for its reference. */
  readonly rule: string;
  readonly errorMessage: string;
}

/**
 * What differs per environment, as Terraform variables with validation blocks: ops reuse the
 * synthesized configuration with their own tfvars. Regexes avoid backslashes so that the JSON
 * and HCL renderings read the same.
 */
const VARIABLES = {
  notification_email: {
    type: 'string',
    description: 'Address that receives the succeeded and failed notifications (confirm the SNS subscription email).',
    rule: 'can(regex("^[^@ ]+@[^@ ]+[.][^@ ]+$", VAR))',
    errorMessage: 'notification_email must be an email address such as ops@example.com.',
  },
  endpoint_name: {
    type: 'string',
    description: 'Name of the SageMaker endpoint that classifies the images.',
    rule: `can(regex("${ENDPOINT_NAME_PATTERN.source}", VAR))`,
    errorMessage: 'endpoint_name must be a SageMaker endpoint name: 1-63 letters, digits or hyphens, not starting or ending with a hyphen.',
  },
  image_bucket: {
    type: 'string',
    description: 'S3 bucket that holds the images to classify.',
    rule: 'can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", VAR)) && !can(regex("[.][.]|[.]-|-[.]", VAR)) && !can(regex("^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$", VAR))',
    errorMessage:
      'image_bucket must be an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, not an IP address.',
  },
  image_key_prefix: {
    type: 'string',
    default: '',
    description: 'Key prefix the functions may read images under (e.g. "test/"); empty allows the whole bucket.',
    rule: 'length(VAR) <= 1024 && !can(regex("^/|[*?]", VAR))',
    errorMessage: 'image_key_prefix must be at most 1024 characters, must not start with "/" and must not contain * or ?.',
  },
  confidence_threshold: {
    type: 'number',
    default: 0.93,
    description: 'Lowest top score an image needs to pass the filter, in (0, 1].',
    rule: 'VAR > 0 && VAR <= 1',
    errorMessage: 'confidence_threshold must be greater than 0 and at most 1.',
  },
  max_image_bytes: {
    type: 'number',
    default: REAL_TIME_ENDPOINT_MAX_BYTES,
    description: `Largest image in bytes the endpoint accepts: ${REAL_TIME_ENDPOINT_MAX_BYTES} (6 MB) for a real-time endpoint, 4194304 (4 MB) for a serverless one.`,
    rule: `floor(VAR) == VAR && VAR >= 1 && VAR <= ${REAL_TIME_ENDPOINT_MAX_BYTES}`,
    errorMessage: `max_image_bytes must be a whole number from 1 to ${REAL_TIME_ENDPOINT_MAX_BYTES}.`,
  },
  max_scores: {
    type: 'number',
    default: MAX_SCORES_LIMIT,
    description: 'Most scores (classes) an endpoint answer may hold; more fail with InvalidEndpointResponse.',
    rule: `floor(VAR) == VAR && VAR >= 1 && VAR <= ${MAX_SCORES_LIMIT}`,
    errorMessage: `max_scores must be a whole number from 1 to ${MAX_SCORES_LIMIT} (more would not fit the 256 KB state payload).`,
  },
} as const satisfies Record<TerraformVariableName, VariableSpec>;

/** The deployment's Terraform variables, named as ops pass them (`-var endpoint_name=...`). */
class DeploymentVariables extends Construct {
  private readonly variables: ReadonlyMap<TerraformVariableName, TerraformVariable>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.variables = new Map((Object.keys(VARIABLES) as TerraformVariableName[]).map((name) => [name, this.declare(name)]));
  }

  /** The variable's value as text (the functions' environment takes text). */
  value(name: TerraformVariableName): string {
    const variable = this.variables.get(name)!;
    return VARIABLES[name].type === 'number' ? Token.asString(variable.numberValue) : variable.stringValue;
  }

  private declare(name: TerraformVariableName): TerraformVariable {
    const { rule, errorMessage, ...config } = VARIABLES[name] as VariableSpec;
    const variable = new TerraformVariable(this, name, {
      ...config,
      validation: [{ condition: `\${${rule.replaceAll('VAR', `var.${name}`)}}`, errorMessage }],
    });
    variable.overrideLogicalId(name);
    return variable;
  }
}

export { DeploymentVariables, VARIABLES };
