import { ref, TerraformStack, Token } from 'cdktf';
import type { TerraformAsset } from 'cdktf';
import type { IConstruct } from 'constructs';

/** Stacks synthesized as a child module, whose files Terraform must find from the module, not from where it runs. */
const CHILD_MODULES = new WeakSet<TerraformStack>();

function markChildModule(stack: TerraformStack): void {
  CHILD_MODULES.add(stack);
}

/**
 * The asset's path as the configuration names it: relative to the stack folder, where cdktf and
 * Terraform run; in a child module, from `path.module`, since the caller runs elsewhere.
 */
function assetPath(scope: IConstruct, asset: TerraformAsset): string {
  return CHILD_MODULES.has(TerraformStack.of(scope)) ? `${Token.asString(ref('path.module'))}/${asset.path}` : asset.path;
}

export { markChildModule, assetPath };
