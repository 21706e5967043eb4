import { ENDPOINT_RESPONSE_SHAPES, MAX_LABEL_LENGTH } from '../contract/endpoint-response';
import type { ClassScores, EndpointResponseFormat, EndpointResponseShape } from '../contract/endpoint-response';
import type { Parsed } from '../contract/environment';
import { echo } from './echo';
import { isObject } from './request';
import type { UncheckedObject } from './request';
import { InvalidEndpointResponse } from './errors';
import type { S3Location } from './errors';

/** What an endpoint answered (InvokeEndpoint's Body and ContentType), and for which image. */
interface EndpointAnswer {
  readonly endpointName: string;
  readonly location: S3Location;
  readonly body: Uint8Array | undefined;
  readonly contentType: string | undefined;
}

interface EndpointResponseOptions {
  /** `endpoint_response_format`: `auto`, or the one shape the endpoint writes. */
  readonly format: EndpointResponseFormat;
  /** MAX_SCORES: the most scores accepted. */
  readonly maxScores: number;
  /** `class_labels`, already validated: names by index for the answers that carry none (seed, jumpstart, tensorflow). */
  readonly classLabels?: readonly string[];
}

/** A shape's scores and labels as found, before their values are checked; the paths name an entry in messages. */
interface Reading {
  readonly scores: readonly unknown[];
  readonly labels?: readonly unknown[];
  readonly scorePath: (index: number) => string;
  readonly labelPath: (index: number) => string;
}

interface Shape {
  /** True for every body of this shape and false for every body of any other, so no body matches two shapes. */
  readonly matches: (value: unknown) => boolean;
  /** Reads a body that matches. */
  readonly read: (value: unknown) => Parsed<Reading>;
  /** What the shape looks like, for messages. */
  readonly example: string;
}

const problem = (text: string): { readonly problem: string } => ({ problem: text });

const isNumber = (value: unknown): value is number => typeof value === 'number';

/** A TorchServe answer: class name -> probability; `label` is left to Hugging Face's `{label, score}` items. */
function isScoreMap(value: unknown): value is UncheckedObject {
  if (!isObject(value) || Object.hasOwn(value, 'label')) return false;
  let empty = true;
  // for-in, not Object.values: a parsed object of thousands of keys is a dictionary, which Object.values copies slowly.
  for (const key in value) {
    if (!isNumber(value[key])) return false;
    empty = false;
  }
  return !empty;
}

const byIndex = (index: number) => `[${index}]`;

/** A model's named outputs that hold the probability of each class, and those that name the classes, by preference. */
const SCORE_OUTPUTS = ['probabilities', 'scores'] as const;
const CLASS_OUTPUTS = ['all_classes', 'classes'] as const;

/**
 * TensorFlow Serving's row for a model with several named outputs, `{"probabilities": [...], "classes": [...], ...}`
 * (an Estimator's `predict` signature writes probabilities and all_classes, its classification signature scores and
 * classes): the scores from the first score output, the labels from a class output of as many names, if any.
 */
function namedOutputs(row: UncheckedObject): ReturnType<Shape['read']> {
  const scoresName = SCORE_OUTPUTS.find((name) => Array.isArray(row[name]));
  if (scoresName === undefined) {
    return problem(
      `"predictions"[0] names the outputs ${echo(Object.keys(row))}, none of them ${SCORE_OUTPUTS.map((name) => `"${name}"`).join(' or ')}`,
    );
  }
  const scores = row[scoresName] as unknown[];
  const scorePath = (index: number) => `predictions[0].${scoresName}[${index}]`;
  const classesName = CLASS_OUTPUTS.find((name) => Array.isArray(row[name]) && (row[name] as unknown[]).length === scores.length);
  if (classesName === undefined) return { value: { scores, scorePath, labelPath: byIndex } };
  return {
    value: { scores, scorePath, labels: row[classesName] as unknown[], labelPath: (index) => `predictions[0].${classesName}[${index}]` },
  };
}

const SHAPES: Readonly<Record<EndpointResponseShape, Shape>> = {
  seed: {
    example: '[score, ...]',
    matches: (value) => Array.isArray(value) && value.every(isNumber),
    read: (value) => ({ value: { scores: value as number[], scorePath: byIndex, labelPath: byIndex } }),
  },
  huggingface: {
    example: '[{"label": "...", "score": score}, ...]',
    matches: (value) => Array.isArray(value) && value.length > 0 && value.every((item) => isObject(item) && Object.hasOwn(item, 'label')),
    read: (value) => {
      const items = value as UncheckedObject[];
      return {
        value: {
          scores: items.map((item) => item.score),
          labels: items.map((item) => item.label),
          scorePath: (index) => `[${index}].score`,
          labelPath: (index) => `[${index}].label`,
        },
      };
    },
  },
  jumpstart: {
    example: '{"probabilities": [score, ...], "labels": ["...", ...]} (labels optional)',
    matches: (value) => isObject(value) && Array.isArray(value.probabilities) && !Object.hasOwn(value, 'predictions'),
    read: (value) => {
      const { probabilities, labels } = value as { probabilities: unknown[]; labels?: unknown };
      const reading = { scores: probabilities, scorePath: (index: number) => `probabilities[${index}]` };
      if (labels === undefined) return { value: { ...reading, labelPath: byIndex } };
      if (!Array.isArray(labels)) return problem(`"labels" must be a list of names when given, got: ${echo(labels)}`);
      if (labels.length !== probabilities.length) {
        return problem(`"labels" holds ${labels.length} names for ${probabilities.length} probabilities`);
      }
      return { value: { ...reading, labels, labelPath: (index) => `labels[${index}]` } };
    },
  },
  torchserve: {
    example: '{"label": score, ...} or [{"label": score, ...}]',
    matches: (value) => isScoreMap(value) || (Array.isArray(value) && value.length > 0 && value.every(isScoreMap)),
    read: (value) => {
      if (Array.isArray(value) && value.length !== 1) {
        return problem(`a batch of ${value.length} answers; one image was sent, so exactly one was expected`);
      }
      const [map, prefix] = Array.isArray(value) ? [value[0] as UncheckedObject, '[0]'] : [value as UncheckedObject, ''];
      const labels = Object.keys(map);
      const path = (index: number) => `${prefix}[${echo(labels[index])}]`;
      return { value: { scores: labels.map((label) => map[label]), labels, scorePath: path, labelPath: path } };
    },
  },
  tensorflow: {
    example: '{"predictions": [[score, ...]]} or {"predictions": [{"probabilities": [score, ...], "classes": ["...", ...]}]}',
    matches: (value) => isObject(value) && Array.isArray(value.predictions) && !Object.hasOwn(value, 'probabilities'),
    read: (value) => {
      const predictions = (value as { predictions: unknown[] }).predictions;
      if (predictions.length > 0 && predictions.every(isNumber)) {
        return problem(
          `"predictions" is a flat list, one score per instance in TensorFlow Serving's row format, but one image was sent: expected [[score, ...]], got: ${echo(predictions)}`,
        );
      }
      if (predictions.length !== 1)
        return problem(`"predictions" holds ${predictions.length} rows; one image was sent, so exactly one was expected`);
      const [row] = predictions;
      if (isObject(row)) return namedOutputs(row);
      if (!Array.isArray(row)) return problem(`"predictions" must hold one row of scores, [[score, ...]], got: ${echo(predictions)}`);
      return { value: { scores: row, scorePath: (index) => `predictions[0][${index}]`, labelPath: byIndex } };
    },
  },
};

/** The shapes whose structural test `value` passes: never more than one, which a property test checks. */
function matchingShapes(value: unknown): EndpointResponseShape[] {
  return ENDPOINT_RESPONSE_SHAPES.filter((name) => SHAPES[name].matches(value));
}

function scoreProblem(value: unknown): string | undefined {
  if (!isNumber(value)) return `${echo(value)}, not a number`;
  if (!Number.isFinite(value)) return `${value}, not a finite number`;
  return value >= 0 && value <= 1 ? undefined : `${value}, outside [0, 1]`;
}

function labelProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `${echo(value)}, not a string`;
  return value.length <= MAX_LABEL_LENGTH ? undefined : `${value.length} characters long, more than ${MAX_LABEL_LENGTH}: ${echo(value)}`;
}

/**
 * A model's own labels may repeat a name: ImageNet-1k's, which most classifiers carry, names two classes
 * "crane" and two "maillot". The top class is found by index, so a repeated name is no reason to fail the image.
 */
function labelsProblem(labels: readonly unknown[], path: (index: number) => string): string | undefined {
  for (const [index, label] of labels.entries()) {
    const invalid = labelProblem(label);
    if (invalid !== undefined) return `${path(index)} is ${invalid}`;
  }
  return undefined;
}

/** Checks what a shape found: how many scores, each score a probability, each label a name; names index-based answers. */
function checkReading(shape: EndpointResponseShape, reading: Reading, options: EndpointResponseOptions): Parsed<ClassScores> {
  const { scores, labels } = reading;
  if (scores.length === 0) return problem(`${shape} answer holds no scores`);
  if (scores.length > options.maxScores) {
    return problem(`${scores.length} scores, more than the ${options.maxScores} allowed (MAX_SCORES)`);
  }
  for (const [index, score] of scores.entries()) {
    const invalid = scoreProblem(score);
    if (invalid !== undefined) return problem(`${shape} answer: ${reading.scorePath(index)} is ${invalid}`);
  }
  if (labels !== undefined) {
    const invalid = labelsProblem(labels, reading.labelPath);
    if (invalid !== undefined) return problem(`${shape} answer: ${invalid}`);
    return { value: { scores: scores as number[], labels: labels as string[] } };
  }
  const { classLabels } = options;
  if (classLabels === undefined) return { value: { scores: scores as number[] } };
  if (classLabels.length !== scores.length) {
    return problem(
      `${scores.length} scores but ${classLabels.length} class labels (class_labels): a ${shape} answer is named by index, so the counts must match`,
    );
  }
  return { value: { scores: scores as number[], labels: classLabels } };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** NaN or Infinity where a value goes: TensorFlow Serving writes them for non-finite floats, and JSON has no such tokens. */
const NON_FINITE_TOKEN = /(?:^|[[,:])\s*-?(?:NaN|Infinity)\s*(?:[\]},]|$)/;

function parseJson(answer: EndpointAnswer): Parsed<unknown> {
  const contentType = `Content-Type ${answer.contentType ?? 'not given'}`;
  const bytes = answer.body ?? new Uint8Array();
  if (bytes.length === 0) return problem(`empty body (${contentType})`);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return problem(`not UTF-8 text (${contentType}, ${bytes.length} bytes)`);
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    const nonFinite = NON_FINITE_TOKEN.test(text) ? ', NaN or Infinity in place of a number' : '';
    return problem(`not JSON (${contentType}${nonFinite}): ${echo(text)}`);
  }
}

function readShape(value: unknown, format: EndpointResponseFormat): Parsed<{ shape: EndpointResponseShape; reading: Reading }> {
  let shape: EndpointResponseShape | undefined;
  if (format === 'auto') {
    shape = ENDPOINT_RESPONSE_SHAPES.find((name) => SHAPES[name].matches(value));
    if (shape === undefined) return problem(`matches none of the shapes tried (${ENDPOINT_RESPONSE_SHAPES.join(', ')}): ${echo(value)}`);
  } else {
    shape = format;
    if (!SHAPES[shape].matches(value)) return problem(`expected the ${shape} shape, ${SHAPES[shape].example}, got: ${echo(value)}`);
  }
  const read = SHAPES[shape].read(value);
  return 'problem' in read ? problem(`${shape} answer: ${read.problem}`) : { value: { shape, reading: read.value } };
}

/**
 * Understands an InvokeEndpoint answer: the scores by index and, when the model or `class_labels`
 * names them, the labels at the same indexes. Throws InvalidEndpointResponse saying what is wrong,
 * echoing at most 200 characters of what was received.
 */
function parseEndpointResponse(answer: EndpointAnswer, options: EndpointResponseOptions): ClassScores {
  const fail = (detail: string): never => {
    throw new InvalidEndpointResponse(answer.endpointName, answer.location, detail);
  };
  const json = parseJson(answer);
  if ('problem' in json) return fail(json.problem);
  const shaped = readShape(json.value, options.format);
  if ('problem' in shaped) return fail(shaped.problem);
  const checked = checkReading(shaped.value.shape, shaped.value.reading, options);
  return 'problem' in checked ? fail(checked.problem) : checked.value;
}

export { parseEndpointResponse, matchingShapes };
export type { EndpointAnswer, EndpointResponseOptions };
