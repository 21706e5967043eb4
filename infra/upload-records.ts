import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';

interface UploadRecordsProps {
  readonly tableName: string;
}

/** Partition key and TTL attribute the per-image workflow writes (workflow/upload-record.ts). */
const UPLOAD_RECORD_KEY = 'pk';
const UPLOAD_RECORD_TTL_ATTRIBUTE = 'expires_at';

/**
 * The uploads the trigger has started an execution for, so that EventBridge's repeated deliveries
 * are harmless. On demand, encrypted (AWS-managed key), items expire by TTL. No point-in-time
 * recovery: losing the table only lets a repeated delivery within the TTL classify an image twice.
 */
class UploadRecords extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: UploadRecordsProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: UPLOAD_RECORD_KEY,
      attribute: [{ name: UPLOAD_RECORD_KEY, type: 'S' }],
      ttl: { attributeName: UPLOAD_RECORD_TTL_ATTRIBUTE, enabled: true },
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: false },
    });
  }
}

export { UploadRecords };
export type { UploadRecordsProps };
