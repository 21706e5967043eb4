import { S3Client } from '@aws-sdk/client-s3';
import type { SerializeEvent } from '../../contract/step-payloads';
import { readEnvironmentVariable } from '../configuration';
import { withInvocationLog } from '../invocation-log';
import { supersededMetrics } from '../metrics';
import { readRetryConfiguration, retryClientOptions } from '../retry-strategy';
import { serializeImageData } from '../serialize-image-data';

const maxImageBytes = readEnvironmentVariable(process.env, 'MAX_IMAGE_BYTES');
const s3 = new S3Client(retryClientOptions(readRetryConfiguration(process.env)));

export const handler = withInvocationLog(
  'serializeImageData',
  (event: SerializeEvent) => serializeImageData(event, { s3, maxImageBytes }),
  {
    measure: supersededMetrics,
  },
);
