import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { NAME_PREFIX_PATTERN, NAME_PREFIX_RULE } from './names';

const NAME_PREFIX_VARIABLE = 'name_prefix';
/** The value the shipped tests and check:tfvars use. */
const NAME_PREFIX_EXAMPLE = 'image-classification';

/** The module's `name_prefix` variable, validated by the rule of the synth-time `namePrefix` option. */
function declareNamePrefix(scope: Construct): TerraformVariable {
  const variable = new TerraformVariable(scope, NAME_PREFIX_VARIABLE, {
    type: 'string',
    description: `Prefix of every resource name (${NAME_PREFIX_RULE}); each instance in an account needs its own.`,
    validation: [
      {
        condition: `\${can(regex("${NAME_PREFIX_PATTERN.source}", var.${NAME_PREFIX_VARIABLE}))}`,
        errorMessage: `${NAME_PREFIX_VARIABLE} must be ${NAME_PREFIX_RULE}.`,
      },
    ],
  });
  variable.overrideLogicalId(NAME_PREFIX_VARIABLE);
  return variable;
}

export { declareNamePrefix, NAME_PREFIX_VARIABLE, NAME_PREFIX_EXAMPLE };
