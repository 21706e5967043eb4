import { parseCsv } from '../../../local/executor/csv';

describe('parseCsv', () => {
  it('splits rows on LF and CRLF and cells on the delimiter, adding no row for the final line break or an empty line', () => {
    expect(parseCsv('a,b\r\nc,d\n\ne,\n')).toStrictEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', ''],
    ]);
  });

  it('keeps the delimiter, line breaks and doubled quotes inside a quoted cell', () => {
    expect(parseCsv('"x, y","line\nbreak","say ""hi"""')).toStrictEqual([['x, y', 'line\nbreak', 'say "hi"']]);
  });

  it('takes another delimiter, and keeps a row of blanks as a cell', () => {
    expect(parseCsv('a|b\n   ', '|')).toStrictEqual([['a', 'b'], ['   ']]);
  });
});
