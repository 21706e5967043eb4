import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { echo } from './echo';
import type { EndpointAnswer } from './endpoint-response';
import { InvalidEndpointResponse } from './errors';
import type { S3Location } from './errors';

/** Which model behind the endpoint answers; each is passed only when set. */
interface EndpointTarget {
  /** A multi-model endpoint's model artifact. */
  readonly targetModel?: string;
  /** The production variant, over the endpoint's traffic weights. */
  readonly targetVariant?: string;
  /** The inference component hosting the model. */
  readonly inferenceComponentName?: string;
}

interface EndpointRequest {
  readonly endpointName: string;
  /** The image the request carries, for messages. */
  readonly location: S3Location;
  readonly contentType: string;
  readonly accept: string;
  readonly target?: EndpointTarget;
  readonly body: Uint8Array;
}

/** What the SDK keeps of an HTTP answer it could not read: its status and headers. */
interface UnreadAnswer {
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $response?: { readonly headers?: Readonly<Record<string, string | undefined>> };
  readonly $fault?: string;
}

/**
 * What an error answer that names no error was, or undefined for any other error. SageMaker names
 * its errors in `x-amzn-errortype`; without it, as from a proxy's or load balancer's 502 page, the
 * SDK raises its JSON parser's SyntaxError for a body that is not JSON, and a service exception
 * named `Unknown` for one that is (or is empty). Either reaches here after the SDK's retries.
 */
function unnamedAnswer(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { $metadata, $response, $fault } = error as UnreadAnswer;
  const status = $metadata?.httpStatusCode;
  if (status === undefined || $response === undefined) return undefined;
  const received = `HTTP ${status} (Content-Type ${$response.headers?.['content-type'] ?? 'not given'}) naming no error (no x-amzn-errortype)`;
  if ($fault === undefined && error.name === 'SyntaxError') {
    // The parser's message quotes the body's start; the SDK appends a hint about $response on a new line.
    return `${received}, with a body that is not JSON: ${error.message.split('\n')[0]}`;
  }
  if ($fault !== undefined && error.name === 'Unknown') {
    // The SDK says UnknownError when the body holds no message.
    return error.message === 'UnknownError' ? `${received} and no message` : `${received}, with the message ${echo(error.message)}`;
  }
  return undefined;
}

/**
 * Sends the image to the endpoint and returns its answer unread. An error answer that names no
 * error becomes InvalidEndpointResponse saying what came back; every other error (throttling,
 * ModelError, ValidationError) goes on unchanged, by its own name.
 */
async function invokeEndpoint(sagemaker: SageMakerRuntimeClient, request: EndpointRequest): Promise<EndpointAnswer> {
  const { endpointName, location, contentType, accept, target = {}, body } = request;
  try {
    const response = await sagemaker.send(
      new InvokeEndpointCommand({
        EndpointName: endpointName,
        ContentType: contentType,
        Accept: accept,
        Body: body,
        ...(target.targetModel === undefined ? {} : { TargetModel: target.targetModel }),
        ...(target.targetVariant === undefined ? {} : { TargetVariant: target.targetVariant }),
        ...(target.inferenceComponentName === undefined ? {} : { InferenceComponentName: target.inferenceComponentName }),
      }),
    );
    // The SDK gives an empty body as null.
    return { endpointName, location, body: response.Body ?? undefined, contentType: response.ContentType };
  } catch (error) {
    const received = unnamedAnswer(error);
    if (received === undefined) throw error;
    throw new InvalidEndpointResponse(endpointName, location, received, { cause: error });
  }
}

export { invokeEndpoint };
export type { EndpointTarget, EndpointRequest };
