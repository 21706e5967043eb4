import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaServiceError, startLocalLambda } from '../../local/lambda-host';
import type { LocalLambda, LocalLambdaOptions } from '../../local/lambda-host';

/**
 * A function whose module state shows which container served an invocation: the process id, a
 * client-like object built once at init, and how many invocations the container has served and
 * has in flight.
 */
const HANDLER_SOURCE = `
const client = { builtAt: process.hrtime.bigint().toString() };
let served = 0;
let inFlight = 0;
let mostInFlight = 0;
exports.handler = async (event) => {
  served++;
  mostInFlight = Math.max(mostInFlight, ++inFlight);
  await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  inFlight--;
  return { pid: process.pid, client: client.builtAt, served, mostInFlight };
};
`;

interface Served {
  readonly pid: number;
  readonly client: string;
  readonly served: number;
  readonly mostInFlight: number;
}

describe('startLocalLambda', () => {
  const directory = mkdtempSync(join(tmpdir(), 'lambda-host-'));
  writeFileSync(join(directory, 'index.js'), HANDLER_SOURCE);
  const running: LocalLambda[] = [];
  const start = async (options: Partial<LocalLambdaOptions> = {}) => {
    const lambda = await startLocalLambda({ directory, handler: 'index.handler', environment: {}, ...options });
    running.push(lambda);
    return lambda;
  };
  const invokeAll = (lambda: LocalLambda, count: number, sleepMs = 100) =>
    Promise.all(Array.from({ length: count }, () => lambda.invoke({ sleepMs }) as Promise<Served>));

  afterEach(async () => {
    await Promise.all(running.splice(0).map((lambda) => lambda.stop()));
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('without a container limit, serves concurrent invocations in one process that shares its module state', async () => {
    const lambda = await start();

    const results = await invokeAll(lambda, 4);

    expect(new Set(results.map((result) => result.pid)).size).toBe(1);
    expect(Math.max(...results.map((result) => result.mostInFlight))).toBe(4);
    expect(lambda.stats()).toStrictEqual({ containers: 1, coldStarts: 1, invocations: 4, peakConcurrency: 4, throttled: 0 });
  });

  it('with containers, runs one invocation at a time per container, each its own process with its own clients', async () => {
    const lambda = await start({ containers: { max: 3 } });

    const concurrent = await invokeAll(lambda, 3);
    const warm = await invokeAll(lambda, 3);

    expect(new Set(concurrent.map((result) => result.pid)).size).toBe(3);
    expect(new Set(concurrent.map((result) => result.client)).size).toBe(3);
    expect(concurrent.every((result) => result.mostInFlight === 1 && result.served === 1)).toBe(true);
    // Warm invocations reuse the containers and the clients their init built.
    expect(new Set(warm.map((result) => result.pid))).toStrictEqual(new Set(concurrent.map((result) => result.pid)));
    expect(warm.map((result) => result.served)).toStrictEqual([2, 2, 2]);
    expect(lambda.stats()).toStrictEqual({ containers: 3, coldStarts: 3, invocations: 6, peakConcurrency: 3, throttled: 0 });
    expect(await lambda.peakMemoryMb()).toBeGreaterThan(10);
  });

  it('queues invocations past the limit until a container is free', async () => {
    const lambda = await start({ containers: { max: 2 } });

    const results = await invokeAll(lambda, 6, 50);

    const servedByContainer = new Map<number, Served[]>();
    for (const result of results) servedByContainer.set(result.pid, [...(servedByContainer.get(result.pid) ?? []), result]);
    expect(servedByContainer.size).toBe(2);
    expect(results.every((result) => result.mostInFlight === 1)).toBe(true);
    // Each container served its share one after another (the warm one more, while the other cold-started).
    for (const served of servedByContainer.values())
      expect(served.map((result) => result.served).sort()).toStrictEqual(served.map((_, index) => index + 1));
    expect(lambda.stats()).toMatchObject({ containers: 2, coldStarts: 2, invocations: 6, throttled: 0 });
  });

  it("refuses invocations past the limit with Lambda's throttling when told to, as a service error without a payload", async () => {
    const lambda = await start({ containers: { max: 1, whenAllBusy: 'throttle' } });

    const outcomes = await Promise.allSettled([lambda.invoke({ sleepMs: 100 }), lambda.invoke({ sleepMs: 0 })]);

    expect(outcomes[0].status).toBe('fulfilled');
    const refusal: LambdaServiceError = (outcomes[1] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(LambdaServiceError);
    expect(refusal.name).toBe('Lambda.TooManyRequestsException');
    expect(refusal.cause).toMatch(
      /^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
    expect(lambda.stats()).toMatchObject({ containers: 1, throttled: 1 });
  });

  it('refuses a container limit below one', async () => {
    await expect(start({ containers: { max: 0 } })).rejects.toThrow('containers.max must be a whole number of at least 1, got 0');
  });
});
