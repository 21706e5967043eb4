import { fitItems, fitSections, fixed } from '../../../scripts/plan-summary/fit';

const tail = (omitted: number): string => (omitted === 0 ? '.' : `+${omitted}.`);

describe('fitItems', () => {
  it('keeps the head, as many items as fit and a tail counting the rest', () => {
    const items = ['aa', 'bb', 'cc', 'dd'];

    expect(fitItems('H:', items, tail, 100)).toBe('H:aabbccdd.');
    expect(fitItems('H:', items, tail, 11)).toBe('H:aabbccdd.');
    expect(fitItems('H:', items, tail, 10)).toBe('H:aabb+2.');
    expect(fitItems('H:', items, tail, 7)).toBe('H:aa+3.');
    expect(fitItems('H:', items, tail, 6)).toBe('');
  });

  it('shrinks the first item that does not fit whole into the room left', () => {
    const shrinkable = { full: 'cccccccc', shrink: (room: number) => 'c'.repeat(Math.max(0, room)) };

    expect(fitItems('H:', ['aa', shrinkable, 'dd'], tail, 10)).toBe('H:aaccc+1.');
  });
});

describe('fitSections', () => {
  it('shortens the least important sections first, never the fixed ones', () => {
    const section = (letter: string, importance: number) => ({
      importance,
      title: letter,
      full: letter.repeat(10),
      shrink: (room: number) => letter.repeat(Math.min(10, room)),
    });

    expect(fitSections([fixed('<'), section('a', 2), section('b', 1), fixed('>')], 100)).toBe(`<${'a'.repeat(10)}${'b'.repeat(10)}>`);
    expect(fitSections([fixed('<'), section('a', 2), section('b', 1), fixed('>')], 17)).toBe(`<${'a'.repeat(10)}${'b'.repeat(5)}>`);
    expect(fitSections([fixed('<'), section('a', 2), section('b', 1), fixed('>')], 8)).toBe(`<${'a'.repeat(6)}>`);
  });

  it('gives the room a later cut freed back to the sections cut before, most important first', () => {
    // A section shrinks to a note of `note` characters when that fits, else to nothing.
    const section = (letter: string, importance: number, note: number) => ({
      importance,
      title: letter,
      full: letter.repeat(10),
      shrink: (room: number) => (room >= 10 ? letter.repeat(10) : room >= note ? letter.repeat(note) : ''),
    });

    // c is cut to nothing first (no room for its note yet); cutting b to its note leaves room for c's.
    expect(fitSections([section('a', 3, 1), section('b', 2, 3), section('c', 1, 5)], 18)).toBe(`${'a'.repeat(10)}bbbccccc`);
  });
});
