/**
 * Seeded pseudo-random numbers for weight initialisation: a 32-bit splitmix/mulberry-style
 * generator feeding Box–Muller. Deterministic across platforms (integer arithmetic + IEEE doubles).
 */

/** Uniform doubles in (0, 1) from a 32-bit seed (mulberry32). */
export function uniformStream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    // map [0, 1) to (0, 1) so log() in Box–Muller is finite
    return u + 1 / 8589934592;
  };
}

/** Fills a new Float64Array with standard normal draws (Box–Muller on `uniformStream(seed)`). */
export function standardNormal(n: number, seed: number): Float64Array {
  const u = uniformStream(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}
