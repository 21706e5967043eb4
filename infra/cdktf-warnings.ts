/** Node's code for `util.isArray`, which cdktf 0.21's TerraformOutput calls on every list or object output. */
const UTIL_IS_ARRAY_DEPRECATION = 'DEP0044';

type EmitWarning = typeof process.emitWarning;

function warningCode(args: readonly unknown[]): unknown {
  const [typeOrOptions, code] = args;
  return typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: unknown }).code : code;
}

/**
 * Runs a cdktf synthesis without the DEP0044 warning cdktf's own code raises (the project cannot act
 * on it; cdktf is archived). Only that code, and only while the synthesis runs: every other warning
 * is emitted as before.
 */
function withoutCdktfDeprecation<T>(synthesis: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, ...args: Parameters<EmitWarning>): void {
    if (warningCode(args.slice(1)) === UTIL_IS_ARRAY_DEPRECATION) return;
    (emitWarning as (...all: unknown[]) => void).apply(process, args);
  } as EmitWarning;
  try {
    return synthesis();
  } finally {
    process.emitWarning = emitWarning;
  }
}

export { withoutCdktfDeprecation };
