import { diffLines, unifiedHunks } from '../../../scripts/plan-summary/line-diff';

const lines = (text: string): string[] => text.split('\n');

describe('diffLines', () => {
  it('finds a shortest edit script', () => {
    const edits = diffLines(lines('a\nb\nc\na\nb\nb\na'), lines('c\nb\na\nb\na\nc'));

    expect(edits.filter((edit) => edit.kind !== ' ')).toHaveLength(5);
    expect(edits.filter((edit) => edit.kind !== '+').map((edit) => edit.text)).toStrictEqual(lines('a\nb\nc\na\nb\nb\na'));
    expect(edits.filter((edit) => edit.kind !== '-').map((edit) => edit.text)).toStrictEqual(lines('c\nb\na\nb\na\nc'));
  });

  it('shows the middle as removed then added beyond the edit budget', () => {
    const before = ['same', ...Array.from({ length: 10 }, (_, index) => `old ${index}`), 'end'];
    const after = ['same', ...Array.from({ length: 10 }, (_, index) => `new ${index}`), 'end'];

    expect(diffLines(before, after, 5).map((edit) => `${edit.kind}${edit.text}`)).toStrictEqual([
      ' same',
      ...before.slice(1, 11).map((line) => `-${line}`),
      ...after.slice(1, 11).map((line) => `+${line}`),
      ' end',
    ]);
  });
});

describe('unifiedHunks', () => {
  it('prints hunks as diff -u does, merging changes closer than twice the context', () => {
    const before = lines('1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20');
    const after = [...before];
    after[1] = 'two';
    after.splice(8, 0, 'eight and a half');
    after.splice(19, 1);

    expect(unifiedHunks(diffLines(before, after))).toStrictEqual([
      '@@ -1,11 +1,12 @@',
      ' 1',
      '-2',
      '+two',
      ' 3',
      ' 4',
      ' 5',
      ' 6',
      ' 7',
      ' 8',
      '+eight and a half',
      ' 9',
      ' 10',
      ' 11',
      '@@ -16,5 +17,4 @@',
      ' 16',
      ' 17',
      ' 18',
      '-19',
      ' 20',
    ]);
  });

  it('prints nothing for equal texts and a zero-length side as its line before', () => {
    expect(unifiedHunks(diffLines(['a'], ['a']))).toStrictEqual([]);
    expect(unifiedHunks(diffLines([], ['a', 'b']))).toStrictEqual(['@@ -0,0 +1,2 @@', '+a', '+b']);
  });
});
