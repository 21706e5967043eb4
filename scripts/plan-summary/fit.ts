/** A part of the comment that can be shortened. */
interface Shrinkable {
  readonly full: string;
  /** The part in at most `room` characters, or '' when nothing useful fits. */
  readonly shrink: (room: number) => string;
}

interface Section extends Shrinkable {
  /** Sections of lower importance are shortened first; the fixed parts (the header) are never. */
  readonly importance: number;
  /** What the section shows, for the note on what was cut ("the full plan"). */
  readonly title: string;
  /** The section cut whole: its heading and a note saying so; dropped only when even the notes do not fit. */
  readonly dropped?: string;
}

const fixed = (full: string): Section => ({ full, importance: Number.POSITIVE_INFINITY, title: '', shrink: () => full });

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
 * The sections joined in order, then `footer(titles of the sections cut)`, within `limit` characters.
 * While the whole is too long, the least important section left is shortened to what room remains,
 * but not below its `dropped` note; if the notes still do not fit, they go too, least important
 * first. Then the room a later cut freed goes back to the shortened sections, most important first.
 * The footer's room is kept for the longest list of titles.
 */
function fitSections(sections: readonly Section[], limit: number, footer: (cut: readonly string[]) => string = () => ''): string {
  const shrinkable = sections.filter((section) => section.importance !== Number.POSITIVE_INFINITY);
  const room = limit - Math.max(footer([]).length, footer(shrinkable.map((section) => section.title)).length);
  const texts = sections.map((section) => section.full);
  let total = texts.reduce((sum, part) => sum + part.length, 0);
  const replace = (index: number, text: string): void => {
    total += text.length - texts[index]!.length;
    texts[index] = text;
  };
  const byImportance = sections
    .map((_, index) => index)
    .filter((index) => sections[index]!.importance !== Number.POSITIVE_INFINITY)
    .sort((a, b) => sections[a]!.importance - sections[b]!.importance);
  const shortened: number[] = [];
  for (const index of byImportance) {
    if (total <= room) break;
    const section = sections[index]!;
    const shrunk = section.shrink(Math.max(0, texts[index]!.length - (total - room)));
    replace(index, section.dropped !== undefined && shrunk.length < section.dropped.length ? section.dropped : shrunk);
    shortened.push(index);
  }
  for (const index of shortened) {
    if (total <= room) break;
    replace(index, '');
  }
  for (const index of [...shortened].reverse()) {
    const regrown = sections[index]!.shrink(texts[index]!.length + (room - total));
    if (regrown.length > texts[index]!.length) replace(index, regrown);
  }
  if (total > room) throw new RangeError(`the fixed parts of the comment take ${total} characters, over the ${room} left of ${limit}`);
  const cut = sections.filter((section, index) => texts[index] !== section.full).map((section) => section.title);
  return `${texts.join('')}${footer(cut)}`;
}

export { fitItems, fitSections, fixed };
export type { Section, Shrinkable };
