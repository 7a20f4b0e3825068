import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node build registers no gradients; tfjs-layers does (as in any real training setup).
import '@tensorflow/tfjs-layers';

/** Norm-wise relative error ‖a − b‖ / ‖b‖ in float64 (0 when both are 0). */
export function relNormError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    num += d * d;
    den += (b[i] as number) * (b[i] as number);
  }
  if (den === 0) return num === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.sqrt(num / den);
}

/** A deterministic N(0, 1)-ish Float32Array (xorshift + Box–Muller), so inputs never depend on a backend. */
export function randn(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next()));
    const t = 2 * Math.PI * next();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** Runs `fn` with `backend` active and returns its tensors' values as Float32Arrays (tensors disposed). */
export async function onBackend(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const ts = tf.tidy(fn);
  try {
    return await Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  } finally {
    tf.dispose(ts);
  }
}

/** Gradients of `Σ conv1d(x, w) · r` with respect to x and w, and the forward output. */
export function conv1dGrads(
  x: Float32Array,
  w: Float32Array,
  r: Float32Array,
  cfg: {
    batch: number;
    length: number;
    kernel: number;
    stride: number;
    cin: number;
    cout: number;
    pad: 'same' | 'valid';
  },
): tf.Tensor[] {
  const xt = tf.tensor3d(x, [cfg.batch, cfg.length, cfg.cin]);
  const wt = tf.tensor3d(w, [cfg.kernel, cfg.cin, cfg.cout]);
  const y = tf.conv1d(xt, wt, cfg.stride, cfg.pad);
  const rt = tf.tensor(r, y.shape);
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, cfg.stride, cfg.pad), rt)),
  );
  const [dx, dw] = g([xt, wt]);
  return [y, dx as tf.Tensor, dw as tf.Tensor];
}

/** Output length of conv1d. */
export function convOutLength(length: number, kernel: number, stride: number, pad: 'same' | 'valid'): number {
  return pad === 'same' ? Math.ceil(length / stride) : Math.floor((length - kernel) / stride) + 1;
}
