/** Captures what the code under test writes to stdout, one entry per non-empty line, until jest restores the spy. */
function captureStdoutLines(): string[] {
  const lines: string[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter((line) => line !== ''),
    );
    return true;
  });
  return lines;
}

export { captureStdoutLines };
