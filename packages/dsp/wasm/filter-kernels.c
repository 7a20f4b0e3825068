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

// subsample's order-8 causal filter: direct form II transposed over x[0..n) from state z (8 values,
// updated), storing outputs 0, keep, 2*keep, ... packed into y. c = b0..b8, a1..a8 (a0 = 1). The state
// runs as four f64x2 pairs [z0 z1] [z2 z3] ...; every lane does lfilter.ts's df2t9Keep arithmetic in the
// same order (z_j = z_{j+1} + x*b_{j+1} - y*a_{j+1}), so both paths give bit-identical results.
void df2t9_keep(const double *c, double *z, const double *x, double *y, int n, int keep) {
  const double b0 = c[0];
  const v128_t b01 = wasm_f64x2_make(c[1], c[2]), b23 = wasm_f64x2_make(c[3], c[4]);
  const v128_t b45 = wasm_f64x2_make(c[5], c[6]), b67 = wasm_f64x2_make(c[7], c[8]);
  const v128_t a01 = wasm_f64x2_make(c[9], c[10]), a23 = wasm_f64x2_make(c[11], c[12]);
  const v128_t a45 = wasm_f64x2_make(c[13], c[14]), a67 = wasm_f64x2_make(c[15], c[16]);
  v128_t z01 = wasm_f64x2_make(z[0], z[1]), z23 = wasm_f64x2_make(z[2], z[3]);
  v128_t z45 = wasm_f64x2_make(z[4], z[5]), z67 = wasm_f64x2_make(z[6], z[7]);
  const v128_t zero = wasm_f64x2_splat(0.0);
  int o = 0, cnt = 1;
  for (int i = 0; i < n; i++) {
    const double xn = x[i];
    const double yn = wasm_f64x2_extract_lane(z01, 0) + b0 * xn;
    const v128_t xv = wasm_f64x2_splat(xn), yv = wasm_f64x2_splat(yn);
    const v128_t s01 = wasm_i64x2_shuffle(z01, z23, 1, 2);
    const v128_t s23 = wasm_i64x2_shuffle(z23, z45, 1, 2);
    const v128_t s45 = wasm_i64x2_shuffle(z45, z67, 1, 2);
    const v128_t s67 = wasm_i64x2_shuffle(z67, zero, 1, 2);
    z01 = wasm_f64x2_sub(wasm_f64x2_add(s01, wasm_f64x2_mul(xv, b01)), wasm_f64x2_mul(yv, a01));
    z23 = wasm_f64x2_sub(wasm_f64x2_add(s23, wasm_f64x2_mul(xv, b23)), wasm_f64x2_mul(yv, a23));
    z45 = wasm_f64x2_sub(wasm_f64x2_add(s45, wasm_f64x2_mul(xv, b45)), wasm_f64x2_mul(yv, a45));
    z67 = wasm_f64x2_sub(wasm_f64x2_add(s67, wasm_f64x2_mul(xv, b67)), wasm_f64x2_mul(yv, a67));
    if (--cnt == 0) {
      y[o++] = yn;
      cnt = keep;
    }
  }
  z[0] = wasm_f64x2_extract_lane(z01, 0);
  z[1] = wasm_f64x2_extract_lane(z01, 1);
  z[2] = wasm_f64x2_extract_lane(z23, 0);
  z[3] = wasm_f64x2_extract_lane(z23, 1);
  z[4] = wasm_f64x2_extract_lane(z45, 0);
  z[5] = wasm_f64x2_extract_lane(z45, 1);
  z[6] = wasm_f64x2_extract_lane(z67, 0);
  z[7] = wasm_f64x2_extract_lane(z67, 1);
}

// trim's frame RMS: for each of nblocks consecutive 128-sample blocks of x (float64), the float32 sum
// of float32 squares as numpy's pairwise leaf computes it: samples rounded to float32 (demote), squared
// and added in float32 into 8 accumulators (two f32x4), then ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)).
// Bit-identical to trim.ts's blockSqF32.
void sumsq_blocks_f32(const double *x, int nblocks, float *out) {
  for (int k = 0; k < nblocks; k++) {
    const double *p = x + 128 * k;
    v128_t lo = wasm_f32x4_splat(0.0f), hi = lo;
    for (int i = 0; i < 128; i += 8) {
      const v128_t a = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(p + i));
      const v128_t b = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(p + i + 2));
      const v128_t c = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(p + i + 4));
      const v128_t d = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(p + i + 6));
      const v128_t v0 = wasm_i32x4_shuffle(a, b, 0, 1, 4, 5);
      const v128_t v1 = wasm_i32x4_shuffle(c, d, 0, 1, 4, 5);
      lo = wasm_f32x4_add(lo, wasm_f32x4_mul(v0, v0));
      hi = wasm_f32x4_add(hi, wasm_f32x4_mul(v1, v1));
    }
    const float r0 = wasm_f32x4_extract_lane(lo, 0), r1 = wasm_f32x4_extract_lane(lo, 1);
    const float r2 = wasm_f32x4_extract_lane(lo, 2), r3 = wasm_f32x4_extract_lane(lo, 3);
    const float r4 = wasm_f32x4_extract_lane(hi, 0), r5 = wasm_f32x4_extract_lane(hi, 1);
    const float r6 = wasm_f32x4_extract_lane(hi, 2), r7 = wasm_f32x4_extract_lane(hi, 3);
    out[k] = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
  }
}
