import { createHash } from 'node:crypto';
import { sagemakerErrorReply, startLocalHttpServer } from './http-server';
import type { LocalHttpServer, Reply } from './http-server';

interface Invocation {
  readonly endpointName: string;
  readonly contentType: string;
  readonly image: Buffer;
}

/** What the stand-in answers: scores, a raw body (to test bad responses), or SageMaker's throttling error. */
type EndpointAnswer = { readonly scores: readonly number[] } | { readonly rawBody: string } | { readonly throttle: true };

/**
 * A SageMaker runtime InvokeEndpoint responder on 127.0.0.1. It is not a model: it answers what
 * `answer` decides for each image, so that runs are repeatable.
 */
async function startStandInEndpoint(answer: (invocation: Invocation) => EndpointAnswer): Promise<LocalHttpServer> {
  return startLocalHttpServer((request): Reply => {
    const match = /^\/endpoints\/([^/]+)\/invocations$/.exec(request.path.split('?')[0]!);
    if (request.method !== 'POST' || match === null)
      return sagemakerErrorReply(404, 'UnknownOperationException', `No operation at ${request.path}`);
    const decided = answer({
      endpointName: decodeURIComponent(match[1]!),
      contentType: String(request.headers['content-type']),
      image: request.body,
    });
    if ('throttle' in decided) return sagemakerErrorReply(400, 'ThrottlingException', 'Rate exceeded');
    const body = 'rawBody' in decided ? decided.rawBody : JSON.stringify(decided.scores);
    return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-invoked-production-variant': 'stand-in' }, body };
  });
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
export type { Invocation, EndpointAnswer };
