import { S3Client } from '@aws-sdk/client-s3';
import { withInvocationLog } from '../invocation-log';
import { serializeImageData } from '../serialize-image-data';

const s3 = new S3Client({});

export const handler = withInvocationLog('serializeImageData', (event) => serializeImageData(event, { s3 }));
