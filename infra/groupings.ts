import { TerraformElement, TerraformStack } from 'cdktf';
import { makeUniqueId } from 'cdktf/lib/private/unique';
import { Construct } from 'constructs';
import type { Node } from 'constructs';

/**
 * A construct that groups others by concern and stays out of their Terraform addresses: the function
 * under `functions/serialize` is `aws_lambda_function.serialize_function_<hash>`, as it was before the
 * grouping existed, so regrouping constructs never makes Terraform replace a deployed resource.
 */
class Grouping extends Construct {}

/**
 * A stack whose groupings stay out of the addresses. Two constructs whose paths differ only by
 * groupings would share an address; the stack refuses that, naming both.
 */
abstract class GroupedStack extends TerraformStack {
  private readonly pathsByAddress = new Map<string, string>();

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const scopes = node.scopes.slice(node.scopes.indexOf(this) + 1);
    const address = makeUniqueId(scopes.filter((scope) => !(scope instanceof Grouping)).map((scope) => scope.node.id));
    const path = node.path;
    const claimed = this.pathsByAddress.get(address);
    if (claimed !== undefined && claimed !== path)
      throw new Error(`Two constructs would share the Terraform address ${address}: ${claimed} and ${path}; give one of them another id.`);
    this.pathsByAddress.set(address, path);
    return address;
  }
}

export { Grouping, GroupedStack };
