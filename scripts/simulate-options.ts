import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENDPOINT_NAME_PATTERN, isConfidenceThreshold } from '../contract/variables';

interface SimulateOptions {
  readonly images: readonly string[];
  readonly scores: readonly number[] | undefined;
  readonly threshold: number | undefined;
  readonly endpoint: string | undefined;
  /** Run the folder as one batch (the batch state machine, one summary) instead of one execution per image. */
  readonly batch: boolean;
}

const USAGE = 'Usage: npm run simulate -- <image-file-or-folder> [--batch] [--scores 0.02,0.98] [--threshold 0.93] [--endpoint NAME]';

class InvalidSimulateArguments extends Error {
  override readonly name = 'InvalidSimulateArguments';
}

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A plain decimal number; `Number` would also take '' (0), '0x1' and '0b1'. */
function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

function imagesAt(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

/** Parses the command line; throws InvalidSimulateArguments listing every problem, with the usage. */
function parseSimulateArguments(argv: readonly string[]): SimulateOptions {
  const problems: string[] = [];
  const optionSpecs = {
    scores: { type: 'string' },
    threshold: { type: 'string' },
    endpoint: { type: 'string' },
    batch: { type: 'boolean' },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof optionSpecs; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: optionSpecs, allowPositionals: true });
  } catch (error) {
    throw new InvalidSimulateArguments(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;

  if (positionals.length !== 1) problems.push(`expected one image file or folder, got ${positionals.length}`);
  const target = positionals[0];
  if (target !== undefined && !existsSync(target)) problems.push(`no such file or folder: ${target}`);
  const images = target !== undefined && existsSync(target) ? imagesAt(target) : [];
  if (target !== undefined && existsSync(target) && images.length === 0) problems.push(`no files in ${target}`);

  const scores = values.scores?.split(',').map(parseDecimal);
  if (scores !== undefined && scores.some((score) => score === undefined || score < 0 || score > 1)) {
    problems.push(`--scores must be comma-separated decimal numbers in [0, 1], got: ${JSON.stringify(values.scores)}`);
  }
  const threshold = values.threshold === undefined ? undefined : parseDecimal(values.threshold);
  if (values.threshold !== undefined && (threshold === undefined || !isConfidenceThreshold(threshold))) {
    problems.push(`--threshold must be a decimal number in (0, 1], got: ${JSON.stringify(values.threshold)}`);
  }
  if (values.endpoint !== undefined && !ENDPOINT_NAME_PATTERN.test(values.endpoint)) {
    problems.push(`--endpoint must be a SageMaker endpoint name, got: ${values.endpoint}`);
  }
  if (values.endpoint !== undefined && scores !== undefined)
    problems.push('--scores applies to the local stand-in only; leave it out with --endpoint');

  if (problems.length > 0) throw new InvalidSimulateArguments(`${problems.map((problem) => `- ${problem}`).join('\n')}\n${USAGE}`);
  return { images, scores: scores as number[] | undefined, threshold, endpoint: values.endpoint, batch: values.batch === true };
}

/** The S3 key an image is served under in the simulation. */
function simulatedKey(imagePath: string): string {
  return `images/${basename(imagePath)}`;
}

export { parseSimulateArguments, simulatedKey, InvalidSimulateArguments };
export type { SimulateOptions };
