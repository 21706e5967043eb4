/** A part of the comment that can be shortened. */
interface Shrinkable {
  readonly full: string;
  /** The part in at most `room` characters, or '' when nothing useful fits. */
  readonly shrink: (room: number) => string;
}

interface Section extends Shrinkable {
  /** Sections of lower importance are shortened first; the fixed parts (header, footer) are never. */
  readonly importance: number;
}

const fixed = (full: string, importance = Number.POSITIVE_INFINITY): Section => ({ full, importance, shrink: () => full });

/**
 * `head`, as many leading items as fit, then `tail(omitted)`: the longest such text within `room`
 * characters, or '' when not even the head, the first item and the tail fit. An item that does not
 * fit whole may be shrunk into the room left, after which the rest is omitted.
 */
function fitItems(head: string, items: readonly (string | Shrinkable)[], tail: (omitted: number) => string, room: number): string {
  const kept: string[] = [];
  let used = head.length;
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const whole = typeof item === 'string' ? item : item.full;
    const rest = items.length - index - 1;
    if (used + whole.length + tail(rest).length <= room) {
      kept.push(whole);
      used += whole.length;
      continue;
    }
    const shrunk = typeof item === 'string' ? '' : item.shrink(room - used - tail(rest).length);
    if (shrunk !== '' && used + shrunk.length + tail(rest).length <= room) return `${head}${kept.join('')}${shrunk}${tail(rest)}`;
    break;
  }
  while (kept.length > 0 && used + tail(items.length - kept.length).length > room) used -= kept.pop()!.length;
  if (kept.length === 0) return '';
  return `${head}${kept.join('')}${tail(items.length - kept.length)}`;
}

/**
 * The sections joined in order, within `limit` characters: while the whole is too long, the least
 * important section left is shortened to what room remains (possibly to nothing).
 */
function fitSections(sections: readonly Section[], limit: number): string {
  const texts = sections.map((section) => section.full);
  let total = texts.reduce((sum, part) => sum + part.length, 0);
  const byImportance = sections.map((_, index) => index).sort((a, b) => sections[a]!.importance - sections[b]!.importance);
  for (const index of byImportance) {
    if (total <= limit) break;
    const section = sections[index]!;
    if (section.importance === Number.POSITIVE_INFINITY) break;
    const current = texts[index]!;
    const shrunk = section.shrink(Math.max(0, current.length - (total - limit)));
    total += shrunk.length - current.length;
    texts[index] = shrunk;
  }
  if (total > limit) throw new RangeError(`the fixed parts of the comment take ${total} characters, over the limit of ${limit}`);
  return texts.join('');
}

export { fitItems, fitSections, fixed };
export type { Section, Shrinkable };
