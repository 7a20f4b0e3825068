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
