import FFT from 'fft.js';
function bench(name: string, f: () => void, reps: number) {
  f();
  let best = Infinity;
  for (let r = 0; r < 9; r++) { const t = performance.now(); for (let i = 0; i < reps; i++) f(); best = Math.min(best, (performance.now() - t) / reps); }
  return best * 1000;
}
for (const n of [256, 512, 1024, 2048, 1 << 19]) {
  const f = new FFT(n);
  const h = n / 2;
  const fh = new FFT(h);
  const tw = new Float64Array(n);
  for (let k = 0; k < h; k++) { tw[2 * k] = Math.cos((2 * Math.PI * k) / n); tw[2 * k + 1] = Math.sin((2 * Math.PI * k) / n); }
  const inp = new Float64Array(n).map(() => Math.random() - 0.5);
  const out = new Float64Array(2 * n);
  const out2 = new Float64Array(n + 2);
  const Z = new Float64Array(n);
  const reps = n > 5000 ? 3 : 20000;
  const viaHalf = () => {
    fh.transform(Z, inp); // inp viewed as h complex numbers (x[2j] + i x[2j+1])
    const z0r = Z[0]!, z0i = Z[1]!;
    out2[0] = z0r + z0i; out2[1] = 0; out2[n] = z0r - z0i; out2[n + 1] = 0;
    for (let k = 1; k < h; k++) {
      const ar = Z[2 * k]!, ai = Z[2 * k + 1]!;
      const br = Z[2 * (h - k)]!, bi = -Z[2 * (h - k) + 1]!;
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
      const wr = tw[2 * k]!, wi = -tw[2 * k + 1]!;
      out2[2 * k] = er + wr * or - wi * oi;
      out2[2 * k + 1] = ei + wr * oi + wi * or;
    }
  };
  viaHalf(); f.realTransform(out, inp);
  let err = 0; for (let k = 0; k <= h; k++) err = Math.max(err, Math.abs(out[2*k]! - out2[2*k]!), Math.abs(out[2*k+1]! - out2[2*k+1]!));
  const a = bench('real', () => f.realTransform(out, inp), reps);
  const b = bench('half', viaHalf, reps);
  const cin = new Float64Array(2*n).map(() => Math.random()); const c = bench("cplx", () => f.transform(out, cin), reps);
  console.log(n, 'fftjs real', a.toFixed(1), 'viaHalf', b.toFixed(1), 'complex n', c.toFixed(1), 'err', err);
}
