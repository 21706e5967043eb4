import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES } from './plans';

const PROJECT = join(__dirname, '..', '..', '..');

describe('npm run plan-summary', () => {
  it('exits 1 with the error on stderr and nothing on stdout for a file that is not a plan', () => {
    const result = spawnSync(join(PROJECT, 'node_modules', '.bin', 'tsx'), ['scripts/plan-summary.ts', join(FIXTURES, 'README.md')], {
      cwd: PROJECT,
      encoding: 'utf8',
    });

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^PlanNotJson: .*README\.md is not JSON: /);
  });
});
