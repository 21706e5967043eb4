import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

interface LocalLambdaOptions {
  /** Folder holding the unpacked deployment package. */
  readonly directory: string;
  /** Lambda's `handler` setting, e.g. `index.handler`. */
  readonly handler: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Receives what the function writes to stdout, line by line. */
  readonly onLog?: (line: string) => void;
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

interface LocalLambda {
  invoke(event: unknown): Promise<unknown>;
  /** The function process's peak resident memory so far, in MB: what Lambda's memory setting must hold. */
  peakMemoryMb(): Promise<number>;
  stop(): Promise<void>;
}

type Reply = { id: number; result?: unknown; error?: LambdaErrorPayload } | { ready: true } | { initError: LambdaErrorPayload };

const RUNTIME_SCRIPT = join(__dirname, 'lambda-runtime.cjs');

function forwardLines(child: ChildProcess, onLog: (line: string) => void): void {
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    lines.filter((line) => line !== '').forEach(onLog);
  });
}

/** Starts one Node process per function, like a warm Lambda container, and invokes it over IPC. */
async function startLocalLambda({ directory, handler, environment, onLog = () => {} }: LocalLambdaOptions): Promise<LocalLambda> {
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
    child.once('exit', (code) => reject(new Error(`Lambda runtime for ${handler} in ${directory} exited during init (code ${code})`)));
    child.once('message', (reply: Reply) => {
      if ('initError' in reply) {
        const { errorType, errorMessage } = reply.initError;
        reject(new Error(`Init of ${handler} in ${directory} failed: ${errorType}: ${errorMessage}`));
      } else resolve();
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', (code) => {
    for (const { reject } of waiting.values()) reject(new Error(`Lambda runtime exited (code ${code})`));
    waiting.clear();
  });
  child.on('message', (reply: Reply) => {
    if (!('id' in reply)) return;
    const call = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error) call?.reject(new LambdaFunctionError(reply.error));
    else call?.resolve(reply.result);
  });

  const request = (message: object) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ id, requestId: `local-${id}`, ...message });
    });

  return {
    invoke: (event) => request({ event }),
    peakMemoryMb: async () => (await request({ peakMemory: true })) as number,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

export { startLocalLambda, LambdaFunctionError };
export type { LocalLambda, LocalLambdaOptions, LambdaErrorPayload };
