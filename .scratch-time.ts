const t0 = performance.now();
import('./infra/app').then(({ synthesize }) => {
  const t1 = performance.now();
  synthesize(__dirname);
  const t2 = performance.now();
  console.log(`import ${(t1 - t0).toFixed(0)} ms, synth ${(t2 - t1).toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
});
