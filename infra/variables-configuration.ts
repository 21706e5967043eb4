import { App, TerraformStack } from 'cdktf';
import { DeploymentVariables } from './deployment-variables';
import { declareNamePrefix } from './name-prefix-variable';

/**
 * The variable declarations alone, with their validation, as Terraform JSON: what a tfvars file is
 * checked against without a provider or credentials. With `module`, the module's (`name_prefix` too).
 */
function variablesConfiguration(outdir: string, { module = false }: { module?: boolean } = {}): Record<string, unknown> {
  const stack = new TerraformStack(new App({ outdir }), 'variables');
  if (module) declareNamePrefix(stack);
  new DeploymentVariables(stack, 'variables');
  const { '//': _metadata, ...configuration } = stack.toTerraform() as Record<string, unknown>;
  return configuration;
}

export { variablesConfiguration };
