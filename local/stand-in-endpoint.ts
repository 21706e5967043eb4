import { createHash } from 'node:crypto';
import type { EndpointResponseShape } from '../contract/endpoint-response';
import { answerInShape, defaultModelLabels } from './endpoint-answer-shapes';
import { createFaultInjector } from './fault-injection';
import type { FaultOptions, FaultReport } from './fault-injection';
import { ENDPOINT_FAULT_KINDS, endpointFaultReply } from './fault-replies';
import type { EndpointFaultKind, ModelFailure } from './fault-replies';
import { sagemakerErrorReply, startLocalHttpServer } from './http-server';
import type { LocalHttpServer, Reply } from './http-server';

/** An InvokeEndpoint request's headers: ContentType, Accept and the targets SageMaker's REST API carries as X-Amzn-SageMaker-* headers. */
interface InvocationHeaders {
  readonly endpointName: string;
  readonly contentType: string;
  readonly accept: string | undefined;
  readonly targetModel: string | undefined;
  readonly targetVariant: string | undefined;
  readonly inferenceComponentName: string | undefined;
}

interface Invocation extends InvocationHeaders {
  readonly image: Buffer;
}

/**
 * What the stand-in answers: scores, a raw body (to test bad responses), SageMaker's throttling
 * error, or any fault the endpoint can answer with, in its AWS shape.
 */
type EndpointAnswer =
  /**
   * Written in the endpoint's shape, or in `shape` when given (another model behind it); `labels`,
   * the model's class names, for the shapes that carry them.
   */
  | { readonly scores: readonly number[]; readonly labels?: readonly string[]; readonly shape?: EndpointResponseShape }
  | { readonly rawBody: string }
  | { readonly throttle: true }
  | { readonly fault: EndpointFaultKind };

interface StandInEndpointOptions {
  /** The shape the stand-in writes scores in (seed by default), as a model behind that serving stack would. */
  readonly shape?: EndpointResponseShape;
  /** The model's class names by index, for the shapes that name classes; `label <index>` by default. */
  readonly labels?: readonly string[];
  /**
   * Faults injected before `answer` is asked: a share of InvokeEndpoint attempts (seeded) or the
   * first N attempts of each distinct request (endpoint name and image bytes), every attempt the
   * SDK makes counted, its own retries included.
   */
  readonly faults?: FaultOptions<EndpointFaultKind>;
  /** What a ModelError reports of the container; by default a 500 with a Python traceback's last line. */
  readonly modelFailure?: ModelFailure;
  /** For the ModelError's log group and message. */
  readonly region?: string;
  readonly accountId?: string;
}

interface StandInEndpoint extends LocalHttpServer {
  /** Every InvokeEndpoint attempt so far, and the faults injected (none without `faults`). */
  faultReport(): FaultReport<EndpointFaultKind>;
  /** Injects `faults` (none when undefined) from the next request on, in place of the current ones; the fault report starts again. */
  setFaults(faults: FaultOptions<EndpointFaultKind> | undefined): void;
  /** The headers of every InvokeEndpoint request that reached the stand-in, in order. */
  invocations(): readonly InvocationHeaders[];
}

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value);

/** The request's headers as SageMaker's REST API names them (Node lowercases them). */
function invocationHeaders(endpointName: string, headers: Readonly<Record<string, string | string[] | undefined>>): InvocationHeaders {
  return {
    endpointName,
    contentType: String(headers['content-type']),
    accept: header(headers.accept),
    targetModel: header(headers['x-amzn-sagemaker-target-model']),
    targetVariant: header(headers['x-amzn-sagemaker-target-variant']),
    inferenceComponentName: header(headers['x-amzn-sagemaker-inference-component']),
  };
}

/** Whether an Accept header asks for JumpStart's verbose answer: a `verbose` parameter. */
function asksVerbose(accept: string | undefined): boolean {
  return accept !== undefined && accept.split(';').some((parameter, index) => index > 0 && parameter.trim() === 'verbose');
}

const DEFAULT_MODEL_FAILURE: ModelFailure = {
  originalStatusCode: 500,
  originalMessage: 'RuntimeError: CUDA error: an illegal memory access was encountered',
};

/**
 * A SageMaker runtime InvokeEndpoint responder on 127.0.0.1. It is not a model: it answers what
 * `answer` decides for each image, so that runs are repeatable, unless an injected fault answers first.
 */
async function startStandInEndpoint(
  answer: (invocation: Invocation) => EndpointAnswer,
  options: StandInEndpointOptions = {},
): Promise<StandInEndpoint> {
  const injectorOf = (faults: FaultOptions<EndpointFaultKind> | undefined) =>
    createFaultInjector(faults ?? { kinds: ['ThrottlingException'], share: 0 }, ENDPOINT_FAULT_KINDS);
  let injector = injectorOf(options.faults);
  const faultContext = (endpointName: string) => ({
    endpointName,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    modelFailure: options.modelFailure ?? DEFAULT_MODEL_FAILURE,
  });
  const shape = options.shape ?? 'seed';
  const received: InvocationHeaders[] = [];
  const server = await startLocalHttpServer((request): Reply => {
    const match = /^\/endpoints\/([^/]+)\/invocations$/.exec(request.path.split('?')[0]!);
    if (request.method !== 'POST' || match === null)
      return sagemakerErrorReply(404, 'UnknownOperationException', `No operation at ${request.path}`);
    const endpointName = decodeURIComponent(match[1]!);
    const headers = invocationHeaders(endpointName, request.headers);
    received.push(headers);
    const requestKey = `${endpointName}\n${createHash('sha256').update(request.body).digest('hex')}`;
    const injected = injector.next(requestKey, 'InvokeEndpoint');
    if (injected !== undefined) return endpointFaultReply(injected, faultContext(endpointName));
    const decided = answer({ ...headers, image: request.body });
    if ('fault' in decided) return endpointFaultReply(decided.fault, faultContext(endpointName));
    if ('throttle' in decided) return endpointFaultReply('ThrottlingException', faultContext(endpointName));
    const body =
      'rawBody' in decided
        ? decided.rawBody
        : JSON.stringify(
            answerInShape(
              decided.shape ?? shape,
              decided.scores,
              decided.labels ?? options.labels ?? defaultModelLabels(decided.scores.length),
              asksVerbose(headers.accept),
            ),
          );
    return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-invoked-production-variant': 'stand-in' }, body };
  });
  return {
    ...server,
    faultReport: () => injector.report(),
    setFaults: (faults) => void (injector = injectorOf(faults)),
    invocations: () => received,
  };
}

/**
 * The documented rule when no scores are given: two classes, the second scoring
 * 0.5 + (first byte of the image's SHA-256) / 510, so the same image always gets the same scores.
 */
function deterministicScores(image: Uint8Array): number[] {
  const top = 0.5 + createHash('sha256').update(image).digest()[0]! / 510;
  return [Number((1 - top).toFixed(4)), Number(top.toFixed(4))];
}

export { startStandInEndpoint, deterministicScores };
export type { Invocation, InvocationHeaders, EndpointAnswer, StandInEndpoint, StandInEndpointOptions };
