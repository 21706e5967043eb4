import { TERRAFORM_VARIABLE_NAMES } from '../contract/variables';
import type { TerraformVariableName } from '../contract/variables';
import { EXAMPLE_VARIABLES } from './deployment-variables';
import { renderAssignments } from './terraform-tests';

/** Where the example lives, from the project root. */
const EXAMPLE_TFVARS_FILE = 'env/example.tfvars';

/** The file's sections: each starts at its variable and runs to the next section, in the variables' order. */
const SECTIONS: readonly { readonly from: TerraformVariableName; readonly heading: readonly string[] }[] = [
  {
    from: 'notification_email',
    heading: [
      '# Every variable of the synthesized stack, with example values (the shipped Terraform tests use the',
      '# same ones). Copy it per environment, e.g. env/prod.tfvars, and plan from the stack folder:',
      '#   terraform plan -var-file=../../../env/prod.tfvars',
      '# This example is written by `npx tsx scripts/write-example-tfvars.ts` from the variables',
      '# (infra/deployment-variables.ts, infra/alarm-table.ts); your copies are yours to edit.',
    ],
  },
  {
    from: 'endpoint_response_format',
    heading: [
      '# The model: how its answer is read, what is sent with the image, which model answers, and the names of',
      '# index-based scores (defaults shown: any known shape, the image as it is, no target, classes named by index)',
    ],
  },
  { from: 'ops_emails', heading: ['# Operations: who gets the alarms, and when they fire (thresholds at their defaults)'] },
  {
    from: 'enable_trigger',
    heading: ["# Trigger and batch (defaults shown; enable_trigger replaces the bucket's notification configuration)"],
  },
];

/** env/example.tfvars: every variable at its example value, aligned as `terraform fmt` aligns each section. */
function renderExampleTfvars(): string {
  const starts = SECTIONS.map(({ from }) => TERRAFORM_VARIABLE_NAMES.indexOf(from));
  const sections = SECTIONS.map(({ heading }, index) => {
    const names = TERRAFORM_VARIABLE_NAMES.slice(starts[index], starts[index + 1]);
    return [...heading, ...renderAssignments(Object.fromEntries(names.map((name) => [name, EXAMPLE_VARIABLES[name]])))].join('\n');
  });
  return `${sections.join('\n\n')}\n`;
}

export { EXAMPLE_TFVARS_FILE, renderExampleTfvars };
