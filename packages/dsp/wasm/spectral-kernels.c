// WebAssembly (SIMD128) kernels of @speechsr/dsp: fft_stages runs the mixed-radix Stockham stages of
// fft.ts on complex f64x2 values; stft_pairs (used by stft.ts) transforms two power-of-two STFT frames
// per vector. Build and embedding: `npm run build:wasm` (scripts/build-wasm.sh) writes
// src/wasm/spectral-kernels.generated.ts.
typedef double v2 __attribute__((vector_size(16)));

/*
 * STFT of frames in pairs: lane 0 = frame f, lane 1 = frame f+1 (SIMD128 f64x2 on two frames).
 * x: signal chunk; frame j starts at x[j*hop]; n = nFft (power of two >= 16), h = n/2.
 * rev: bit reversal of log2(h) bits; tw: radix-2 twiddles, tw[2*(half+k)] = cos, sin(-pi k/half);
 * pt: post-processing twiddles e^{-2 pi i k/n}, k < h (cos, sin); win: window (n).
 * zr, zi: scratch, h v2 each. Output: re/im rows of nbins = h+1 per frame.
 */
void stft_pairs(const double *x, int nframes, int hop, int n, const double *win, const int *rev,
                const double *tw, const double *pt, v2 *zr, v2 *zi, double *re, double *im) {
  const int h = n >> 1;
  int log = 0;
  while ((1 << log) < h) log++;
  const int nb = h + 1;
  for (int f = 0; f < nframes; f += 2) {
    const int g = (f + 1 < nframes) ? f + 1 : f;
    const double *xa = x + f * hop;
    const double *xb = x + g * hop;
    for (int m = 0; m < h; m++) {
      const int r = rev[m];
      const double w0 = win[2 * m], w1 = win[2 * m + 1];
      zr[r] = (v2){xa[2 * m] * w0, xb[2 * m] * w0};
      zi[r] = (v2){xa[2 * m + 1] * w1, xb[2 * m + 1] * w1};
    }
    int m = 1;
    if (log & 1) {
      for (int i = 0; i < h; i += 2) {
        v2 ar = zr[i], ai = zi[i], br = zr[i + 1], bi = zi[i + 1];
        zr[i] = ar + br; zi[i] = ai + bi; zr[i + 1] = ar - br; zi[i + 1] = ai - bi;
      }
      m = 2;
    }
    for (; m < h; m <<= 2) {
      const int m4 = 4 * m;
      for (int i = 0; i < h; i += m4) {
        for (int k = 0; k < m; k++) {
          const double w1r = tw[2 * (m + k)], w1i = tw[2 * (m + k) + 1];
          const double w2r = tw[2 * (2 * m + k)], w2i = tw[2 * (2 * m + k) + 1];
          const int i0 = i + k, i1 = i0 + m, i2 = i1 + m, i3 = i2 + m;
          v2 x0r = zr[i0], x0i = zi[i0], x1r = zr[i1], x1i = zi[i1];
          v2 x2r = zr[i2], x2i = zi[i2], x3r = zr[i3], x3i = zi[i3];
          v2 t = x1r * w1r - x1i * w1i; x1i = x1r * w1i + x1i * w1r; x1r = t;
          t = x3r * w1r - x3i * w1i; x3i = x3r * w1i + x3i * w1r; x3r = t;
          v2 a0r = x0r + x1r, a0i = x0i + x1i, a1r = x0r - x1r, a1i = x0i - x1i;
          v2 a2r = x2r + x3r, a2i = x2i + x3i, a3r = x2r - x3r, a3i = x2i - x3i;
          v2 b2r = a2r * w2r - a2i * w2i, b2i = a2r * w2i + a2i * w2r;
          v2 c3r = a3r * w2r - a3i * w2i, c3i = a3r * w2i + a3i * w2r;
          /* (-i) * c3 = c3i - i c3r */
          zr[i0] = a0r + b2r; zi[i0] = a0i + b2i; zr[i2] = a0r - b2r; zi[i2] = a0i - b2i;
          zr[i1] = a1r + c3i; zi[i1] = a1i - c3r; zr[i3] = a1r - c3i; zi[i3] = a1i + c3r;
        }
      }
    }
    double *ra = re + f * nb, *ia = im + f * nb, *rb = re + g * nb, *ib = im + g * nb;
    {
      v2 s = zr[0] + zi[0], d = zr[0] - zi[0];
      ra[0] = s[0]; rb[0] = s[1]; ra[h] = d[0]; rb[h] = d[1];
      ia[0] = 0; ib[0] = 0; ia[h] = 0; ib[h] = 0;
    }
    for (int k = 1; k < h; k++) {
      v2 ar = zr[k], ai = zi[k], br = zr[h - k], bi = -zi[h - k];
      v2 er = 0.5 * (ar + br), ei = 0.5 * (ai + bi), or_ = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
      const double wr = pt[2 * k], wi = pt[2 * k + 1];
      v2 yr = er + wr * or_ - wi * oi, yi = ei + wr * oi + wi * or_;
      ra[k] = yr[0]; rb[k] = yr[1]; ia[k] = yi[0]; ib[k] = yi[1];
    }
  }
}

/* ---- mixed-radix Stockham stages (complex values as f64x2 = (re, im)) ---- */
static inline v2 cmul(v2 a, v2 w) {
  v2 wr = __builtin_shufflevector(w, w, 0, 0);
  v2 wi = __builtin_shufflevector(w, w, 1, 1);
  v2 as = __builtin_shufflevector(a, a, 1, 0);
  return a * wr + as * wi * (v2){-1.0, 1.0};
}
/* -i*a = (ai, -ar) */
static inline v2 negi(v2 a) { return __builtin_shufflevector(a, a, 1, 0) * (v2){1.0, -1.0}; }
/* i*a = (-ai, ar) */
static inline v2 posi(v2 a) { return __builtin_shufflevector(a, a, 1, 0) * (v2){-1.0, 1.0}; }

#define SIN60 0.8660254037844386
#define C51 0.30901699437494745
#define C52 (-0.8090169943749473)
#define S51 0.9510565162951535
#define S52 0.5877852522924732

/*
 * st: per stage 5 ints {p, m, s, tw address, root address}; the data starts in a; stage t reads
 * (t even ? a : b) and writes the other. The result is in a when nst is even, else in b.
 */
void fft_stages(const int *st, int nst, v2 *a, v2 *b) {
  for (int t = 0; t < nst; t++) {
    const int p = st[5 * t], m = st[5 * t + 1], s = st[5 * t + 2];
    const v2 *tw = (const v2 *)(unsigned long)st[5 * t + 3];
    const v2 *root = (const v2 *)(unsigned long)st[5 * t + 4];
    const v2 *x = (t & 1) ? b : a;
    v2 *y = (t & 1) ? a : b;
    if (p == 4) {
      for (int pp = 0; pp < m; pp++) {
        const v2 w1 = tw[3 * pp], w2 = tw[3 * pp + 1], w3 = tw[3 * pp + 2];
        const v2 *x0 = x + s * pp, *x1 = x + s * (pp + m), *x2 = x + s * (pp + 2 * m), *x3 = x + s * (pp + 3 * m);
        v2 *y0 = y + s * 4 * pp, *y1 = y0 + s, *y2 = y1 + s, *y3 = y2 + s;
        for (int q = 0; q < s; q++) {
          v2 a0 = x0[q], a1 = x1[q], a2 = x2[q], a3 = x3[q];
          v2 t0 = a0 + a2, t1 = a0 - a2, t2 = a1 + a3, t3 = negi(a1 - a3);
          y0[q] = t0 + t2;
          y1[q] = cmul(t1 + t3, w1);
          y2[q] = cmul(t0 - t2, w2);
          y3[q] = cmul(t1 - t3, w3);
        }
      }
    } else if (p == 2) {
      for (int pp = 0; pp < m; pp++) {
        const v2 w = tw[pp];
        const v2 *x0 = x + s * pp, *x1 = x + s * (pp + m);
        v2 *y0 = y + s * 2 * pp, *y1 = y0 + s;
        for (int q = 0; q < s; q++) {
          v2 a0 = x0[q], a1 = x1[q];
          y0[q] = a0 + a1;
          y1[q] = cmul(a0 - a1, w);
        }
      }
    } else if (p == 3) {
      for (int pp = 0; pp < m; pp++) {
        const v2 w1 = tw[2 * pp], w2 = tw[2 * pp + 1];
        const v2 *x0 = x + s * pp, *x1 = x + s * (pp + m), *x2 = x + s * (pp + 2 * m);
        v2 *y0 = y + s * 3 * pp, *y1 = y0 + s, *y2 = y1 + s;
        for (int q = 0; q < s; q++) {
          v2 a0 = x0[q], a1 = x1[q], a2 = x2[q];
          v2 sm = a1 + a2, d = SIN60 * (a1 - a2), bb = a0 - 0.5 * sm;
          y0[q] = a0 + sm;
          y1[q] = cmul(bb + negi(d), w1);
          y2[q] = cmul(bb + posi(d), w2);
        }
      }
    } else if (p == 5) {
      for (int pp = 0; pp < m; pp++) {
        const v2 w1 = tw[4 * pp], w2 = tw[4 * pp + 1], w3 = tw[4 * pp + 2], w4 = tw[4 * pp + 3];
        const v2 *x0 = x + s * pp, *x1 = x + s * (pp + m), *x2 = x + s * (pp + 2 * m), *x3 = x + s * (pp + 3 * m),
                 *x4 = x + s * (pp + 4 * m);
        v2 *y0 = y + s * 5 * pp, *y1 = y0 + s, *y2 = y1 + s, *y3 = y2 + s, *y4 = y3 + s;
        for (int q = 0; q < s; q++) {
          v2 a0 = x0[q], a1 = x1[q], a2 = x2[q], a3 = x3[q], a4 = x4[q];
          v2 t1 = a1 + a4, t2 = a2 + a3, t3 = a1 - a4, t4 = a2 - a3;
          y0[q] = a0 + t1 + t2;
          v2 b1 = a0 + C51 * t1 + C52 * t2, b2 = a0 + C52 * t1 + C51 * t2;
          v2 e1 = S51 * t3 + S52 * t4, e2 = S52 * t3 - S51 * t4;
          y1[q] = cmul(b1 + negi(e1), w1);
          y4[q] = cmul(b1 + posi(e1), w4);
          y2[q] = cmul(b2 + negi(e2), w2);
          y3[q] = cmul(b2 + posi(e2), w3);
        }
      }
    } else {
      v2 tmp[64];
      for (int pp = 0; pp < m; pp++) {
        for (int q = 0; q < s; q++) {
          for (int j = 0; j < p; j++) tmp[j] = x[s * (pp + j * m) + q];
          for (int k = 0; k < p; k++) {
            v2 acc = (v2){0.0, 0.0};
            int e = 0;
            for (int j = 0; j < p; j++) {
              acc += cmul(tmp[j], root[e]);
              e += k;
              if (e >= p) e -= p;
            }
            y[s * (p * pp + k) + q] = k == 0 ? acc : cmul(acc, tw[pp * (p - 1) + k - 1]);
          }
        }
      }
    }
  }
}
