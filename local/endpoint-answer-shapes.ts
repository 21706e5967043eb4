import type { EndpointResponseShape } from '../contract/endpoint-response';

/** How many classes the serving stacks that answer with their top classes give by default (Hugging Face top_k, TorchServe topk). */
const TOP_K = 5;

/** The indexes of the `k` highest scores, highest first (the first of equal ones first). */
function topIndexes(scores: readonly number[], k: number): number[] {
  return scores
    .map((score, index) => ({ score, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k)
    .map(({ index }) => index);
}

/**
 * A model's scores as each serving stack writes them (contract/endpoint-response.ts): the seed's array,
 * Hugging Face's top 5 `{label, score}` items, JumpStart's probabilities (with labels and the predicted
 * label when the request's Accept says `;verbose`), TorchServe's top 5 label -> score map, TensorFlow
 * Serving's one row of predictions. `labels` are the model's class names by index.
 */
function answerInShape(shape: EndpointResponseShape, scores: readonly number[], labels: readonly string[], verbose: boolean): unknown {
  const named = shape === 'huggingface' || shape === 'torchserve' || (shape === 'jumpstart' && verbose);
  if (named && labels.length !== scores.length) {
    throw new Error(`A ${shape} answer names each class: ${scores.length} scores need as many labels, got ${labels.length}`);
  }
  switch (shape) {
    case 'seed':
      return scores;
    case 'huggingface':
      return topIndexes(scores, TOP_K).map((index) => ({ label: labels[index], score: scores[index] }));
    case 'jumpstart':
      return verbose ? { probabilities: scores, labels, predicted_label: labels[topIndexes(scores, 1)[0]!] } : { probabilities: scores };
    case 'torchserve':
      return Object.fromEntries(topIndexes(scores, TOP_K).map((index) => [labels[index], scores[index]]));
    case 'tensorflow':
      return { predictions: [scores] };
  }
}

/** The model's name of each class when none are given: `label <index>`. */
function defaultModelLabels(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `label ${index}`);
}

export { answerInShape, defaultModelLabels, TOP_K };
