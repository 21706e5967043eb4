/** The key suffixes of the images the pipeline classifies, in either case: the trigger's event patterns and the batch's item filter. */
const IMAGE_KEY_SUFFIXES = ['.png', '.jpg', '.jpeg'] as const;

export { IMAGE_KEY_SUFFIXES };
