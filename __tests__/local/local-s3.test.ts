import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { localS3Client, startLocalS3 } from '../../local/local-s3';
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
