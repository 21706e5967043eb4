import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withWorkflowDiagram } from '../../scripts/workflow-diagram';

describe('the README workflow diagram', () => {
  it('is the one rendered from the definition (run `npm run docs` after changing the workflow)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

    expect(readme).toBe(withWorkflowDiagram(readme));
  });
});
