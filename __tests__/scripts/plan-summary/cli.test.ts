import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidPlanSummaryArguments } from '../../../scripts/plan-summary/errors';
import { parsePlanSummaryArguments, readAll, runPlanSummary } from '../../../scripts/plan-summary/cli';
import { FIXTURES, fixtureText } from './plans';
import { thrownBy } from '../../helpers/thrown-by';

function io(stdin = Buffer.alloc(0)) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { readStdin: async () => stdin, writeStdout: (text: string) => out.push(text), writeStderr: (text: string) => err.push(text) },
  };
}

describe('runPlanSummary', () => {
  it('prints the comment for a plan file', async () => {
    const run = io();

    const code = await runPlanSummary([join(FIXTURES, 'changes.json'), '--environment', 'production'], run.io);

    expect(code).toBe(0);
    expect(run.out.join('')).toMatch(
      /^<!-- plan-summary:production -->\n### Terraform plan: `production`\n\n\*\*Plan:\*\* 1 to create, 2 to update, 2 to replace, 1 to destroy/,
    );
    expect(run.err).toStrictEqual([]);
  });

  it('reads the plan from standard input with -, and writes to --output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-summary-'));
    try {
      const run = io(Buffer.from(fixtureText('no-changes.json')));

      const code = await runPlanSummary(['-', '--output', join(dir, 'comment.md')], run.io);

      expect(code).toBe(0);
      expect(run.out).toStrictEqual([]);
      expect(readFileSync(join(dir, 'comment.md'), 'utf8')).toContain('**No changes.**');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the not-planned comment', async () => {
    const run = io();

    expect(await runPlanSummary(['--not-planned', 'No role.', '--environment', 'dev'], run.io)).toBe(0);
    expect(run.out.join('')).toBe('<!-- plan-summary:dev -->\n### Terraform plan: `dev`\n\n> [!WARNING]\n> **No plan**: No role.\n');
  });

  it.each([
    [['missing.json'], /^PlanInputError: Cannot read missing\.json: ENOENT/],
    [['-'], /^PlanNotJson: standard input is not JSON \(the file is empty\): /],
  ])('exits 1 with a named error for %j', async (argv, message) => {
    const run = io();

    expect(await runPlanSummary(argv, run.io)).toBe(1);
    expect(run.err.join('')).toMatch(message);
    expect(run.out).toStrictEqual([]);
  });
});

describe('parsePlanSummaryArguments', () => {
  it('lists every problem at once with the usage', () => {
    const error = thrownBy(() => parsePlanSummaryArguments(['a.json', 'b.json', '--environment', 'x -->', '--title', 'two\nlines']));

    expect(error).toBeInstanceOf(InvalidPlanSummaryArguments);
    expect(error.message.split('\nUsage:')[0]).toBe(
      [
        '- expected one plan file (or -), got 2',
        `- --environment must be 1-100 letters, digits, '.', '_', '-' or '/', starting with a letter or digit; got "x -->"`,
        '- --title must be one line of 1 to 200 characters',
      ].join('\n'),
    );
  });

  it('refuses a plan file beside --not-planned', () => {
    expect(thrownBy(() => parsePlanSummaryArguments(['plan.json', '--not-planned', 'why'])).message).toMatch(
      /^- --not-planned takes no plan file\n/,
    );
  });
});

describe('readAll', () => {
  it('joins a stream however it is chunked', async () => {
    expect((await readAll(Readable.from([Buffer.from('ab'), 'c', Buffer.from('d')]))).toString()).toBe('abcd');
  });
});
