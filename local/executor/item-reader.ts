import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Json } from '../json';
import { parseCsv } from './csv';
import type { MapResource } from './definition';
import { STATES_ERRORS, StatesError } from './errors';
import { s3Failure } from './integrations/s3-errors';
import { SERVICE_ACTIONS, serviceAction } from './resources';

/**
 * A Distributed Map's ItemReader over S3, as the developer guide's "ItemReader (Map)" describes it
 * and AWS answers: s3:listObjectsV2 gives one item per object, `{Etag, Key, LastModified (epoch
 * seconds), Size, StorageClass}`; s3:getObject reads a JSON array, or CSV rows as objects of
 * strings keyed by the header row or the given CSVHeaders (a missing cell is "", an extra one
 * dropped). Any failure is States.ItemReaderFailed.
 */

const CSV_DELIMITERS: Readonly<Record<string, string>> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

const readerFailure = (cause: string) => new StatesError(STATES_ERRORS.itemReaderFailed, cause);

async function listObjects(s3: S3Client, { Bucket, Prefix }: { Bucket?: string; Prefix?: string }): Promise<Json[]> {
  const items: Json[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket, Prefix })) {
    for (const object of page.Contents ?? []) {
      items.push({
        Etag: object.ETag ?? null,
        Key: object.Key ?? null,
        LastModified: Math.floor((object.LastModified?.getTime() ?? 0) / 1000),
        Size: object.Size ?? 0,
        StorageClass: object.StorageClass ?? 'STANDARD',
      });
    }
  }
  return items;
}

async function objectText(
  s3: S3Client,
  { Bucket, Key, VersionId }: { Bucket?: string; Key?: string; VersionId?: string },
): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }));
  return Body === undefined ? '' : Body.transformToString();
}

function jsonItems(text: string): Json[] {
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch (error) {
    throw readerFailure(`The item source is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(items)) throw readerFailure('Attempting to map over non-iterable node.');
  return items as Json[];
}

function csvItems(text: string, config: NonNullable<MapResource['ReaderConfig']>): Json[] {
  const delimiter = CSV_DELIMITERS[config.CSVDelimiter ?? 'COMMA'];
  if (delimiter === undefined) throw readerFailure(`Unknown CSVDelimiter: ${config.CSVDelimiter}`);
  const rows = parseCsv(text, delimiter);
  const headers = config.CSVHeaderLocation === 'GIVEN' ? [...(config.CSVHeaders ?? [])] : (rows.shift() ?? []);
  if (new Set(headers).size < headers.length) throw readerFailure('CSV headers cannot contain duplicates.');
  return rows.map((cells) => Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])));
}

/** The items the reader gives, at most `maxItems` of them (0: all). */
async function readItems(s3: S3Client, reader: MapResource, args: Json, maxItems: number): Promise<Json[]> {
  if (!Number.isInteger(maxItems) || maxItems < 0) throw readerFailure('field MaxItems must be positive');
  const action = serviceAction(reader.Resource);
  const request = (args ?? {}) as Record<string, string>;
  let items: Json[];
  try {
    if (action === SERVICE_ACTIONS.s3ListObjectsV2) items = await listObjects(s3, request);
    else {
      const text = await objectText(s3, request);
      items = reader.ReaderConfig?.InputType === 'CSV' ? csvItems(text, reader.ReaderConfig) : jsonItems(text);
    }
  } catch (error) {
    const failure = s3Failure(error);
    throw failure === undefined ? error : readerFailure(failure.cause!);
  }
  return maxItems === 0 ? items : items.slice(0, maxItems);
}

export { readItems };
