/** Runs `task` for indexes 0..count-1 with at most `limit` in flight, in index order of start. */
async function runConcurrently(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) await task(index);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
}

export { runConcurrently };
