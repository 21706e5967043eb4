import { TerraformVariable, Token } from 'cdktf';
import type { TerraformVariableConfig } from 'cdktf';
import { Construct } from 'constructs';
import { ENDPOINT_NAME_PATTERN } from '../handlers/configuration';

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
    // The pattern bounds the repetitions of `-*[a-zA-Z0-9]`, not the length: SageMaker allows 63 characters.
    rule: `length(VAR) <= 63 && can(regex("${ENDPOINT_NAME_PATTERN.source}", VAR))`,
    errorMessage: 'endpoint_name must be a SageMaker endpoint name: 1-63 letters, digits or hyphens, not starting or ending with a hyphen.',
  },
  image_bucket: {
    type: 'string',
    description: 'S3 bucket that holds the images to classify.',
    rule:
      'can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", VAR)) && !can(regex("[.][.]|[.]-|-[.]", VAR)) && !can(regex("^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$", VAR))' +
      ' && !can(regex("^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|[.]mrap|--x-s3|--table-s3)$", VAR))',
    errorMessage:
      'image_bucket must be an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP address, without a prefix or suffix S3 reserves (xn--, sthree-, -s3alias, --ol-s3, ...).',
  },
  image_key_prefix: {
    type: 'string',
    default: '',
    description: 'Key prefix the functions may read images under (e.g. "test/"); empty allows the whole bucket.',
    // S3 keys are at most 1024 bytes of UTF-8: the byte count is read off the base64 length and padding.
    // `${` would be an IAM policy variable in the s3:GetObject resource.
    rule: 'length(base64encode(VAR)) / 4 * 3 - length(regexall("=", base64encode(VAR))) <= 1024 && !can(regex("^/|[*?]|[$][{]", VAR))',
    errorMessage: 'image_key_prefix must be at most 1024 bytes (UTF-8), must not start with "/" and must not contain *, ? or "$" followed by "{" (an IAM policy variable).',
  },
  confidence_threshold: {
    type: 'number',
    default: 0.93,
    description: 'Lowest top score an image needs to pass the filter, in (0, 1].',
    rule: 'VAR > 0 && VAR <= 1',
    errorMessage: 'confidence_threshold must be greater than 0 and at most 1.',
  },
} as const satisfies Record<string, VariableSpec>;

type VariableName = keyof typeof VARIABLES;

/** The deployment's Terraform variables, named as ops pass them (`-var endpoint_name=...`). */
class DeploymentVariables extends Construct {
  readonly notificationEmail: string;
  readonly endpointName: string;
  readonly imageBucket: string;
  readonly imageKeyPrefix: string;
  /** The threshold as a string: the functions' environment takes text. */
  readonly confidenceThreshold: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.notificationEmail = this.variable('notification_email').stringValue;
    this.endpointName = this.variable('endpoint_name').stringValue;
    this.imageBucket = this.variable('image_bucket').stringValue;
    this.imageKeyPrefix = this.variable('image_key_prefix').stringValue;
    this.confidenceThreshold = Token.asString(this.variable('confidence_threshold').numberValue);
  }

  private variable(name: VariableName): TerraformVariable {
    const { rule, errorMessage, ...config } = VARIABLES[name] as VariableSpec;
    const variable = new TerraformVariable(this, name, {
      ...config,
      validation: [{ condition: `\${${rule.replaceAll('VAR', `var.${name}`)}}`, errorMessage }],
    });
    variable.overrideLogicalId(name);
    // cdktf's HCL renderer drops a falsy default (`""`, 0, false), which would make the variable required.
    if ('default' in config && !config.default) variable.addOverride('default', config.default);
    return variable;
  }
}

export { DeploymentVariables, VARIABLES };
export type { VariableName };
