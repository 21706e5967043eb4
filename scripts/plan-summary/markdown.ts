const longestRun = (text: string, character: string): number =>
  Math.max(0, ...[...text.matchAll(new RegExp(`\\${character}+`, 'g'))].map(([run]) => run.length));

/** Inline code that holds any text: a backtick fence longer than any run inside, no line breaks. */
function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Text shown as it is: HTML and Markdown punctuation escaped, on one line. */
function text(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/** Text inside an HTML element (a `<summary>`), where Markdown is not read. */
function html(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A GitHub table cell: a pipe ends the cell even inside inline code unless escaped. */
function cell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}

/** The opening and closing lines of a fenced block that no line of `lines` can close. */
function fenceFor(lines: readonly string[], info: string): { open: string; close: string } {
  const fence = '`'.repeat(Math.max(3, ...lines.map((line) => longestRun(line, '`') + 1)));
  return { open: `${fence}${info}\n`, close: `${fence}\n` };
}

/** `<details>` opening with its summary line; Markdown inside needs the blank line. */
function detailsOpen(summaryHtml: string): string {
  return `<details><summary>${summaryHtml}</summary>\n\n`;
}

const DETAILS_CLOSE = '\n</details>\n\n';

/** 1234 -> "1,234" */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** "1 object", "2 objects" */
function plural(value: number, noun: string, nouns = `${noun}s`): string {
  return `${count(value)} ${value === 1 ? noun : nouns}`;
}

export { code, text, html, cell, fenceFor, detailsOpen, DETAILS_CLOSE, count, plural };
