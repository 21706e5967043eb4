/** One line of a line diff: kept (' '), removed ('-') or added ('+'). */
interface LineEdit {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
}

/**
 * Above this many differing lines the middle of the texts is shown as removed, then added: Myers'
 * search keeps one frontier per edit, so its memory grows with the square of the edits.
 */
const MAX_EDITS = 2000;

const kept = (text: string): LineEdit => ({ kind: ' ', text });
const removed = (text: string): LineEdit => ({ kind: '-', text });
const added = (text: string): LineEdit => ({ kind: '+', text });

/** Myers' O(ND) shortest edit script; undefined when it needs more than maxEdits edits. */
function shortestEdits(a: readonly string[], b: readonly string[], maxEdits: number): LineEdit[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  // frontiers[d] holds the furthest x on each diagonal k in [-d-1, d+1] before round d, at k + d + 1.
  const frontiers: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    frontiers.push(frontier.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
      let x = down ? frontier[offset + k + 1]! : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, frontiers);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], frontiers: readonly Int32Array[]): LineEdit[] {
  const edits: LineEdit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = frontiers.length - 1; d >= 0; d--) {
    const v = frontiers[d]!;
    const at = (k: number): number => v[k + d + 1]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      edits.push(kept(a[x]!));
    }
    if (d > 0) edits.push(x === previousX ? added(b[previousY]!) : removed(a[previousX]!));
    x = previousX;
    y = previousY;
  }
  return edits.reverse();
}

/** The lines of `before` and `after` as kept, removed and added lines (a shortest edit script). */
function diffLines(before: readonly string[], after: readonly string[], maxEdits = MAX_EDITS): LineEdit[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let beforeEnd = before.length;
  let afterEnd = after.length;
  while (beforeEnd > start && afterEnd > start && before[beforeEnd - 1] === after[afterEnd - 1]) {
    beforeEnd -= 1;
    afterEnd -= 1;
  }
  const a = before.slice(start, beforeEnd);
  const b = after.slice(start, afterEnd);
  const middle = shortestEdits(a, b, maxEdits) ?? [...a.map(removed), ...b.map(added)];
  return [...before.slice(0, start).map(kept), ...middle, ...before.slice(beforeEnd).map(kept)];
}

/** `@@ -l,s +l,s @@` hunks with `context` kept lines around each change, as `diff -u` prints them (without file headers). */
function unifiedHunks(edits: readonly LineEdit[], context = 3): string[] {
  const changed = edits.flatMap((edit, index) => (edit.kind === ' ' ? [] : [index]));
  if (changed.length === 0) return [];
  const ranges: [number, number][] = [];
  for (const index of changed) {
    const last = ranges.at(-1);
    if (last !== undefined && index - context <= last[1]) last[1] = Math.min(edits.length, index + 1 + context);
    else ranges.push([Math.max(0, index - context), Math.min(edits.length, index + 1 + context)]);
  }
  // Lines of each side before each edit.
  const beforeLine = new Int32Array(edits.length + 1);
  const afterLine = new Int32Array(edits.length + 1);
  edits.forEach((edit, index) => {
    beforeLine[index + 1] = beforeLine[index]! + (edit.kind === '+' ? 0 : 1);
    afterLine[index + 1] = afterLine[index]! + (edit.kind === '-' ? 0 : 1);
  });
  const position = (line: number, count: number): string => `${count === 0 ? line : line + 1},${count}`;
  return ranges.flatMap(([start, end]) => [
    `@@ -${position(beforeLine[start]!, beforeLine[end]! - beforeLine[start]!)} +${position(afterLine[start]!, afterLine[end]! - afterLine[start]!)} @@`,
    ...edits.slice(start, end).map((edit) => `${edit.kind}${edit.text}`),
  ]);
}

export { diffLines, unifiedHunks };
