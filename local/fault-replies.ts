import { s3ErrorReply, sagemakerErrorReply } from './http-server';
import type { Reply } from './http-server';

/**
 * The faults the stand-in SageMaker endpoint can answer InvokeEndpoint with, each as the service
 * (or what stands in front of it) sends it. ThrottlingException is not in the InvokeEndpoint model:
 * the SDK raises it as a SageMakerRuntimeServiceException named ThrottlingException (retryable as
 * throttling); the others are modelled errors with their own classes.
 */
const ENDPOINT_FAULT_KINDS = [
  'ThrottlingException',
  'ServiceUnavailable',
  'InternalFailure',
  'ModelNotReadyException',
  'ModelError',
  'BadGatewayPage',
  'EmptyBody',
] as const;
type EndpointFaultKind = (typeof ENDPOINT_FAULT_KINDS)[number];

/** The faults the local S3 can answer with (S3's XML error document; no body on HEAD). */
const S3_FAULT_KINDS = ['SlowDown', 'InternalError', 'ServiceUnavailable'] as const;
type S3FaultKind = (typeof S3_FAULT_KINDS)[number];

/** What a ModelError reports of the container's own failure. */
interface ModelFailure {
  readonly originalStatusCode: number;
  readonly originalMessage: string;
}

interface EndpointFaultContext {
  readonly endpointName: string;
  readonly region: string;
  readonly accountId: string;
  readonly modelFailure: ModelFailure;
}

/**
 * A ModelError (424) as SageMaker wraps a container's non-2xx answer: the container's status and
 * body in OriginalStatusCode/OriginalMessage, the endpoint's log group in LogStreamArn, and a message
 * pointing at its logs. `ErrorCode: CLIENT_ERROR_FROM_MODEL` is what SageMaker sends for a 4xx from
 * the container; what it sends there for a 5xx is not verified, so it is left out.
 */
function modelErrorReply({ endpointName, region, accountId, modelFailure }: EndpointFaultContext): Reply {
  const { originalStatusCode, originalMessage } = modelFailure;
  const side = originalStatusCode < 500 ? 'client' : 'server';
  const logs = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logEventViewer:group=/aws/sagemaker/Endpoints/${endpointName}`;
  return sagemakerErrorReply(424, 'ModelError', undefined, {
    ...(side === 'client' ? { ErrorCode: 'CLIENT_ERROR_FROM_MODEL' } : {}),
    LogStreamArn: `arn:aws:logs:${region}:${accountId}:log-group:/aws/sagemaker/Endpoints/${endpointName}`,
    Message: `Received ${side} error (${originalStatusCode}) from primary with message "${originalMessage}". See ${logs} in account ${accountId} for more information.`,
    OriginalMessage: originalMessage,
    OriginalStatusCode: originalStatusCode,
  });
}

/** A load balancer's error page: no x-amzn-errortype, no JSON. */
const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

function endpointFaultReply(kind: EndpointFaultKind, context: EndpointFaultContext): Reply {
  switch (kind) {
    case 'ThrottlingException':
      // SageMaker's throttling: 400, the type in the header only, `{"message": null}` as the body.
      return sagemakerErrorReply(400, 'ThrottlingException', null);
    case 'ServiceUnavailable':
      return sagemakerErrorReply(503, 'ServiceUnavailable', 'The service is unavailable. Try your call again.');
    case 'InternalFailure':
      return sagemakerErrorReply(500, 'InternalFailure', 'An internal failure occurred.');
    case 'ModelNotReadyException':
      return sagemakerErrorReply(
        429,
        'ModelNotReadyException',
        "Either a serverless endpoint variant's resources are still being provisioned, or a multi-model endpoint is still downloading or loading the target model. Wait and try your request again.",
      );
    case 'ModelError':
      return modelErrorReply(context);
    case 'BadGatewayPage':
      return { status: 502, headers: { 'content-type': 'text/html' }, body: BAD_GATEWAY_PAGE };
    case 'EmptyBody':
      return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-invoked-production-variant': 'stand-in' }, body: '' };
  }
}

function s3FaultReply(kind: S3FaultKind): Reply {
  switch (kind) {
    case 'SlowDown':
      return s3ErrorReply(503, 'SlowDown', 'Please reduce your request rate.');
    case 'InternalError':
      return s3ErrorReply(500, 'InternalError', 'We encountered an internal error. Please try again.');
    case 'ServiceUnavailable':
      return s3ErrorReply(503, 'ServiceUnavailable', 'Reduce your request rate.');
  }
}

export { ENDPOINT_FAULT_KINDS, S3_FAULT_KINDS, endpointFaultReply, s3FaultReply };
export type { EndpointFaultKind, EndpointFaultContext, ModelFailure, S3FaultKind };
