import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { localS3Client, startLocalS3 } from '../../local/local-s3';
import type { LocalS3, LocalS3Options } from '../../local/local-s3';
import { localS3Suite } from './local-s3-suite';

describe('startLocalS3', () => {
  const local = localS3Suite();

  it('lists a prefix in pages of at most 1,000 keys, in UTF-8 order, through continuation tokens', async () => {
    for (let index = 0; index < 2500; index++)
      local.s3.put('paged', `p/${String(index).padStart(5, '0')}.png`, { bytes: Buffer.from([index % 256]) });
    local.s3.put('paged', 'other/x.png', { bytes: Buffer.from('x') });

    const pages = [];
    for await (const page of paginateListObjectsV2({ client: local.client }, { Bucket: 'paged', Prefix: 'p/', MaxKeys: 5000 }))
      pages.push(page);

    expect(pages.map((page) => [page.KeyCount, page.IsTruncated])).toStrictEqual([
      [1000, true],
      [1000, true],
      [500, false],
    ]);
    const keys = pages.flatMap((page) => page.Contents!.map((object) => object.Key));
    expect(keys).toHaveLength(2500);
    expect(keys[0]).toBe('p/00000.png');
    expect(keys.at(-1)).toBe('p/02499.png');
    expect(pages[0]!.Contents![0]).toMatchObject({ Size: 1, StorageClass: 'STANDARD', ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  });

  it('keeps keys with spaces, plus signs, XML characters and unicode intact, and orders them by UTF-8 bytes', async () => {
    const keys = ['k/a b+c.png', 'k/ü.png', 'k/😀.png', 'k/\uFF21.png', 'k/<&>".png'];
    for (const key of keys) local.s3.put('names', key, { bytes: Buffer.from(key) });

    const listed = await local.client.send(new ListObjectsV2Command({ Bucket: 'names', Prefix: 'k/' }));
    const encoded = await local.client.send(new ListObjectsV2Command({ Bucket: 'names', Prefix: 'k/', EncodingType: 'url' }));

    expect(listed.Contents!.map((object) => object.Key)).toStrictEqual(
      [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    expect(encoded.Contents!.map((object) => decodeURIComponent(object.Key!))).toStrictEqual(listed.Contents!.map((object) => object.Key));
    expect(encoded.EncodingType).toBe('url');
  });

  it('stores what PutObject sends and serves it back with the same ETag', async () => {
    local.s3.createBucket('results');

    const put = await local.client.send(
      new PutObjectCommand({ Bucket: 'results', Key: 'out/manifest 1.json', Body: '{"a":1}', ContentType: 'application/json' }),
    );
    const got = await local.client.send(new GetObjectCommand({ Bucket: 'results', Key: 'out/manifest 1.json' }));

    expect(await got.Body!.transformToString()).toBe('{"a":1}');
    expect(got.ETag).toBe(put.ETag);
    expect(got.ContentType).toBe('application/json');
  });

  it('answers NoSuchBucket for a bucket it does not hold, and lists an empty prefix as empty', async () => {
    local.s3.createBucket('empty');

    await expect(local.client.send(new ListObjectsV2Command({ Bucket: 'missing' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    const empty = await local.client.send(new ListObjectsV2Command({ Bucket: 'empty' }));
    expect([empty.KeyCount, empty.IsTruncated, empty.Contents]).toStrictEqual([0, false, undefined]);
  });
});

describe('startLocalS3 with the permissions of the synthesized roles', () => {
  it('answers 403 AccessDenied to a read nobody may make, 404 to a missing key the caller may list, 403 to one it may not', async () => {
    const s3 = await startLocalS3({ mayRead: (_, key) => key.startsWith('test/'), mayList: (_, key) => key.startsWith('test/') });
    const client = localS3Client(s3.url);
    s3.put('images', 'test/a.png', { bytes: Buffer.from('a') });
    s3.put('images', 'other/a.png', { bytes: Buffer.from('a') });
    const status = (key: string) =>
      client.send(new GetObjectCommand({ Bucket: 'images', Key: key })).then(
        () => 200,
        (error: { $metadata: { httpStatusCode: number } }) => error.$metadata.httpStatusCode,
      );

    try {
      expect(await Promise.all(['test/a.png', 'other/a.png', 'test/missing.png'].map(status))).toStrictEqual([200, 403, 404]);
    } finally {
      client.destroy();
      await s3.close();
    }
  });
});

describe('startLocalS3 faults, through the real S3 client with its retries off', () => {
  const running: { s3: LocalS3; client: S3Client }[] = [];
  /** A client making `maxAttempts` tries of a call: the SDK's standard strategy, its waits cut to 0 ms so that no test sleeps. */
  const start = async (options: LocalS3Options, maxAttempts = 1) => {
    const s3 = await startLocalS3(options);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.url,
      forcePathStyle: true,
      maxAttempts,
      retryStrategy: new ConfiguredRetryStrategy(maxAttempts, 0),
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    });
    running.push({ s3, client });
    s3.put('images', 'test/a.png', { bytes: Buffer.from('a') });
    return { s3, client };
  };
  const outcome = (call: Promise<unknown>) =>
    call.then(
      () => 'ok',
      (error: Error & { $metadata: { httpStatusCode: number } }) => `${error.name} ${error.$metadata.httpStatusCode}`,
    );

  afterEach(async () => {
    for (const { s3, client } of running.splice(0)) {
      client.destroy();
      await s3.close();
    }
  });

  it.each([
    ['SlowDown', 503, 'Please reduce your request rate.'],
    ['InternalError', 500, 'We encountered an internal error. Please try again.'],
    ['ServiceUnavailable', 503, 'Reduce your request rate.'],
  ] as const)('answers %s as S3 does: status %i, the XML error document and its request ids', async (kind, status, message) => {
    const { client } = await start({ faults: { kinds: [kind], failFirst: 1 } });

    const error = (await client.send(new GetObjectCommand({ Bucket: 'images', Key: 'test/a.png' })).catch((e: unknown) => e)) as Error &
      Record<string, unknown> & { $metadata: { httpStatusCode: number; requestId: string; extendedRequestId: string } };

    expect([error.name, error.message, error.Code, error.$metadata.httpStatusCode]).toStrictEqual([kind, message, kind, status]);
    expect(error.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
    expect(error.$metadata.extendedRequestId).toMatch(/^[A-Za-z0-9+/]{64}$/);
  });

  it('fails only the selected operations: GetObject answers SlowDown, HeadObject, PutObject and ListObjectsV2 succeed', async () => {
    const { s3, client } = await start({ faults: { kinds: ['SlowDown'], share: 1, operations: ['GetObject'] } });

    const outcomes = await Promise.all([
      outcome(client.send(new GetObjectCommand({ Bucket: 'images', Key: 'test/a.png' }))),
      outcome(client.send(new HeadObjectCommand({ Bucket: 'images', Key: 'test/a.png' }))),
      outcome(client.send(new PutObjectCommand({ Bucket: 'images', Key: 'results/r.json', Body: '{}' }))),
      outcome(client.send(new ListObjectsV2Command({ Bucket: 'images' }))),
    ]);

    expect(outcomes).toStrictEqual(['SlowDown 503', 'ok', 'ok', 'ok']);
    expect(s3.faultReport()).toStrictEqual({
      attempts: 1,
      distinctRequests: 1,
      injected: 1,
      byKind: { SlowDown: 1 },
      byOperation: { GetObject: 1 },
    });
  });

  it('counts a range read and a whole read of one object as two requests, each failing its first attempts', async () => {
    const { s3, client } = await start({ faults: { kinds: ['SlowDown'], failFirst: 1 } });
    const get = (range?: string) =>
      outcome(client.send(new GetObjectCommand({ Bucket: 'images', Key: 'test/a.png', ...(range === undefined ? {} : { Range: range }) })));

    const outcomes = [await get('bytes=0-63'), await get('bytes=0-63'), await get(), await get()];

    expect(outcomes).toStrictEqual(['SlowDown 503', 'ok', 'SlowDown 503', 'ok']);
    expect(s3.faultReport()).toMatchObject({ attempts: 4, distinctRequests: 2, injected: 2 });
  });

  it('fails only the objects selected', async () => {
    const { s3, client } = await start({ faults: { kinds: ['SlowDown'], share: 1, objects: (_, key) => key.startsWith('test/') } });
    s3.put('images', 'manifests/failed.json', { bytes: Buffer.from('[]') });

    const outcomes = await Promise.all(
      ['test/a.png', 'manifests/failed.json'].map((key) => outcome(client.send(new GetObjectCommand({ Bucket: 'images', Key: key })))),
    );

    expect(outcomes).toStrictEqual(['SlowDown 503', 'ok']);
  });

  it('sends no body on a failed HEAD, as S3 does, so the SDK can name the error only by its status', async () => {
    const { client } = await start({ faults: { kinds: ['SlowDown'], failFirst: 1, operations: ['HeadObject'] } });

    expect(await outcome(client.send(new HeadObjectCommand({ Bucket: 'images', Key: 'test/a.png' })))).toBe('Unknown 503');
  });

  it("fails the first two attempts of each object, then serves it; the default client's 3 attempts retry them away", async () => {
    const { s3, client } = await start({ faults: { kinds: ['SlowDown', 'InternalError'], failFirst: 2 } });
    const { client: retrying } = await start({ faults: { kinds: ['SlowDown'], failFirst: 2 } }, 3);
    const get = (target: S3Client) => outcome(target.send(new GetObjectCommand({ Bucket: 'images', Key: 'test/a.png' })));

    const attempts = [await get(client), await get(client), await get(client)];
    const retried = await retrying.send(new GetObjectCommand({ Bucket: 'images', Key: 'test/a.png' }));

    expect(attempts).toStrictEqual(['SlowDown 503', 'InternalError 500', 'ok']);
    expect(s3.faultReport().byKind).toStrictEqual({ SlowDown: 1, InternalError: 1 });
    expect([retried.$metadata.httpStatusCode, retried.$metadata.attempts]).toStrictEqual([200, 3]);
  });

  it('injects the faults setFaults gives from the next request on, its report starting again; none when given none', async () => {
    const { s3, client } = await start({ faults: { kinds: ['SlowDown'], failFirst: 1 } });
    const get = () => outcome(client.send(new GetObjectCommand({ Bucket: 'images', Key: 'test/a.png' })));
    const before = [await get(), await get()];

    s3.setFaults({ kinds: ['InternalError'], failFirst: 1, operations: ['GetObject'] });
    const replaced = [await get(), await get(), await outcome(client.send(new HeadObjectCommand({ Bucket: 'images', Key: 'test/a.png' })))];
    const report = s3.faultReport();
    s3.setFaults(undefined);
    const cleared = [await get()];

    expect({ before, replaced, cleared }).toStrictEqual({
      before: ['SlowDown 503', 'ok'],
      replaced: ['InternalError 500', 'ok', 'ok'],
      cleared: ['ok'],
    });
    expect(report).toStrictEqual({
      attempts: 2,
      distinctRequests: 1,
      injected: 1,
      byKind: { InternalError: 1 },
      byOperation: { GetObject: 1 },
    });
    expect(s3.faultReport()).toMatchObject({ attempts: 1, injected: 0 });
  });

  it('refuses an operation it does not serve, at start and in setFaults', async () => {
    const unknown = { kinds: ['SlowDown'], share: 1, operations: ['CopyObject' as never] } as const;
    const message = 'Unknown S3 operations to fail: CopyObject; known: GetObject, HeadObject, PutObject, ListObjectsV2';
    const { s3 } = await start({});

    await expect(startLocalS3({ faults: unknown })).rejects.toThrow(message);
    expect(() => s3.setFaults(unknown)).toThrow(message);
  });
});
