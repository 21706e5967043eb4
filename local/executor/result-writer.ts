import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { STATES_ERRORS, StatesError } from './errors';
import { s3Failure } from './integrations/s3-errors';
import type { ChildResult } from './run-types';

interface ResultFile {
  readonly Key: string;
  readonly Size: number;
}

/**
 * A Distributed Map's ResultWriter, as the developer guide's "ResultWriter (Map)" describes the
 * export to S3 (Transformation NONE, OutputType JSON): under `<Prefix>/<map run id>/`, the children
 * by status in `SUCCEEDED_0.json` and `FAILED_0.json` (JSON arrays of execution records, a file only
 * for a status that has children), and `manifest.json`: `{DestinationBucket, MapRunArn, ResultFiles:
 * {FAILED, PENDING, SUCCEEDED}}`. Returns where the manifest is; any failure is States.ResultWriterFailed.
 */
async function writeResults(
  s3: S3Client,
  destination: { readonly Bucket: string; readonly Prefix?: string },
  mapRunArn: string,
  children: readonly ChildResult[],
): Promise<{ Bucket: string; Key: string }> {
  const prefix = (destination.Prefix ?? '').replace(/\/+$/, '');
  const folder = `${prefix}${prefix === '' ? '' : '/'}${mapRunArn.split(':').at(-1)}/`;
  const put = (Key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: destination.Bucket, Key, Body: body, ContentType: 'application/json' }));
  const files: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', ResultFile[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  try {
    for (const status of ['SUCCEEDED', 'FAILED'] as const) {
      const ofStatus = children.filter((child) => child.Status === status);
      if (ofStatus.length === 0) continue;
      const file = { Key: `${folder}${status}_0.json`, body: JSON.stringify(ofStatus) };
      await put(file.Key, file.body);
      files[status].push({ Key: file.Key, Size: Buffer.byteLength(file.body) });
    }
    const manifestKey = `${folder}manifest.json`;
    await put(manifestKey, JSON.stringify({ DestinationBucket: destination.Bucket, MapRunArn: mapRunArn, ResultFiles: files }));
    return { Bucket: destination.Bucket, Key: manifestKey };
  } catch (error) {
    const failure = s3Failure(error);
    throw failure === undefined ? error : new StatesError(STATES_ERRORS.resultWriterFailed, failure.cause);
  }
}

export { writeResults };
