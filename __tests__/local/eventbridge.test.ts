import { matchesEventPattern, objectCreatedEvent, transformInput, UnsupportedPattern } from '../../local/eventbridge';
import type { Json } from '../../local/json';
import { IMAGE_SUFFIXES_BY_RULE, INPUT_PATHS, INPUT_TEMPLATE, objectCreatedPattern, objectCreatedUnder } from '../../infra/image-trigger';

const event = objectCreatedEvent({
  bucket: 'images',
  key: 'in/a "quoted" b+c ü.PNG',
  size: 10,
  etag: 'abc',
  sequencer: '00AB',
  id: 'id-1',
});

describe('matchesEventPattern', () => {
  it.each<[string, Record<string, Json>, boolean]>([
    ['exact values, AND across fields', { source: ['aws.s3'], 'detail-type': ['Object Created'] }, true],
    ['an exact value that differs', { source: ['aws.ec2'] }, false],
    ['prefix', { detail: { object: { key: [{ prefix: 'in/' }] } } }, true],
    ['prefix ignoring case', { detail: { object: { key: [{ prefix: { 'equals-ignore-case': 'IN/' } }] } } }, true],
    ['suffix is case-sensitive', { detail: { object: { key: [{ suffix: '.png' }] } } }, false],
    ['suffix ignoring case', { detail: { object: { key: [{ suffix: { 'equals-ignore-case': '.png' } }] } } }, true],
    ['equals-ignore-case', { detail: { bucket: { name: [{ 'equals-ignore-case': 'IMAGES' }] } } }, true],
    ['wildcard', { detail: { object: { key: [{ wildcard: 'in/*.PNG' }] } } }, true],
    ['wildcard with an escaped star', { detail: { object: { key: [{ wildcard: 'in/\\*.PNG' }] } } }, false],
    ['anything-but', { detail: { bucket: { name: [{ 'anything-but': ['other'] }] } } }, true],
    ['exists: false on a missing field', { detail: { object: { 'version-id': [{ exists: false }] } } }, true],
    ['a field the event lacks', { detail: { nothing: ['x'] } }, false],
    ['an array in the event, any element', { resources: ['arn:aws:s3:::images'] }, true],
  ])('%s', (_, pattern, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it('refuses an operator it does not emulate instead of guessing', () => {
    expect(() => matchesEventPattern({ detail: { size: [{ numeric: ['>', 0] }] } }, event)).toThrow('Operator not emulated here: numeric');
  });

  it('matches the synthesized rule shape: images under the prefix, both casings of the suffixes, nothing else', () => {
    const pattern = objectCreatedPattern('images', 'in/') as Record<string, Json>;
    const keyed = (key: string) => objectCreatedEvent({ bucket: 'images', key, size: 1, etag: 'e', sequencer: '01' });

    expect(['in/a.png', 'in/b/c.JPEG', 'in/x y.jpg'].map((key) => matchesEventPattern(pattern, keyed(key)))).toStrictEqual([
      true,
      true,
      true,
    ]);
    expect(['in/a.json', 'out/a.png', 'in/a.png.json', 'in/a.Png'].map((key) => matchesEventPattern(pattern, keyed(key)))).toStrictEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('the trigger rules', () => {
  it("keep each pattern within EventBridge's 4,096 characters for the longest bucket name and key prefix", () => {
    const lengths = Object.values(IMAGE_SUFFIXES_BY_RULE).map(
      (suffixes) => JSON.stringify(objectCreatedPattern('b'.repeat(63), 'k'.repeat(1024), suffixes)).length,
    );

    expect(lengths.every((length) => length <= 4096)).toBe(true);
  });

  it("archive every object created under the prefix, images or not, and nothing else: a superset of the rules' matches, within 4,096 characters", () => {
    const archived = objectCreatedUnder('images', 'in/') as Record<string, Json>;
    const keyed = (bucket: string, key: string) => objectCreatedEvent({ bucket, key, size: 1, etag: 'e', sequencer: '01' });

    expect(['in/a.png', 'in/b/c.JPEG', 'in/a.json'].map((key) => matchesEventPattern(archived, keyed('images', key)))).toStrictEqual([
      true,
      true,
      true,
    ]);
    expect([keyed('images', 'out/a.png'), keyed('other', 'in/a.png')].map((event) => matchesEventPattern(archived, event))).toStrictEqual([
      false,
      false,
    ]);
    expect(JSON.stringify(objectCreatedUnder('b'.repeat(63), 'k'.repeat(1024))).length).toBeLessThanOrEqual(4096);
  });

  it('match disjoint keys, so an object starts at most one execution', () => {
    const [lower, upper] = Object.values(IMAGE_SUFFIXES_BY_RULE).map(
      (suffixes) => objectCreatedPattern('images', 'in/', suffixes) as Record<string, Json>,
    );
    const keyed = (key: string) => objectCreatedEvent({ bucket: 'images', key, size: 1, etag: 'e', sequencer: '01' });

    expect(
      ['in/a.png', 'in/a.JPG', 'in/a.jpeg', 'in/a.PNG'].map((key) => [
        matchesEventPattern(lower!, keyed(key)),
        matchesEventPattern(upper!, keyed(key)),
      ]),
    ).toStrictEqual([
      [true, false],
      [false, true],
      [true, false],
      [false, true],
    ]);
  });
});

describe('transformInput', () => {
  it('inserts values outside quotes as JSON, so keys with quotes, spaces, + and unicode survive; no version from an unversioned bucket', () => {
    const input = transformInput({ inputPaths: INPUT_PATHS, inputTemplate: INPUT_TEMPLATE }, event);

    expect(JSON.parse(input)).toStrictEqual({
      s3_bucket: 'images',
      s3_key: 'in/a "quoted" b+c ü.PNG',
      s3_etag: 'abc',
      s3_version_id: '',
      s3_sequencer: '00AB',
      source_event_id: 'id-1',
    });
  });

  it("carries the version id of a versioned bucket's event", () => {
    const versioned = objectCreatedEvent({
      bucket: 'images',
      key: 'in/a.png',
      size: 1,
      etag: 'e',
      sequencer: '01',
      versionId: '3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
    });

    const input = transformInput({ inputPaths: INPUT_PATHS, inputTemplate: INPUT_TEMPLATE }, versioned);

    expect(JSON.parse(input)).toMatchObject({ s3_key: 'in/a.png', s3_version_id: '3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' });
  });

  it('inserts text inside quotes escaped, a missing path inside quotes as nothing, and the predefined variables', () => {
    const input = transformInput(
      {
        inputPaths: { key: '$.detail.object.key', version: '$.detail.object.version-id' },
        inputTemplate: '{"text": "key <key>", "version": "<version>", "rule": "<aws.events.rule-name>"}',
      },
      event,
      { ruleName: 'image-created' },
    );

    expect(JSON.parse(input)).toStrictEqual({ text: 'key in/a "quoted" b+c ü.PNG', version: '', rule: 'image-created' });
  });

  it('refuses a missing path outside quotes, whose output EventBridge does not document', () => {
    const transform = () =>
      transformInput({ inputPaths: { version: '$.detail.object.version-id' }, inputTemplate: '{"version": <version>}' }, event);

    expect(transform).toThrow(UnsupportedPattern);
    expect(transform).toThrow('The event has nothing at $.detail.object.version-id for <version>, which stands outside quotes');
  });
});
