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
    });
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
