import { createHash } from 'node:crypto';

/**
 * When requests fail. `share`: each attempt fails with that probability, decided by a hash of the
 * seed, the request's key and the attempt's number, so a run fails the same attempts whatever order
 * concurrent requests arrive in. `failFirst`: the first N attempts of each distinct request fail,
 * then it succeeds.
 */
type FaultSchedule = { readonly share: number; readonly seed?: number | string } | { readonly failFirst: number };

/**
 * What to inject: the schedule, and the error shapes to answer with. With several kinds, a failing
 * attempt takes one by the same hash (`share`), or in turn (`failFirst`: attempt 1 the first kind,
 * attempt 2 the second, ...).
 */
type FaultOptions<Kind extends string> = FaultSchedule & { readonly kinds: readonly Kind[] };

/** What an injector has done: every attempt it saw, the faults it answered, by kind and by operation. */
interface FaultReport<Kind extends string> {
  readonly attempts: number;
  readonly distinctRequests: number;
  readonly injected: number;
  readonly byKind: Readonly<Partial<Record<Kind, number>>>;
  readonly byOperation: Readonly<Record<string, number>>;
}

interface FaultInjector<Kind extends string> {
  /** The fault to answer this attempt at `requestKey` with, or undefined to answer normally. Counts the attempt. */
  next(requestKey: string, operation: string): Kind | undefined;
  report(): FaultReport<Kind>;
}

/** Fault options that cannot be honoured, every problem listed. */
class FaultOptionsError extends Error {
  override readonly name = 'FaultOptionsError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid fault options:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  }
}

function problemsOf<Kind extends string>(options: FaultOptions<Kind>, knownKinds: readonly Kind[]): string[] {
  const problems: string[] = [];
  const hasShare = 'share' in options;
  const hasFailFirst = 'failFirst' in options;
  if (hasShare === hasFailFirst) problems.push('give exactly one of `share` and `failFirst`');
  if (hasShare && !(typeof options.share === 'number' && options.share >= 0 && options.share <= 1))
    problems.push(`share must be a number from 0 to 1, got ${String(options.share)}`);
  if (hasFailFirst && !(Number.isInteger(options.failFirst) && options.failFirst >= 0))
    problems.push(`failFirst must be a whole number of attempts, got ${String(options.failFirst)}`);
  const kinds: readonly Kind[] = Array.isArray(options.kinds) ? options.kinds : [];
  if (kinds.length === 0) problems.push(`kinds must name at least one of: ${knownKinds.join(', ')}`);
  else
    for (const kind of kinds)
      if (!knownKinds.includes(kind)) problems.push(`unknown fault kind ${JSON.stringify(kind)}; known: ${knownKinds.join(', ')}`);
  return problems;
}

/** Two independent numbers in [0, 1) from one SHA-256: whether the attempt fails, and which kind it gets. */
function draws(seed: number | string, requestKey: string, attempt: number): [number, number] {
  const digest = createHash('sha256')
    .update(`${String(seed)}\u0000${requestKey}\u0000${attempt}`)
    .digest();
  return [digest.readUInt32BE(0) / 2 ** 32, digest.readUInt32BE(4) / 2 ** 32];
}

/** A fault injector over `options`, which it validates against the kinds a server can answer with. */
function createFaultInjector<Kind extends string>(options: FaultOptions<Kind>, knownKinds: readonly Kind[]): FaultInjector<Kind> {
  const problems = problemsOf(options, knownKinds);
  if (problems.length > 0) throw new FaultOptionsError(problems);
  const { kinds } = options;
  const attemptsByKey = new Map<string, number>();
  const byKind: Partial<Record<Kind, number>> = {};
  const byOperation: Record<string, number> = {};
  let attempts = 0;
  let injected = 0;

  const decide = (requestKey: string, attempt: number): Kind | undefined => {
    if ('failFirst' in options) return attempt < options.failFirst ? kinds[attempt % kinds.length] : undefined;
    const [fails, pick] = draws(options.seed ?? 0, requestKey, attempt);
    return fails < options.share ? kinds[Math.floor(pick * kinds.length)] : undefined;
  };

  return {
    next(requestKey, operation) {
      const attempt = attemptsByKey.get(requestKey) ?? 0;
      attemptsByKey.set(requestKey, attempt + 1);
      attempts++;
      const kind = decide(requestKey, attempt);
      if (kind !== undefined) {
        injected++;
        byKind[kind] = (byKind[kind] ?? 0) + 1;
        byOperation[operation] = (byOperation[operation] ?? 0) + 1;
      }
      return kind;
    },
    report: () => ({ attempts, distinctRequests: attemptsByKey.size, injected, byKind: { ...byKind }, byOperation: { ...byOperation } }),
  };
}

export { createFaultInjector, FaultOptionsError };
export type { FaultInjector, FaultOptions, FaultReport, FaultSchedule };
