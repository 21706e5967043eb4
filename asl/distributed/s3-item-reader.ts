import { checkInteger } from '../arguments';
import { InvalidStateArgument } from '../errors';
import { compact } from '../json';
import type { MapResource } from './options';
import { bucketArnOf, isLiteral, s3IntegrationResource, s3Request } from './s3';
import type { S3Location, S3Value } from './s3';

type S3ListObjectsReaderProps = S3Location & {
  /** Only keys under this prefix; the whole bucket when unset. */
  readonly prefix?: S3Value;
  readonly maxItems?: number;
};

type CsvDelimiter = 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';

/** What the object holds: a JSON array, JSON Lines, CSV rows, or an S3 Inventory manifest. */
type S3ObjectFormat =
  | { readonly inputType: 'JSON' | 'JSONL' | 'MANIFEST' }
  | { readonly inputType: 'CSV'; readonly csvHeaderLocation: 'FIRST_ROW'; readonly csvDelimiter?: CsvDelimiter }
  | {
      readonly inputType: 'CSV';
      readonly csvHeaderLocation: 'GIVEN';
      readonly csvHeaders: readonly string[];
      readonly csvDelimiter?: CsvDelimiter;
    };

type S3ObjectReaderProps = S3Location &
  S3ObjectFormat & {
    readonly key: S3Value;
    readonly versionId?: string;
    readonly maxItems?: number;
    /**
     * What `s3:GetObject` is allowed on: required when the bucket or key is read at run time, else the object's ARN.
     * A MANIFEST reader also reads the inventory files the manifest lists: name them here (e.g. `.../inventory/*`).
     */
    readonly objectArn?: string;
  };

function objectArnOf(props: S3ObjectReaderProps): string {
  if (props.objectArn !== undefined) return props.objectArn;
  if (isLiteral(props.key)) return `${bucketArnOf(props, 'ItemReader')}/${props.key}`;
  throw new InvalidStateArgument('ItemReader: expected an objectArn for the policy when the key is read at run time');
}

/** A Distributed Map's items: the objects under a prefix (`s3:listObjectsV2`), one item per object. */
function s3ListObjectsReader(props: S3ListObjectsReaderProps): MapResource {
  checkInteger('ItemReader.ReaderConfig.MaxItems', props.maxItems, 1);
  const bucketArn = bucketArnOf(props, 'ItemReader');
  const prefix = props.prefix;
  return {
    resource: s3IntegrationResource(props, 'listObjectsV2'),
    ...(props.maxItems === undefined ? {} : { config: { MaxItems: props.maxItems } }),
    request: s3Request('ItemReader', { Bucket: props.bucket, Prefix: prefix }),
    permissions: [
      {
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        ...(isLiteral(prefix) ? { conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [prefix] }] } : {}),
      },
    ],
  };
}

/** A Distributed Map's items: the entries of one object (`s3:getObject`), read as JSON, JSON Lines, CSV or a manifest. */
function s3ObjectReader(props: S3ObjectReaderProps): MapResource {
  checkInteger('ItemReader.ReaderConfig.MaxItems', props.maxItems, 1);
  const objectArn = objectArnOf(props);
  const csv = props.inputType === 'CSV' ? props : undefined;
  return {
    resource: s3IntegrationResource(props, 'getObject'),
    config: compact({
      InputType: props.inputType,
      CSVHeaderLocation: csv?.csvHeaderLocation,
      CSVDelimiter: csv?.csvDelimiter,
      CSVHeaders: csv?.csvHeaderLocation === 'GIVEN' ? csv.csvHeaders : undefined,
      MaxItems: props.maxItems,
    }),
    request: s3Request('ItemReader', { Bucket: props.bucket, Key: props.key, VersionId: props.versionId }),
    permissions: [{ actions: ['s3:GetObject'], resources: [objectArn] }],
  };
}

export { s3ListObjectsReader, s3ObjectReader };
export type { S3ListObjectsReaderProps, S3ObjectReaderProps, S3ObjectFormat, CsvDelimiter };
