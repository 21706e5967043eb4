import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaFunctionError, LambdaServiceError, startLocalLambda } from '../../local/lambda-host';
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
  if (event.exit) process.exit(1);
  served++;
  mostInFlight = Math.max(mostInFlight, ++inFlight);
  await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  inFlight--;
  return { pid: process.pid, client: client.builtAt, served, mostInFlight };
};
`;

/** A function whose init fails, as a handler refusing its configuration does. */
const FAILING_INIT_SOURCE = `
const error = new Error('ENDPOINT_NAME is unset');
error.name = 'InvalidConfiguration';
throw error;
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
  writeFileSync(join(directory, 'failing-init.js'), FAILING_INIT_SOURCE);
  writeFileSync(join(directory, 'missing-dependency.js'), "require('no-such-package');\nexports.handler = async () => 'unreached';\n");
  writeFileSync(join(directory, 'syntax-error.js'), 'exports.handler = async () => {;\n');
  const running: LocalLambda[] = [];
  const start = async (options: Partial<LocalLambdaOptions> = {}) => {
    const lambda = await startLocalLambda({ directory, handler: 'index.handler', environment: {}, ...options });
    running.push(lambda);
    return lambda;
  };
  const invokeAll = (lambda: LocalLambda, count: number, sleepMs = 20) =>
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

    const results = await invokeAll(lambda, 6);

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

  it.each([
    ['one process', {}],
    ['containers', { containers: { max: 2 } }],
  ])('with firstContainer invoke (%s), starts no process until the first invocation, a cold start', async (_, options) => {
    const lambda = await start({ ...options, firstContainer: 'invoke' });
    const before = { stats: lambda.stats(), peakMemoryMb: await lambda.peakMemoryMb() };

    const [first] = await invokeAll(lambda, 1);
    const [second] = await invokeAll(lambda, 1);

    expect(before).toStrictEqual({
      stats: { containers: 0, coldStarts: 0, invocations: 0, peakConcurrency: 0, throttled: 0 },
      peakMemoryMb: 0,
    });
    expect([second!.pid, second!.served]).toStrictEqual([first!.pid, 2]);
    expect(lambda.stats()).toStrictEqual({ containers: 1, coldStarts: 1, invocations: 2, peakConcurrency: 1, throttled: 0 });
  });

  it('rejects the start with InitError when the first container fails its init', async () => {
    const starting = start({ handler: 'failing-init.handler' });

    await expect(starting).rejects.toThrow(
      `Init of failing-init.handler in ${directory} failed: InvalidConfiguration: ENDPOINT_NAME is unset`,
    );
    await expect(starting).rejects.toMatchObject({
      name: 'InitError',
      payload: { errorType: 'InvalidConfiguration', errorMessage: 'ENDPOINT_NAME is unset' },
    });
  });

  it.each([
    // The two concurrent invocations wait on one init, the third tries its own.
    ['one process', {}, 2],
    // The second waits for the one container, and tries its own init when the first's fails.
    ['containers', { containers: { max: 1 } }, 3],
  ])(
    'with firstContainer invoke (%s), fails each invocation whose cold start fails its init with the init error, and tries the init again',
    async (_, options, coldStarts) => {
      const lambda = await start({ ...options, handler: 'failing-init.handler', firstContainer: 'invoke' });

      const concurrent = await Promise.allSettled([lambda.invoke({}), lambda.invoke({})]);
      const again = await lambda.invoke({}).catch((error: unknown) => error);

      const errors = [...concurrent.map((outcome) => (outcome as PromiseRejectedResult).reason as unknown), again];
      for (const error of errors) {
        expect(error).toBeInstanceOf(LambdaFunctionError);
        expect(error).toMatchObject({
          name: 'InvalidConfiguration',
          message: 'ENDPOINT_NAME is unset',
          payload: { errorType: 'InvalidConfiguration', errorMessage: 'ENDPOINT_NAME is unset' },
        });
      }
      expect(lambda.stats()).toStrictEqual({ containers: 0, coldStarts, invocations: 3, peakConcurrency: 2, throttled: 0 });
    },
  );

  // As Lambda's Node.js runtime names the init errors it recognises (Runtime.*); any other error thrown by the module keeps its name.
  it.each([
    ['a module that is not there', 'no-such-file.handler', 'Runtime.ImportModuleError', /^Error: Cannot find module '.*no-such-file'/],
    [
      'a dependency that is not there',
      'missing-dependency.handler',
      'Runtime.ImportModuleError',
      /^Error: Cannot find module 'no-such-package'/,
    ],
    ['a syntax error', 'syntax-error.handler', 'Runtime.UserCodeSyntaxError', /^SyntaxError: /],
    ['a handler the module does not export', 'index.missing', 'Runtime.HandlerNotFound', /^index\.missing is undefined or not exported$/],
  ])('fails the init of %s with the runtime error Lambda names', async (_, handler, errorType, message) => {
    const lambda = await start({ handler, firstContainer: 'invoke' });

    const error = await lambda.invoke({}).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(LambdaFunctionError);
    expect(error).toMatchObject({ name: errorType, payload: { errorType, errorMessage: expect.stringMatching(message) } });
    expect(lambda.stats()).toMatchObject({ containers: 0, coldStarts: 1 });
  });

  it.each([
    ['one process', {}],
    ['containers', { containers: { max: 1 } }],
  ])(
    'with firstContainer invoke (%s), fails an invocation whose runtime exits, and serves the next from a new container',
    async (_, options) => {
      const lambda = await start({ ...options, firstContainer: 'invoke' });
      const [first] = await invokeAll(lambda, 1);

      const crashed = await lambda.invoke({ exit: true }).catch((error: unknown) => error);
      const [next] = await invokeAll(lambda, 1);

      expect(crashed).toBeInstanceOf(LambdaFunctionError);
      expect(crashed).toMatchObject({ name: 'Runtime.ExitError', payload: { errorType: 'Runtime.ExitError' } });
      expect(next!.pid).not.toBe(first!.pid);
      expect(lambda.stats()).toMatchObject({ containers: 1, coldStarts: 2 });
    },
  );

  it('refuses a container limit below one', async () => {
    await expect(start({ containers: { max: 0 } })).rejects.toThrow('containers.max must be a whole number of at least 1, got 0');
  });
});
