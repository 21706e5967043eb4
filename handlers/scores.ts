/** The highest score; a loop, since spreading thousands of scores into Math.max overflows the stack. */
function highestScore(scores: readonly number[]): number {
  let highest = -Infinity;
  for (const score of scores) if (score > highest) highest = score;
  return highest;
}

export { highestScore };
