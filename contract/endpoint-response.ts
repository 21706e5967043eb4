import { MAX_SCORES_LIMIT } from './variables';

/**
 * The answers a SageMaker endpoint may give, by the serving stack that writes them. Each shape is
 * recognised by a structural test that no body of another shape passes, so `auto` never guesses.
 */
const ENDPOINT_RESPONSE_SHAPES = [
  /**
   * The seed's, and the SageMaker built-in image-classification algorithm's with Accept application/json:
   * the probability of each class, `[0.0013, 0.9987]` (SageMaker Developer Guide, image-classification.html#IC-inference).
   */
  'seed',
  /**
   * Hugging Face inference toolkit, image-classification pipeline, its top k (5 by default):
   * `[{"label": "tabby, tabby cat", "score": 0.94}, ...]` (huggingface.js tasks/image-classification/spec/output.json).
   */
  'huggingface',
  /**
   * SageMaker JumpStart classification: `{"probabilities": [...]}`, and with Accept application/json;verbose
   * `{"probabilities": [...], "labels": [...], "predicted_label": "..."}` (JumpStart image-classification notebooks).
   */
  'jumpstart',
  /**
   * TorchServe image_classifier handler, its top 5 as class name -> probability, `{"tabby": 0.41, ...}`, or a batch
   * of one such map (pytorch/serve docs/default_handlers.md, ts/utils/util.py map_class_to_label).
   */
  'torchserve',
  /**
   * TensorFlow Serving REST predict, row format, one instance: `{"predictions": [[0.1, 0.9]]}`, or for a model with named
   * outputs `{"predictions": [{"probabilities": [0.1, 0.9], "all_classes": ["cat", "bicycle"], ...}]}` (scores or probabilities,
   * classes or all_classes)
   * (tensorflow/serving g3doc/api_rest.md).
   */
  'tensorflow',
] as const;

type EndpointResponseShape = (typeof ENDPOINT_RESPONSE_SHAPES)[number];

/** The values of the `endpoint_response_format` variable: `auto` recognises any shape, a shape's name accepts only it. */
const ENDPOINT_RESPONSE_FORMATS = ['auto', ...ENDPOINT_RESPONSE_SHAPES] as const;

type EndpointResponseFormat = (typeof ENDPOINT_RESPONSE_FORMATS)[number];

const DEFAULT_ENDPOINT_RESPONSE_FORMAT: EndpointResponseFormat = 'auto';

function isEndpointResponseFormat(value: string): value is EndpointResponseFormat {
  return (ENDPOINT_RESPONSE_FORMATS as readonly string[]).includes(value);
}

/** The most names `class_labels` may hold: one per score, and a classification carries at most MAX_SCORES_LIMIT. */
const MAX_CLASS_LABELS = MAX_SCORES_LIMIT;

/** The longest label, from the model or from `class_labels`, in characters (UTF-16 code units, as `length` counts). */
const MAX_LABEL_LENGTH = 256;

/**
 * The largest `class_labels` object the functions read: a bound on what is read, not a budget.
 * 10,000 labels of 256 characters of up to 3 UTF-8 bytes each, quoted and separated, take 7.7 MB.
 */
const MAX_CLASS_LABELS_BYTES = 8 * 1024 * 1024;

/** One classification: a probability per class and, when the model or `class_labels` names them, the label at the same index. */
interface ClassScores {
  readonly scores: readonly number[];
  readonly labels?: readonly string[];
}

export {
  ENDPOINT_RESPONSE_SHAPES,
  ENDPOINT_RESPONSE_FORMATS,
  DEFAULT_ENDPOINT_RESPONSE_FORMAT,
  MAX_CLASS_LABELS,
  MAX_LABEL_LENGTH,
  MAX_CLASS_LABELS_BYTES,
  isEndpointResponseFormat,
};
export type { ClassScores, EndpointResponseFormat, EndpointResponseShape };
