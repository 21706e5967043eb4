import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';

/** An Allow statement: exact actions on exact resources, optionally conditioned. Resources may be CDKTF tokens. */
interface IamStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

interface ServiceRoleProps {
  readonly roleName: string;
  /** The one service principal trusted to assume the role, e.g. `lambda.amazonaws.com`. */
  readonly service: string;
  /** Conditions on the trust, e.g. `aws:SourceAccount`. */
  readonly trustConditions?: DataAwsIamPolicyDocumentStatement['condition'];
  /** The inline policy: the exact actions on the exact resources. */
  readonly statements: readonly IamStatement[];
}

function allow({ actions, resources, conditions }: IamStatement): DataAwsIamPolicyDocumentStatement {
  const statement = { effect: 'Allow', actions: [...actions], resources: [...resources] };
  return conditions === undefined
    ? statement
    : { ...statement, condition: conditions.map((condition) => ({ ...condition, values: [...condition.values] })) };
}

/** A role only its service can assume, with one inline least-privilege policy. */
class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [props.service] }],
          condition: props.trustConditions,
        },
      ],
    });
    this.role = new IamRole(this, 'role', { name: props.roleName, assumeRolePolicy: trust.json });
    const policy = new DataAwsIamPolicyDocument(this, 'permissions', { statement: props.statements.map(allow) });
    this.policy = new IamRolePolicy(this, 'policy', { name: 'least-privilege', role: this.role.id, policy: policy.json });
  }
}

export { ServiceRole };
export type { ServiceRoleProps, IamStatement };
