import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

/**
 * How many execution environments (containers) serve the function, as Lambda scales them: each is
 * its own Node process with its own module state (clients built once per container), serving one
 * invocation at a time; another one starts, a cold start, when every container is busy, up to `max`.
 */
interface ContainerLimit {
  /** Containers at most: the function's concurrency (its reserved concurrency, or what the account leaves it). */
  readonly max: number;
  /**
   * An invocation that finds all `max` containers busy waits for one ('queue', the default), or is
   * refused with Lambda.TooManyRequestsException ('throttle'), as Lambda refuses a synchronous invoke.
   */
  readonly whenAllBusy?: 'queue' | 'throttle';
}

interface LocalLambdaOptions {
  /** Folder holding the unpacked deployment package. */
  readonly directory: string;
  /** Lambda's `handler` setting, e.g. `index.handler`. */
  readonly handler: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Receives what the function writes to stdout, line by line. */
  readonly onLog?: (line: string) => void;
  /**
   * Containers as Lambda runs them (one invocation at a time each). Without it, one process serves
   * every invocation at once: fewer processes, but concurrent invocations share one container's
   * module state and memory, which Lambda never does.
   */
  readonly containers?: ContainerLimit;
  /**
   * When the first container starts: 'start' (the default), before startLocalLambda resolves, which an
   * init error rejects (InitError); or 'invoke', on the first invocation, a cold start as Lambda's, and
   * an init error fails that invocation with the init error's payload (LambdaFunctionError), as Lambda
   * reports it; the next invocation tries the init again.
   */
  readonly firstContainer?: 'start' | 'invoke';
}

/** Lambda's error payload for a failed invocation. */
interface LambdaErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** A failed invocation; `name` is the function's `errorType`, which Step Functions matches. */
class LambdaFunctionError extends Error {
  readonly payload: LambdaErrorPayload;

  constructor(payload: LambdaErrorPayload) {
    super(payload.errorMessage);
    this.name = payload.errorType;
    this.payload = payload;
  }
}

/** The handler module failed to load (its init): the runtime's error payload for it. */
class InitError extends Error {
  override readonly name = 'InitError';
  readonly payload: LambdaErrorPayload;

  constructor(message: string, payload: LambdaErrorPayload) {
    super(message);
    this.payload = payload;
  }
}

/** A refusal by the Lambda service itself, as the lambda:invoke integration reports it to the task: Error and Cause. */
interface InvokeRejection {
  readonly error: string;
  readonly cause: string;
}

/**
 * An invocation the Lambda service refused before the function ran (throttling): `name` is the
 * error Step Functions reports, `cause` its Cause. Not a function error: it has no error payload.
 */
class LambdaServiceError extends Error {
  override readonly cause: string;

  constructor(rejection: InvokeRejection) {
    super(rejection.cause);
    this.name = rejection.error;
    this.cause = rejection.cause;
  }
}

/**
 * Lambda's throttling as a lambda:invoke task sees it: `Lambda.TooManyRequestsException`, with the
 * service error's text as Cause (Lambda answers 429 TooManyRequestsException "Rate Exceeded.").
 */
function tooManyRequests(): InvokeRejection {
  return {
    error: 'Lambda.TooManyRequestsException',
    cause: `Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: ${randomUUID()}; Proxy: null)`,
  };
}

/**
 * What the host has done: containers running, cold starts, invocations, the most in flight at once
 * (queued ones included), and those refused.
 */
interface LocalLambdaStats {
  readonly containers: number;
  readonly coldStarts: number;
  readonly invocations: number;
  readonly peakConcurrency: number;
  readonly throttled: number;
}

interface LocalLambda {
  invoke(event: unknown): Promise<unknown>;
  /** The largest peak resident memory of the function's processes so far, in MB: what Lambda's memory setting must hold. */
  peakMemoryMb(): Promise<number>;
  stats(): LocalLambdaStats;
  stop(): Promise<void>;
}

type Reply = { id: number; result?: unknown; error?: LambdaErrorPayload } | { ready: true } | { initError: LambdaErrorPayload };

/** One function process: an execution environment. */
interface Container {
  request(message: object): Promise<unknown>;
  readonly alive: () => boolean;
  stop(): Promise<void>;
}

const RUNTIME_SCRIPT = join(__dirname, 'lambda-runtime.cjs');

function forwardLines(child: ChildProcess, onLog: (line: string) => void): void {
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    lines.filter((line) => line !== '').forEach(onLog);
  });
}

/** Lambda's error for a runtime that exits without reporting an error, during init or an invocation. */
function runtimeExited(code: number | null): LambdaErrorPayload {
  return { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}`, trace: [] };
}

/** Starts one Node process that loads the handler once (its init), then serves requests over IPC; InitError when the init fails. */
async function startContainer({ directory, handler, environment, onLog = () => {} }: LocalLambdaOptions): Promise<Container> {
  const child = fork(RUNTIME_SCRIPT, [directory, handler], {
    env: { PATH: process.env.PATH ?? '', ...environment },
    // A clean Node, as in Lambda: no loaders or flags of the parent (tsx, jest) in the function's process.
    execArgv: [],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  forwardLines(child, onLog);
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;

  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new InitError(`Lambda runtime for ${handler} in ${directory} exited during init (code ${code})`, runtimeExited(code))),
    );
    child.once('message', (reply: Reply) => {
      if ('initError' in reply) {
        const { errorType, errorMessage } = reply.initError;
        reject(new InitError(`Init of ${handler} in ${directory} failed: ${errorType}: ${errorMessage}`, reply.initError));
      } else resolve();
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', (code) => {
    for (const { reject } of waiting.values()) reject(new LambdaFunctionError(runtimeExited(code)));
    waiting.clear();
  });
  child.on('message', (reply: Reply) => {
    if (!('id' in reply)) return;
    const call = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error) call?.reject(new LambdaFunctionError(reply.error));
    else call?.resolve(reply.result);
  });

  return {
    request: (message) =>
      new Promise<unknown>((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) return reject(new LambdaFunctionError(runtimeExited(child.exitCode)));
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, requestId: `local-${id}`, ...message });
      }),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/**
 * A container started for an invocation: an init that fails fails the invocation, as Lambda reports
 * it, with the init error's payload as the function's error.
 */
async function coldStart(start: () => Promise<Container>): Promise<Container> {
  try {
    return await start();
  } catch (error) {
    throw error instanceof InitError ? new LambdaFunctionError(error.payload) : error;
  }
}

/** One process serving every invocation at once, started with the first (and again after an init that failed, or once it exited). */
function sharedContainer(start: () => Promise<Container>) {
  let container: Promise<Container> | undefined;
  let started: Container | undefined;
  const acquire = (): Promise<Container> => {
    if (started !== undefined && !started.alive()) container = started = undefined;
    container ??= start().then(
      (ready) => (started = ready),
      (error: unknown) => {
        container = undefined;
        throw error;
      },
    );
    return container;
  };
  return {
    warm: async () => void (await acquire()),
    all: () => (started === undefined ? [] : [started]),
    throttled: () => 0,
    invoke: async (event: unknown) => (await coldStart(acquire)).request({ event }),
  };
}

/** Containers as Lambda scales them: one invocation each at a time, a new one when all are busy, up to the limit. */
function containerPool(limit: ContainerLimit, start: () => Promise<Container>) {
  const all: Container[] = [];
  const idle: Container[] = [];
  /** Invocations waiting for a container; undefined tells one to try a cold start itself (one failed). */
  const queue: ((container: Container | undefined) => void)[] = [];
  let starting = 0;
  let throttled = 0;

  async function startAnother(): Promise<Container> {
    starting++;
    try {
      const started = await start();
      all.push(started);
      return started;
    } catch (error) {
      queue.shift()?.(undefined);
      throw error;
    } finally {
      starting--;
    }
  }

  async function acquire(): Promise<Container> {
    const free = idle.pop();
    if (free !== undefined) return free;
    if (all.length + starting < limit.max) return startAnother();
    if (limit.whenAllBusy === 'throttle') {
      throttled++;
      throw new LambdaServiceError(tooManyRequests());
    }
    return (await new Promise<Container | undefined>((resolve) => queue.push(resolve))) ?? acquire();
  }

  function release(container: Container): void {
    if (!container.alive()) {
      all.splice(all.indexOf(container), 1);
      queue.shift()?.(undefined);
      return;
    }
    const next = queue.shift();
    if (next !== undefined) next(container);
    else idle.push(container);
  }

  return {
    warm: async () => release(await acquire()),
    all: () => all,
    throttled: () => throttled,
    async invoke(event: unknown): Promise<unknown> {
      const container = await coldStart(acquire);
      try {
        return await container.request({ event });
      } finally {
        release(container);
      }
    },
  };
}

/**
 * Runs a function from its unpacked zip in Node processes of its own, invoked over IPC: one process
 * serving every invocation, or, with `containers`, one per concurrent invocation as Lambda runs them.
 * The first container starts when `firstContainer` says: by default before this resolves.
 */
async function startLocalLambda(options: LocalLambdaOptions): Promise<LocalLambda> {
  const limit = options.containers;
  if (limit !== undefined && !(Number.isInteger(limit.max) && limit.max >= 1))
    throw new Error(`containers.max must be a whole number of at least 1, got ${String(limit.max)}`);
  let coldStarts = 0;
  const underWay = new Set<Promise<Container>>();
  const start = () => {
    coldStarts++;
    const container = startContainer(options);
    underWay.add(container);
    const settled = () => void underWay.delete(container);
    container.then(settled, settled);
    return container;
  };
  const pool = limit === undefined ? sharedContainer(start) : containerPool(limit, start);
  if ((options.firstContainer ?? 'start') === 'start') await pool.warm();
  let invocations = 0;
  let inFlight = 0;
  let peakConcurrency = 0;

  return {
    async invoke(event) {
      invocations++;
      peakConcurrency = Math.max(peakConcurrency, ++inFlight);
      try {
        return await pool.invoke(event);
      } finally {
        inFlight--;
      }
    },
    async peakMemoryMb() {
      const peaks = (await Promise.all(pool.all().map((container) => container.request({ peakMemory: true })))) as number[];
      return Math.max(0, ...peaks);
    },
    stats: () => ({ containers: pool.all().length, coldStarts, invocations, peakConcurrency, throttled: pool.throttled() }),
    async stop() {
      // A cold start under way ends before its container is stopped with the others.
      await Promise.allSettled(underWay);
      await Promise.all(pool.all().map((container) => container.stop()));
    },
  };
}

export { startLocalLambda, tooManyRequests, InitError, LambdaFunctionError, LambdaServiceError };
export type { ContainerLimit, InvokeRejection, LocalLambda, LocalLambdaOptions, LocalLambdaStats, LambdaErrorPayload };
