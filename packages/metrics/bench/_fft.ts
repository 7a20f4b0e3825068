import FFT from 'fft.js';
function bench(name: string, f: () => void, reps: number) {
  f();
  let best = Infinity;
  for (let r = 0; r < 5; r++) { const t = performance.now(); for (let i = 0; i < reps; i++) f(); best = Math.min(best, (performance.now() - t) / reps); }
  console.log(name.padEnd(30), (best * 1000).toFixed(1), 'us');
}
for (const n of [256, 512, 1024, 1 << 19, 1 << 20]) {
  const f = new FFT(n);
  const inp = new Float64Array(n).map(() => Math.random());
  const cin = new Float64Array(2 * n).map(() => Math.random());
  const out = new Float64Array(2 * n);
  const reps = n > 5000 ? 2 : 5000;
  bench(`real ${n}`, () => f.realTransform(out, inp), reps);
  bench(`complex ${n}`, () => f.transform(out, cin), reps);
}
