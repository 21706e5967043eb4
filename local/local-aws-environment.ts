interface LocalEndpoints {
  readonly s3?: string;
  readonly sagemakerRuntime?: string;
}

/**
 * The variables Lambda sets for region and credentials, with the AWS SDK pointed at local servers
 * through AWS_ENDPOINT_URL_*. The credentials are placeholders: the local servers check no signature.
 */
function localAwsEnvironment(endpoints: LocalEndpoints = {}, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    // The functions' own retries of transient errors wait from 1 ms, not 50 ms: fault runs do not sleep.
    AWS_RETRY_BASE_DELAY_MS: '1',
    ...(endpoints.s3 === undefined ? {} : { AWS_ENDPOINT_URL_S3: endpoints.s3 }),
    ...(endpoints.sagemakerRuntime === undefined ? {} : { AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoints.sagemakerRuntime }),
  };
}

export { localAwsEnvironment };
export type { LocalEndpoints };
