import { costOfImages, dynamoDbItemBytes, dynamoDbWriteUnits, expressBilledMemoryMb, expressBilledMs } from '../../bench/cost-model';
import type { ImageUsage } from '../../bench/cost-model';
import { PRICES } from '../../bench/prices';

const STANDARD_USAGE: ImageUsage = {
  workflowType: 'STANDARD',
  stateTransitions: 6,
  expressBilledMs: 0,
  expressBilledMemoryMb: 0,
  functions: [
    { name: 'serializeImageData', memoryMb: 128, invocations: 1, billedMs: 10 },
    { name: 'classifyImageData', memoryMb: 192, invocations: 1, billedMs: 200 },
  ],
  snsPublishes: 1,
  emailDeliveries: 1,
  s3Puts: 1,
  s3Gets: 2,
  dynamoDbWriteUnits: 2,
  logBytes: (2 * 1024 ** 3) / 1_000_000,
  archivedEventBytes: 1024 ** 3 / 1_000_000,
};

describe('costOfImages', () => {
  it('prices a million STANDARD images component by component from the published prices', () => {
    const costs = costOfImages(STANDARD_USAGE, PRICES, 1_000_000);

    expect(costs.stepFunctions).toBeCloseTo(150, 10); // 6M transitions at $0.025 per 1,000
    expect(costs.lambdaRequests).toBeCloseTo(0.4, 10); // 2M requests at $0.20 per 1M
    // 1M x (0.125 GB x 0.01 s + 0.1875 GB x 0.2 s) = 38,750 GB-s at $0.0000166667
    expect(costs.lambdaDuration).toBeCloseTo(38_750 * 0.0000166667, 10);
    expect(costs.s3Requests).toBeCloseTo(5 + 0.8, 10); // 1M PUTs at $0.005 per 1,000, 2M GETs at $0.0004 per 1,000
    expect(costs.snsPublishes).toBeCloseTo(0.5, 10);
    expect(costs.emailDeliveries).toBeCloseTo(20, 10); // 1M emails at $2.00 per 100,000
    expect(costs.dynamoDbWrites).toBeCloseTo(1.25, 10); // 2M write units at $0.625 per 1M
    expect(costs.logsIngestion).toBeCloseTo(1, 10); // 2 GB at $0.50
    expect(costs.eventArchive).toBeCloseTo(0.1, 10); // 1 GB at $0.10
    expect(costs.total).toBeCloseTo(150 + 0.4 + 38_750 * 0.0000166667 + 5.8 + 0.5 + 20 + 1.25 + 1 + 0.1, 10);
  });

  it('bills EXPRESS by requests and GB-seconds, not by transitions', () => {
    const usage: ImageUsage = { ...STANDARD_USAGE, workflowType: 'EXPRESS', expressBilledMs: 300, expressBilledMemoryMb: 64 };

    const costs = costOfImages(usage, PRICES, 1_000_000);

    // 1M requests at $1.00 per 1M, and 1M x 0.0625 GB x 0.3 s = 18,750 GB-s at $0.00001667
    expect(costs.stepFunctions).toBeCloseTo(1 + 18_750 * 0.00001667, 10);
  });

  it('costs nothing for no images', () => {
    expect(costOfImages(STANDARD_USAGE, PRICES, 0).total).toBe(0);
  });
});

describe('EXPRESS billing units', () => {
  it.each([
    [1, 100],
    [100, 100],
    [101, 200],
    [1234, 1300],
  ])('bills an execution of %d ms as %d ms', (durationMs, billed) => {
    expect(expressBilledMs(durationMs)).toBe(billed);
  });

  it.each([
    [50.01, 64],
    [64, 64],
    [64.5, 128],
  ])('bills %d MB of memory as %d MB', (memoryMb, billed) => {
    expect(expressBilledMemoryMb(memoryMb)).toBe(billed);
  });
});

describe('dynamoDbItemBytes', () => {
  it('counts attribute names and values as DynamoDB sizes them', () => {
    const item = {
      pk: { S: 'héllo' }, // 2 + 6 (é is two bytes)
      n: { N: '1796003829' }, // 1 + (10 digits / 2 + 1)
      price: { N: '0.0930' }, // 5 + (2 significant digits / 2 + 1)
      ok: { BOOL: true }, // 2 + 1
      tags: { L: [{ S: 'a' }, { S: 'bc' }] }, // 4 + 3 + (1 + 1) + (1 + 2)
    };

    expect(dynamoDbItemBytes(item)).toBe(8 + 7 + 7 + 3 + 12);
  });

  it('bills one write unit per KB, rounded up, and at least one', () => {
    expect(dynamoDbWriteUnits({ pk: { S: 'x' } })).toBe(1);
    expect(dynamoDbWriteUnits({ pk: { S: 'x'.repeat(1022) } })).toBe(1);
    expect(dynamoDbWriteUnits({ pk: { S: 'x'.repeat(1023) } })).toBe(2);
  });

  it('names an attribute type it does not know', () => {
    expect(() => dynamoDbItemBytes({ pk: { Z: 'x' } })).toThrow(new Error('Unknown DynamoDB attribute type: Z'));
  });
});
