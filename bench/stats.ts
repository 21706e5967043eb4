function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const median = (values: readonly number[]) => percentile(values, 50);

function formatMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

export { percentile, median, formatMs };
