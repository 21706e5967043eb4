/**
 * CSV text as rows of cells (RFC 4180: a quoted cell may hold the delimiter, line breaks and `""`
 * for a quote). An empty line is no row, so the file's final line break adds none.
 */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let empty = true;
  const endRow = () => {
    if (!empty) rows.push([...cells, cell]);
    [cells, cell, empty] = [[], '', true];
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[index + 1] === '"') cell += text[++index];
      else quoted = false;
      continue;
    }
    if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      endRow();
      continue;
    }
    empty = false;
    if (char === '"') quoted = true;
    else if (char !== delimiter) cell += char;
    else {
      cells.push(cell);
      cell = '';
    }
  }
  endRow();
  return rows;
}

export { parseCsv };
