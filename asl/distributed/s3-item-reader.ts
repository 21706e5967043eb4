import { checkInteger } from '../arguments';
import { renderNumber } from '../deploy-time-number';
import type { NumberSetting } from '../deploy-time-number';
import { compact } from '../json';
import type { MapResource } from './options';
import { bucketArnOf, isLiteral, objectArnOf, s3IntegrationResource, s3Request } from '../s3';
import type { S3Location, S3Value } from '../s3';

type S3ListObjectsReaderProps = S3Location & {
  /** Only keys under this prefix; the whole bucket when unset. */
  readonly prefix?: S3Value;
  readonly maxItems?: NumberSetting;
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
    readonly maxItems?: NumberSetting;
    /**
     * What `s3:GetObject` is allowed on: required when the bucket or key is read at run time, else the object's ARN.
     * A MANIFEST reader also reads the inventory files the manifest lists: name them here (e.g. `.../inventory/*`).
     */
    readonly objectArn?: string;
  };

/** A Distributed Map's items: the objects under a prefix (`s3:listObjectsV2`), one item per object. */
function s3ListObjectsReader(props: S3ListObjectsReaderProps): MapResource {
  checkInteger('ItemReader.ReaderConfig.MaxItems', props.maxItems, 1);
  const bucketArn = bucketArnOf(props, 'ItemReader');
  const prefix = props.prefix;
  return {
    resource: s3IntegrationResource(props, 'listObjectsV2'),
    ...(props.maxItems === undefined ? {} : { config: compact({ MaxItems: renderNumber(props.maxItems) }) }),
    request: s3Request('ItemReader.Parameters', { Bucket: props.bucket, Prefix: prefix }),
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
  const objectArn = objectArnOf(props, 'ItemReader');
  const csv = props.inputType === 'CSV' ? props : undefined;
  return {
    resource: s3IntegrationResource(props, 'getObject'),
    config: compact({
      InputType: props.inputType,
      CSVHeaderLocation: csv?.csvHeaderLocation,
      CSVDelimiter: csv?.csvDelimiter,
      CSVHeaders: csv?.csvHeaderLocation === 'GIVEN' ? csv.csvHeaders : undefined,
      MaxItems: renderNumber(props.maxItems),
    }),
    request: s3Request('ItemReader.Parameters', { Bucket: props.bucket, Key: props.key, VersionId: props.versionId }),
    permissions: [{ actions: ['s3:GetObject'], resources: [objectArn] }],
  };
}

export { s3ListObjectsReader, s3ObjectReader };
