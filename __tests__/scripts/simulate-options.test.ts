import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSimulateArguments, parseSimulateArguments } from '../../scripts/simulate-options';

const IMAGE = 'fixtures/images/bicycle.png';

describe('parseSimulateArguments', () => {
  it('reads scores and threshold as decimal numbers', () => {
    expect(parseSimulateArguments([IMAGE, '--scores', '0.02, 0.98', '--threshold', '.9'])).toStrictEqual({
      images: [IMAGE],
      scores: [0.02, 0.98],
      threshold: 0.9,
      endpoint: undefined,
      batch: false,
      responseFormat: undefined,
      labels: undefined,
    });
  });

  it('reads --response-format and --labels, comma-separated or from a JSON file', () => {
    expect(parseSimulateArguments([IMAGE, '--response-format', 'huggingface', '--labels', 'motorcycle, bicycle'])).toMatchObject({
      responseFormat: 'huggingface',
      labels: ['motorcycle', 'bicycle'],
    });
    const file = join(mkdtempSync(join(tmpdir(), 'labels-')), 'labels.json');
    writeFileSync(file, '["cat", "dog", "bird"]');
    expect(parseSimulateArguments([IMAGE, '--labels', file, '--scores', '0.1,0.2,0.7']).labels).toStrictEqual(['cat', 'dog', 'bird']);
  });

  it('lists every problem of --response-format and --labels at once', () => {
    expect(() => parseSimulateArguments([IMAGE, '--response-format', 'json', '--labels', 'cat,cat,dog'])).toThrow(
      '- --response-format must be one of seed, huggingface, jumpstart, torchserve, tensorflow, got: "json"\n' +
        '- --labels must not repeat a name, got: "cat,cat,dog"\n' +
        '- --labels names 3 classes, but the stand-in answers 2 scores (--scores sets them)\n',
    );
  });

  it('reads --batch before or after the folder', () => {
    expect(parseSimulateArguments(['--batch', 'fixtures/images']).batch).toBe(true);
    expect(parseSimulateArguments(['fixtures/images', '--batch'])).toMatchObject({ batch: true, images: expect.arrayContaining([IMAGE]) });
  });

  it.each([',0.9', '', '0x1', '0b1', '0.5,', '1e', 'NaN', '1.5'])('rejects --scores %j', (scores) => {
    expect(() => parseSimulateArguments([IMAGE, '--scores', scores])).toThrow(InvalidSimulateArguments);
    expect(() => parseSimulateArguments([IMAGE, '--scores', scores])).toThrow(
      `--scores must be comma-separated decimal numbers in [0, 1], got: ${JSON.stringify(scores)}`,
    );
  });

  it.each(['', '0x1', '0', '1.01', 'Infinity'])('rejects --threshold %j', (threshold) => {
    expect(() => parseSimulateArguments([IMAGE, '--threshold', threshold])).toThrow(
      `--threshold must be a decimal number in (0, 1], got: ${JSON.stringify(threshold)}`,
    );
  });
});
