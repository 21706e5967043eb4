import { FaultOptionsError, createFaultInjector } from '../../local/fault-injection';

const KINDS = ['Throttled', 'Unavailable'] as const;

/** Which of `attempts` attempts at each of `keys` requests fail, as `key#attempt` strings. */
function failures(injector: ReturnType<typeof createFaultInjector<(typeof KINDS)[number]>>, keys: number, attempts: number): string[] {
  const failed: string[] = [];
  for (let attempt = 0; attempt < attempts; attempt++)
    for (let key = 0; key < keys; key++) if (injector.next(`image-${key}`, 'Get') !== undefined) failed.push(`image-${key}#${attempt}`);
  return failed;
}

describe('createFaultInjector', () => {
  it('fails the first N attempts of each distinct request, taking the kinds in turn, then lets it through', () => {
    const injector = createFaultInjector({ kinds: KINDS, failFirst: 3 }, KINDS);

    const answers = [0, 1, 2, 3, 4].map(() => injector.next('a', 'Get'));
    const other = injector.next('b', 'Put');

    expect(answers).toStrictEqual(['Throttled', 'Unavailable', 'Throttled', undefined, undefined]);
    expect(other).toBe('Throttled');
    expect(injector.report()).toStrictEqual({
      attempts: 6,
      distinctRequests: 2,
      injected: 4,
      byKind: { Throttled: 3, Unavailable: 1 },
      byOperation: { Get: 3, Put: 1 },
    });
  });

  it('fails the same attempts for the same seed whatever order the requests arrive in, and others for another seed', () => {
    const forward = createFaultInjector({ kinds: KINDS, share: 0.3, seed: 7 }, KINDS);
    const backward = createFaultInjector({ kinds: KINDS, share: 0.3, seed: 7 }, KINDS);
    const reseeded = createFaultInjector({ kinds: KINDS, share: 0.3, seed: 8 }, KINDS);
    const keys = Array.from({ length: 500 }, (_, index) => `image-${index}`);

    const decided = (injector: typeof forward, order: string[]) =>
      Object.fromEntries(order.map((key) => [key, injector.next(key, 'Get') ?? 'ok']));
    const first = decided(forward, keys);
    const second = decided(backward, [...keys].reverse());

    expect(second).toStrictEqual(first);
    expect(decided(reseeded, keys)).not.toStrictEqual(first);
  });

  it('fails close to the given share of attempts, with every kind drawn', () => {
    const injector = createFaultInjector({ kinds: KINDS, share: 0.3, seed: 1 }, KINDS);

    const failed = failures(injector, 2000, 5);
    const report = injector.report();

    expect(failed.length / 10_000).toBeGreaterThan(0.28);
    expect(failed.length / 10_000).toBeLessThan(0.32);
    expect(report.injected).toBe(failed.length);
    expect(report.byKind.Throttled! + report.byKind.Unavailable!).toBe(failed.length);
    expect(report.byKind.Throttled! / failed.length).toBeGreaterThan(0.45);
  });

  it('never fails with share 0 and always fails with share 1', () => {
    expect(failures(createFaultInjector({ kinds: KINDS, share: 0 }, KINDS), 100, 3)).toStrictEqual([]);
    expect(failures(createFaultInjector({ kinds: KINDS, share: 1 }, KINDS), 100, 3)).toHaveLength(300);
  });

  it('lists every problem with its options at once', () => {
    const bad = { kinds: ['Throttled', 'Melted'], share: 1.5, failFirst: -1 } as never;

    expect(() => createFaultInjector(bad, KINDS)).toThrow(FaultOptionsError);
    expect(() => createFaultInjector(bad, KINDS)).toThrow(
      [
        'Invalid fault options:',
        '- give exactly one of `share` and `failFirst`',
        '- share must be a number from 0 to 1, got 1.5',
        '- failFirst must be a whole number of attempts, got -1',
        '- unknown fault kind "Melted"; known: Throttled, Unavailable',
      ].join('\n'),
    );
    expect(() => createFaultInjector({ kinds: [], failFirst: 1 }, KINDS)).toThrow(
      'kinds must name at least one of: Throttled, Unavailable',
    );
  });
});
