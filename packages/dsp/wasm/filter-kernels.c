// WebAssembly (SIMD128) kernels of @speechsr/dsp: resamplePoly (up = 1) and decimate.
// Build and embedding: `npm run build:wasm` (scripts/build-wasm.sh) writes src/wasm/filter-kernels.generated.ts.
#include <wasm_simd128.h>

// Split x (n samples) into q phases stored one after the other: phase r = x[r], x[r+q], ...
void deinterleave(const double *x, int n, int q, double *out) {
  int k = 0;
  for (int r = 0; r < q; r++)
    for (int i = r; i < n; i += q) out[k++] = x[i];
}

// y[i] = sum_t g[t] * buf[addr[t] + i] for i in [i0, i1): four outputs per pass (two f64x2 lanes).
void fir_multi(const double *buf, const int *addr, const double *g, int taps, double *y, int i0, int i1) {
  int i = i0;
  for (; i + 3 < i1; i += 4) {
    v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0, b0 = a0, b1 = a0;
    int t = 0;
    for (; t + 1 < taps; t += 2) {
      const double *p = buf + addr[t] + i;
      const double *q = buf + addr[t + 1] + i;
      v128_t gp = wasm_f64x2_splat(g[t]);
      v128_t gq = wasm_f64x2_splat(g[t + 1]);
      a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(gp, wasm_v128_load(p)));
      a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(gp, wasm_v128_load(p + 2)));
      b0 = wasm_f64x2_add(b0, wasm_f64x2_mul(gq, wasm_v128_load(q)));
      b1 = wasm_f64x2_add(b1, wasm_f64x2_mul(gq, wasm_v128_load(q + 2)));
    }
    if (t < taps) {
      const double *p = buf + addr[t] + i;
      v128_t gp = wasm_f64x2_splat(g[t]);
      a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(gp, wasm_v128_load(p)));
      a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(gp, wasm_v128_load(p + 2)));
    }
    wasm_v128_store(y + i, wasm_f64x2_add(a0, b0));
    wasm_v128_store(y + i + 2, wasm_f64x2_add(a1, b1));
  }
  for (; i < i1; i++) {
    double s = 0.0;
    for (int t = 0; t < taps; t++) s += g[t] * buf[addr[t] + i];
    y[i] = s;
  }
}

// Four second-order sections (rows b0 b1 b2 a0 a1 a2, a0 = 1) run in place over x[0..n), forwards
// (reverse = 0) or backwards; z holds [z0, z1] per section and is updated. Same arithmetic order as
// scipy's _sosfilt and the JavaScript kernel.
void sos4_inplace(const double *c, double *z, double *x, int n, int reverse) {
  const double b00 = c[0], b01 = c[1], b02 = c[2], a01 = c[4], a02 = c[5];
  const double b10 = c[6], b11 = c[7], b12 = c[8], a11 = c[10], a12 = c[11];
  const double b20 = c[12], b21 = c[13], b22 = c[14], a21 = c[16], a22 = c[17];
  const double b30 = c[18], b31 = c[19], b32 = c[20], a31 = c[22], a32 = c[23];
  double z00 = z[0], z01 = z[1], z10 = z[2], z11 = z[3], z20 = z[4], z21 = z[5], z30 = z[6], z31 = z[7];
  int i = reverse ? n - 1 : 0;
  const int step = reverse ? -1 : 1;
  // Lowpass designs leave numerators [1, 2, 1] behind the first section: 1*x and 2*x are exact, so this
  // shorter loop gives bit-identical results.
  if (b10 == 1.0 && b11 == 2.0 && b12 == 1.0 && b20 == 1.0 && b21 == 2.0 && b22 == 1.0 && b30 == 1.0 &&
      b31 == 2.0 && b32 == 1.0) {
    for (int k = 0; k < n; k++, i += step) {
      const double x0 = x[i];
      const double x1 = b00 * x0 + z00;
      z00 = b01 * x0 - a01 * x1 + z01;
      z01 = b02 * x0 - a02 * x1;
      const double x2 = x1 + z10;
      z10 = x1 + x1 - a11 * x2 + z11;
      z11 = x1 - a12 * x2;
      const double x3 = x2 + z20;
      z20 = x2 + x2 - a21 * x3 + z21;
      z21 = x2 - a22 * x3;
      const double x4 = x3 + z30;
      z30 = x3 + x3 - a31 * x4 + z31;
      z31 = x3 - a32 * x4;
      x[i] = x4;
    }
  } else {
  for (int k = 0; k < n; k++, i += step) {
    const double x0 = x[i];
    const double x1 = b00 * x0 + z00;
    z00 = b01 * x0 - a01 * x1 + z01;
    z01 = b02 * x0 - a02 * x1;
    const double x2 = b10 * x1 + z10;
    z10 = b11 * x1 - a11 * x2 + z11;
    z11 = b12 * x1 - a12 * x2;
    const double x3 = b20 * x2 + z20;
    z20 = b21 * x2 - a21 * x3 + z21;
    z21 = b22 * x2 - a22 * x3;
    const double x4 = b30 * x3 + z30;
    z30 = b31 * x3 - a31 * x4 + z31;
    z31 = b32 * x3 - a32 * x4;
    x[i] = x4;
  }
  }
  z[0] = z00; z[1] = z01; z[2] = z10; z[3] = z11; z[4] = z20; z[5] = z21; z[6] = z30; z[7] = z31;
}
