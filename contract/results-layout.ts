/**
 * The folders under `results_prefix` in the image bucket: one JSON object per image (written by the
 * state machines, see workflow/result-object.ts), per request that named no image, and the deployment's
 * configuration Terraform writes there (the class_labels object, see contract/class-labels.ts).
 */
const RESULTS_FOLDERS = {
  images: 'images/',
  requests: 'requests/',
  configuration: 'configuration/',
} as const;

export { RESULTS_FOLDERS };
