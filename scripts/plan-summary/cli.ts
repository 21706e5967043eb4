import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderNotPlannedComment, renderPlanComment } from './comment';
import type { CommentOptions } from './comment';
import { InvalidPlanSummaryArguments, PlanInputError } from './errors';
import { decodePlanBytes, parsePlan } from './plan';

const USAGE = [
  'Usage: npm run --silent plan-summary -- <plan.json | -> [--environment NAME] [--title TEXT] [--full-plan MARKDOWN] [--output FILE]',
  '       npm run --silent plan-summary -- --not-planned REASON [--environment NAME] [--title TEXT] [--output FILE]',
  '<plan.json> is the output of `terraform show -json <planfile>` (`-` reads it from standard input).',
].join('\n');

/** Environment names go into an HTML comment and a heading: no `--`, no `>`, no line break. */
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;
const MAX_TITLE_LENGTH = 200;
const MAX_FULL_PLAN_LENGTH = 1000;
const MAX_REASON_LENGTH = 4000;

interface PlanSummaryArguments {
  /** A file, or '-' for standard input; undefined with `notPlanned`. */
  readonly plan: string | undefined;
  readonly notPlanned: string | undefined;
  readonly output: string | undefined;
  readonly comment: CommentOptions;
}

function parsePlanSummaryArguments(argv: readonly string[]): PlanSummaryArguments {
  const options = {
    environment: { type: 'string' },
    title: { type: 'string' },
    'full-plan': { type: 'string' },
    'not-planned': { type: 'string' },
    output: { type: 'string' },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true });
  } catch (error) {
    throw new InvalidPlanSummaryArguments(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const problems: string[] = [];
  const notPlanned = values['not-planned'];
  if (notPlanned === undefined && positionals.length !== 1) problems.push(`expected one plan file (or -), got ${positionals.length}`);
  if (notPlanned !== undefined && positionals.length > 0) problems.push('--not-planned takes no plan file');
  if (notPlanned !== undefined && (notPlanned.trim() === '' || notPlanned.length > MAX_REASON_LENGTH))
    problems.push(`--not-planned must say why, in 1 to ${MAX_REASON_LENGTH} characters`);
  if (values.environment !== undefined && !ENVIRONMENT.test(values.environment))
    problems.push(
      `--environment must be 1-100 letters, digits, '.', '_', '-' or '/', starting with a letter or digit; got ${JSON.stringify(values.environment)}`,
    );
  if (values.title !== undefined && (values.title.trim() === '' || values.title.length > MAX_TITLE_LENGTH || /[\r\n]/.test(values.title)))
    problems.push(`--title must be one line of 1 to ${MAX_TITLE_LENGTH} characters`);
  const fullPlan = values['full-plan'];
  if (fullPlan !== undefined && (fullPlan.trim() === '' || fullPlan.length > MAX_FULL_PLAN_LENGTH || /[\r\n]/.test(fullPlan)))
    problems.push(`--full-plan must be one line of 1 to ${MAX_FULL_PLAN_LENGTH} characters`);
  if (problems.length > 0) throw new InvalidPlanSummaryArguments(`${problems.map((problem) => `- ${problem}`).join('\n')}\n${USAGE}`);
  return {
    plan: positionals[0],
    notPlanned,
    output: values.output,
    comment: { environment: values.environment, title: values.title, fullPlan },
  };
}

interface PlanSummaryIo {
  readonly readStdin: () => Promise<Buffer>;
  readonly writeStdout: (text: string) => void;
  readonly writeStderr: (text: string) => void;
}

/** All of a stream, however it arrives in chunks. */
async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function readPlanBytes(source: string, io: PlanSummaryIo): Promise<Buffer> {
  if (source === '-') return io.readStdin();
  try {
    return readFileSync(source);
  } catch (error) {
    throw new PlanInputError(`Cannot read ${source}: ${(error as Error).message}`, { cause: error });
  }
}

/** The command: the comment on stdout (or --output); a named error on stderr and 1 for bad arguments or input. */
async function runPlanSummary(argv: readonly string[], io: PlanSummaryIo): Promise<number> {
  try {
    const args = parsePlanSummaryArguments(argv);
    let comment: string;
    if (args.notPlanned !== undefined) comment = renderNotPlannedComment(args.notPlanned, args.comment);
    else {
      const source = args.plan!;
      const name = source === '-' ? 'standard input' : source;
      comment = renderPlanComment(parsePlan(decodePlanBytes(await readPlanBytes(source, io), name), name), args.comment);
    }
    if (args.output === undefined) io.writeStdout(comment);
    else writeFileSync(args.output, comment);
    return 0;
  } catch (error) {
    if (error instanceof InvalidPlanSummaryArguments || error instanceof PlanInputError) {
      io.writeStderr(`${error.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export { runPlanSummary, parsePlanSummaryArguments, readAll };
