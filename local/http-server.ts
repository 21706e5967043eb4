import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** For replies without a body (HEAD): the length a GET would send. */
  readonly contentLength?: number;
}

interface LocalHttpServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request and answers with `reply`. */
async function startLocalHttpServer(reply: (request: RecordedRequest) => Reply | Promise<Reply>): Promise<LocalHttpServer> {
  const requests: RecordedRequest[] = [];
  /** A reply that throws is the server's own fault: a 500 that names it, never an unhandled rejection. */
  const answer = async (request: RecordedRequest): Promise<Reply> => {
    try {
      return await reply(request);
    } catch (error) {
      return { status: 500, headers: { 'content-type': 'text/plain' }, body: `Local server error: ${String(error)}` };
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(request);
      void answer(request).then(({ status, headers = {}, body, contentLength }) => {
        const length = body === undefined ? contentLength : Buffer.byteLength(body);
        res.writeHead(status, { ...headers, ...(length === undefined ? {} : { 'content-length': length }) });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** S3's request ids: x-amz-request-id (16 hex characters) and x-amz-id-2, also in the error document. */
function s3RequestIds(): { requestId: string; hostId: string } {
  return { requestId: randomBytes(8).toString('hex').toUpperCase(), hostId: randomBytes(48).toString('base64') };
}

/** S3's XML error document, as S3 sends it, with its request ids. */
function s3ErrorReply(status: number, code: string, message: string): Reply {
  const { requestId, hostId } = s3RequestIds();
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': hostId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`,
  };
}

/**
 * A SageMaker runtime (restJson1) error, as the service sends it: the type in x-amzn-errortype, a
 * JSON body with `message` (null for throttling), or, when `fields` are given, those fields alone
 * (ModelError's Message, OriginalStatusCode, ...).
 */
function sagemakerErrorReply(
  status: number,
  type: string,
  message: string | null | undefined,
  fields?: Readonly<Record<string, unknown>>,
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(fields ?? { message: message ?? null }),
  };
}

export { startLocalHttpServer, s3ErrorReply, sagemakerErrorReply };
export type { LocalHttpServer, RecordedRequest, Reply };
