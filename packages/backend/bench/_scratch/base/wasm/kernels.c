/*
 * @speechsr/backend: kernels of our own, compiled to WebAssembly SIMD (wasm32, simd128).
 * Built by scripts/build-wasm.sh (Debian 12 clang 14, pinned flags); the .wasm beside this file is
 * what ships. No libc: memory is laid out by the caller (JS) above __heap_base.
 *
 * conv1d_filter_grad_small_co: filter gradient of a 1-D convolution with few output channels
 * (the Proposed network's final Conv1D(2, k9)), where XNNPACK's GEMM runs at ~2 GFLOP/s because
 * its output-channel tile is mostly empty.
 *
 *   dw[k, ci, co] = sum_{b, t} xp[b, t*s + k, ci] * dy[b, t, co]
 *
 * xp: [B, Wp, Ci] input already zero-padded along time (Wp >= (Wo-1)*s + K)
 * dy: [B, Wo, Co], 1 <= Co <= 4
 * acc: scratch [K, Co, Ci4] (Ci4 = Ci rounded up to 4) -- zeroed here
 * dw: [K, Ci, Co] result
 */
#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))

static inline void accumulate(const float *xp, const float *dy, float *acc, int B, int Wp, int Ci, int Ci4,
                              int Wo, int K, int s, const int CO) {
  for (int b = 0; b < B; b++) {
    const float *xb = xp + (long)b * Wp * Ci;
    const float *db = dy + (long)b * Wo * CO;
    int t = 0;
    for (; t + 4 <= Wo; t += 4) {
      float d[4][4];
      for (int j = 0; j < 4; j++)
        for (int c = 0; c < CO; c++) d[j][c] = db[(t + j) * CO + c];
      for (int k = 0; k < K; k++) {
        const float *r0 = xb + (long)((t + 0) * s + k) * Ci;
        const float *r1 = xb + (long)((t + 1) * s + k) * Ci;
        const float *r2 = xb + (long)((t + 2) * s + k) * Ci;
        const float *r3 = xb + (long)((t + 3) * s + k) * Ci;
        float *a = acc + (long)k * CO * Ci4;
        int ci = 0;
        for (; ci + 4 <= Ci; ci += 4) {
          v128_t x0 = wasm_v128_load(r0 + ci), x1 = wasm_v128_load(r1 + ci);
          v128_t x2 = wasm_v128_load(r2 + ci), x3 = wasm_v128_load(r3 + ci);
          for (int c = 0; c < CO; c++) {
            v128_t v = wasm_v128_load(a + c * Ci4 + ci);
            v = wasm_f32x4_add(v, wasm_f32x4_mul(x0, wasm_f32x4_splat(d[0][c])));
            v = wasm_f32x4_add(v, wasm_f32x4_mul(x1, wasm_f32x4_splat(d[1][c])));
            v = wasm_f32x4_add(v, wasm_f32x4_mul(x2, wasm_f32x4_splat(d[2][c])));
            v = wasm_f32x4_add(v, wasm_f32x4_mul(x3, wasm_f32x4_splat(d[3][c])));
            wasm_v128_store(a + c * Ci4 + ci, v);
          }
        }
        for (; ci < Ci; ci++)
          for (int c = 0; c < CO; c++)
            a[c * Ci4 + ci] += r0[ci] * d[0][c] + r1[ci] * d[1][c] + r2[ci] * d[2][c] + r3[ci] * d[3][c];
      }
    }
    for (; t < Wo; t++) {
      for (int k = 0; k < K; k++) {
        const float *r = xb + (long)(t * s + k) * Ci;
        float *a = acc + (long)k * CO * Ci4;
        for (int c = 0; c < CO; c++) {
          const float dd = db[t * CO + c];
          for (int ci = 0; ci < Ci; ci++) a[c * Ci4 + ci] += r[ci] * dd;
        }
      }
    }
  }
}

EXPORT void conv1d_filter_grad_small_co(const float *xp, const float *dy, float *acc, float *dw, int B, int Wp,
                                        int Ci, int Wo, int Co, int K, int s) {
  const int Ci4 = (Ci + 3) & ~3;
  for (long i = 0; i < (long)K * Co * Ci4; i++) acc[i] = 0.0f;
  switch (Co) {
    case 1: accumulate(xp, dy, acc, B, Wp, Ci, Ci4, Wo, K, s, 1); break;
    case 2: accumulate(xp, dy, acc, B, Wp, Ci, Ci4, Wo, K, s, 2); break;
    case 3: accumulate(xp, dy, acc, B, Wp, Ci, Ci4, Wo, K, s, 3); break;
    default: accumulate(xp, dy, acc, B, Wp, Ci, Ci4, Wo, K, s, 4); break;
  }
  for (int k = 0; k < K; k++)
    for (int ci = 0; ci < Ci; ci++)
      for (int c = 0; c < Co; c++) dw[((long)k * Ci + ci) * Co + c] = acc[((long)k * Co + c) * Ci4 + ci];
}

/*
 * Elementwise kernels of a training step (the JS side streams tensors through in chunks that stay in
 * cache). Each computes exactly what the stock cpu backend computes element by element.
 */

/* out = x < 0 ? a * x : x (PReLU with one shared alpha) */
EXPORT void prelu_f32(const float *x, float *out, int n, float a) {
  const v128_t va = wasm_f32x4_splat(a), z = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    wasm_v128_store(out + i, wasm_v128_bitselect(wasm_f32x4_mul(v, va), v, wasm_f32x4_lt(v, z)));
  }
  for (; i < n; i++) {
    const float v = x[i];
    out[i] = v < 0.0f ? a * v : v;
  }
}

/* out[i] = x[i] > s (bool as one byte, 0 or 1) */
EXPORT void greater_scalar_f32(const float *x, unsigned char *out, int n, float s) {
  const v128_t vs = wasm_f32x4_splat(s), one = wasm_i8x16_splat(1);
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t m0 = wasm_f32x4_gt(wasm_v128_load(x + i), vs), m1 = wasm_f32x4_gt(wasm_v128_load(x + i + 4), vs);
    v128_t m2 = wasm_f32x4_gt(wasm_v128_load(x + i + 8), vs), m3 = wasm_f32x4_gt(wasm_v128_load(x + i + 12), vs);
    v128_t b = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(m0, m1), wasm_i16x8_narrow_i32x4(m2, m3));
    wasm_v128_store(out + i, wasm_v128_and(b, one));
  }
  for (; i < n; i++) out[i] = x[i] > s ? 1 : 0;
}

/* out[i] = c[i] ? t[i] : e[i] (c: bool bytes) */
EXPORT void select_f32(const unsigned char *c, const float *t, const float *e, float *out, int n) {
  const v128_t zero = wasm_i8x16_splat(0);
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t nz = wasm_i8x16_ne(wasm_v128_load(c + i), zero);
    v128_t lo = wasm_i16x8_extend_low_i8x16(nz), hi = wasm_i16x8_extend_high_i8x16(nz);
    v128_t m0 = wasm_i32x4_extend_low_i16x8(lo), m1 = wasm_i32x4_extend_high_i16x8(lo);
    v128_t m2 = wasm_i32x4_extend_low_i16x8(hi), m3 = wasm_i32x4_extend_high_i16x8(hi);
    wasm_v128_store(out + i, wasm_v128_bitselect(wasm_v128_load(t + i), wasm_v128_load(e + i), m0));
    wasm_v128_store(out + i + 4, wasm_v128_bitselect(wasm_v128_load(t + i + 4), wasm_v128_load(e + i + 4), m1));
    wasm_v128_store(out + i + 8, wasm_v128_bitselect(wasm_v128_load(t + i + 8), wasm_v128_load(e + i + 8), m2));
    wasm_v128_store(out + i + 12, wasm_v128_bitselect(wasm_v128_load(t + i + 12), wasm_v128_load(e + i + 12), m3));
  }
  for (; i < n; i++) out[i] = c[i] ? t[i] : e[i];
}

/* acc[j] += sum over r of x[r * c + j], in float64, rows in order (the cpu backend's order) */
EXPORT void sum_rows_f64(const float *x, double *acc, int rows, int c) {
  for (int r = 0; r < rows; r++) {
    const float *xr = x + (long)r * c;
    int j = 0;
    for (; j + 4 <= c; j += 4) {
      v128_t v = wasm_v128_load(xr + j);
      v128_t lo = wasm_f64x2_promote_low_f32x4(v);
      v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
      wasm_v128_store(acc + j, wasm_f64x2_add(wasm_v128_load(acc + j), lo));
      wasm_v128_store(acc + j + 2, wasm_f64x2_add(wasm_v128_load(acc + j + 2), hi));
    }
    for (; j < c; j++) acc[j] += (double)xr[j];
  }
}

/* sum of x[0 .. n), in float64 */
EXPORT double sum_f64(const float *x, int n) {
  v128_t a0 = wasm_f64x2_splat(0.0), a1 = wasm_f64x2_splat(0.0);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    a0 = wasm_f64x2_add(a0, wasm_f64x2_promote_low_f32x4(v));
    a1 = wasm_f64x2_add(a1, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)));
  }
  double s = (wasm_f64x2_extract_lane(a0, 0) + wasm_f64x2_extract_lane(a1, 0)) +
             (wasm_f64x2_extract_lane(a0, 1) + wasm_f64x2_extract_lane(a1, 1));
  for (; i < n; i++) s += (double)x[i];
  return s;
}
