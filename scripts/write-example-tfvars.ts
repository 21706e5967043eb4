import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_TFVARS_FILE, renderExampleTfvars } from '../infra/example-tfvars';
import { findProjectRoot } from '../infra/project-root';

writeFileSync(join(findProjectRoot(), EXAMPLE_TFVARS_FILE), renderExampleTfvars());
console.log(`${EXAMPLE_TFVARS_FILE}: written from the variables`);
