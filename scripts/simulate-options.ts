import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENDPOINT_RESPONSE_SHAPES } from '../contract/endpoint-response';
import type { EndpointResponseShape } from '../contract/endpoint-response';
import { ENDPOINT_NAME_PATTERN, isConfidenceThreshold } from '../contract/variables';

interface SimulateOptions {
  readonly images: readonly string[];
  readonly scores: readonly number[] | undefined;
  readonly threshold: number | undefined;
  readonly endpoint: string | undefined;
  /** Run the folder as one batch (the batch state machine, one summary) instead of one execution per image. */
  readonly batch: boolean;
  /** The shape the stand-in answers in, and `endpoint_response_format` pinned to it. */
  readonly responseFormat: EndpointResponseShape | undefined;
  /** `class_labels`, and the stand-in model's own class names. */
  readonly labels: readonly string[] | undefined;
}

const USAGE =
  'Usage: npm run simulate -- <image-file-or-folder> [--batch] [--scores 0.02,0.98] [--threshold 0.93] [--endpoint NAME]' +
  ` [--response-format ${ENDPOINT_RESPONSE_SHAPES.join('|')}] [--labels motorcycle,bicycle | --labels labels.json]`;

/** The stand-in's scores without --scores: two classes (local/stand-in-endpoint.ts deterministicScores). */
const STAND_IN_CLASSES = 2;

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

/** `--labels`: a file holding a JSON array of names, else comma-separated names. */
function readLabels(value: string, problems: string[]): string[] | undefined {
  let labels: unknown = value.split(',').map((name) => name.trim());
  if (existsSync(value) && statSync(value).isFile()) {
    try {
      labels = JSON.parse(readFileSync(value, 'utf8'));
    } catch (error) {
      problems.push(`--labels ${value}: not JSON (${(error as Error).message})`);
      return undefined;
    }
  }
  if (!Array.isArray(labels) || labels.some((name) => typeof name !== 'string' || name === '')) {
    problems.push(`--labels must be non-empty names, comma-separated or as a JSON array in a file, got: ${JSON.stringify(value)}`);
    return undefined;
  }
  if (new Set(labels).size !== labels.length) problems.push(`--labels must not repeat a name, got: ${JSON.stringify(value)}`);
  return labels as string[];
}

/** Parses the command line; throws InvalidSimulateArguments listing every problem, with the usage. */
function parseSimulateArguments(argv: readonly string[]): SimulateOptions {
  const problems: string[] = [];
  const optionSpecs = {
    scores: { type: 'string' },
    threshold: { type: 'string' },
    endpoint: { type: 'string' },
    batch: { type: 'boolean' },
    'response-format': { type: 'string' },
    labels: { type: 'string' },
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

  const responseFormat = values['response-format'];
  if (responseFormat !== undefined && !(ENDPOINT_RESPONSE_SHAPES as readonly string[]).includes(responseFormat)) {
    problems.push(`--response-format must be one of ${ENDPOINT_RESPONSE_SHAPES.join(', ')}, got: ${JSON.stringify(responseFormat)}`);
  }
  const labels = values.labels === undefined ? undefined : readLabels(values.labels, problems);
  const classes = scores?.length ?? STAND_IN_CLASSES;
  if (labels !== undefined && values.endpoint === undefined && labels.length !== classes) {
    problems.push(`--labels names ${labels.length} classes, but the stand-in answers ${classes} scores (--scores sets them)`);
  }

  if (problems.length > 0) throw new InvalidSimulateArguments(`${problems.map((problem) => `- ${problem}`).join('\n')}\n${USAGE}`);
  return {
    images,
    scores: scores as number[] | undefined,
    threshold,
    endpoint: values.endpoint,
    batch: values.batch === true,
    responseFormat: responseFormat as EndpointResponseShape | undefined,
    labels,
  };
}

/** The S3 key an image is served under in the simulation. */
function simulatedKey(imagePath: string): string {
  return `images/${basename(imagePath)}`;
}

export { parseSimulateArguments, simulatedKey, InvalidSimulateArguments };
export type { SimulateOptions };
