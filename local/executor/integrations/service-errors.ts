import { randomUUID } from 'node:crypto';

/**
 * A service error's Cause as the optimized integrations (lambda:invoke, sns:publish, dynamodb:*)
 * report it: `<message> (Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Request ID: ...; Proxy: null)`.
 */
function optimizedIntegrationCause(message: string, service: string, statusCode: number, errorCode: string): string {
  return `${message} (Service: ${service}; Status Code: ${statusCode}; Error Code: ${errorCode}; Request ID: ${randomUUID()}; Proxy: null)`;
}

/** A service error's Cause as the AWS SDK integrations (`aws-sdk:*`) report it. */
function sdkIntegrationCause(message: string, service: string, statusCode: number): string {
  return `${message} (Service: ${service}, Status Code: ${statusCode}, Request ID: ${randomUUID()}, Extended Request ID: ${randomUUID()})`;
}

export { optimizedIntegrationCause, sdkIntegrationCause };
