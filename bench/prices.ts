/**
 * Published on-demand prices in us-east-1, each with the page it was read from and when. Free tiers are left out
 * (the cost bench prices every request). `checked` says where the figure was confirmed: on AWS's own pricing page
 * (or a copy of it), or only on third-party pages quoting it.
 */
interface Price {
  /** US dollars per `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
  readonly read: string;
  readonly checked: 'AWS page' | 'third-party pages only';
  readonly note?: string;
}

const READ_ON = '2026-11-30';

const PRICES = {
  standardStateTransition: {
    usd: 0.025,
    per: 1000,
    unit: 'state transitions',
    source: 'https://aws.amazon.com/step-functions/pricing/',
    read: READ_ON,
    checked: 'AWS page',
    note: 'STANDARD; retries are billed as further transitions; 4,000 a month free (left out)',
  },
  expressRequest: {
    usd: 1.0,
    per: 1_000_000,
    unit: 'EXPRESS requests (executions started)',
    source: 'https://aws.amazon.com/step-functions/pricing/',
    read: READ_ON,
    checked: 'AWS page',
  },
  expressGbSecond: {
    usd: 0.00001667,
    per: 1,
    unit: 'EXPRESS GB-seconds',
    source: 'https://aws.amazon.com/step-functions/pricing/',
    read: READ_ON,
    checked: 'AWS page',
    note: '$0.06 per GB-hour for the first 1,000 GB-hours a month ($0.03 next 4,000, then $0.01642); duration rounded up to 100 ms, memory billed in 64 MB chunks',
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'Lambda requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
    read: READ_ON,
    checked: 'AWS page',
    note: "AWS whitepaper 'How AWS Pricing Works' (Lambda) states the same; 1M requests a month free (left out)",
  },
  lambdaGbSecond: {
    usd: 0.0000166667,
    per: 1,
    unit: 'Lambda GB-seconds (x86)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    read: READ_ON,
    checked: 'AWS page',
    note: "first 6 billion GB-seconds a month; AWS's whitepaper 'How AWS Pricing Works' rounds it to $0.00001667; duration rounded up to 1 ms; 400,000 GB-seconds a month free (left out)",
  },
  s3Put: {
    usd: 0.005,
    per: 1000,
    unit: 'S3 Standard PUT, COPY, POST, LIST requests',
    source: 'https://aws.amazon.com/s3/pricing/',
    read: READ_ON,
    checked: 'third-party pages only',
  },
  s3Get: {
    usd: 0.0004,
    per: 1000,
    unit: 'S3 Standard GET, SELECT and all other requests',
    source: 'https://aws.amazon.com/s3/pricing/',
    read: READ_ON,
    checked: 'third-party pages only',
  },
  snsPublish: {
    usd: 0.5,
    per: 1_000_000,
    unit: 'SNS publish requests (each 64 KB chunk is one)',
    source: 'https://aws.amazon.com/sns/pricing/',
    read: READ_ON,
    checked: 'third-party pages only',
    note: '1M requests a month free (left out)',
  },
  snsEmail: {
    usd: 2.0,
    per: 100_000,
    unit: 'SNS email deliveries',
    source: 'https://aws.amazon.com/sns/pricing/',
    read: READ_ON,
    checked: 'third-party pages only',
    note: '1,000 a month free (left out)',
  },
  dynamoDbWriteUnit: {
    usd: 0.625,
    per: 1_000_000,
    unit: 'DynamoDB on-demand write request units (Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    read: READ_ON,
    checked: 'third-party pages only',
    note: 'halved from $1.25 in November 2024; one unit writes up to 1 KB',
  },
  logsIngestionGb: {
    usd: 0.5,
    per: 1,
    unit: 'GB ingested into CloudWatch Logs (Standard log class)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    read: READ_ON,
    checked: 'third-party pages only',
    note: 'storage ($0.03 per GB-month) left out: it depends on retention',
  },
  eventArchiveGb: {
    usd: 0.1,
    per: 1,
    unit: 'GB of events archived by EventBridge',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    read: READ_ON,
    checked: 'third-party pages only',
    note: 'the S3 event itself, its rule and the Step Functions target are free (AWS service events on the default bus); archive storage ($0.023 per GB-month) left out',
  },
} as const satisfies Record<string, Price>;

type PriceName = keyof typeof PRICES;
type PriceList = Readonly<Record<PriceName, Price>>;

/** What `quantity` units cost at `price`. */
function costOf(price: Price, quantity: number): number {
  return (price.usd / price.per) * quantity;
}

export { PRICES, costOf };
export type { Price, PriceList, PriceName };
