/**
 * Float64 dense linear algebra for the orthogonal initializer (no tfjs: the result must not depend
 * on the backend).
 */

/**
 * Orthonormal factor Q of the reduced QR decomposition A = QR of a tall matrix (m ≥ n) with the
 * sign convention diag(R) > 0 — the same matrix as Keras' `Orthogonal` computes (QR, then Q's
 * columns multiplied by sign(diag(R))), since that QR factorisation is unique.
 *
 * Computed as Cholesky-QR (R = chol(AᵀA), Q = A·R⁻¹), repeated once ("CholeskyQR2") when the
 * matrix is not clearly tall (m < 4n) so that orthogonality holds to ~1e-15 for any
 * reasonably conditioned Gaussian draw. Falls back to Householder QR if the Gram matrix is not
 * numerically positive definite.
 *
 * Storage is column-major: `a[j*m + i]` = A[i][j]. Returns Q in the same layout (fresh array).
 */
export function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const q1 = choleskyQr(a, m, n);
  if (q1 === null) return householderQ(a, m, n);
  if (m >= 4 * n) return q1;
  return choleskyQr(q1, m, n) ?? householderQ(a, m, n);
}

function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[xo + i]! * y[yo + i]!;
    s1 += x[xo + i + 1]! * y[yo + i + 1]!;
    s2 += x[xo + i + 2]! * y[yo + i + 2]!;
    s3 += x[xo + i + 3]! * y[yo + i + 3]!;
  }
  for (; i < len; i++) s0 += x[xo + i]! * y[yo + i]!;
  return s0 + s1 + s2 + s3;
}

/** Q = A·chol(AᵀA)⁻¹, or null when the Cholesky factorisation breaks down. */
function choleskyQr(a: Float64Array, m: number, n: number): Float64Array | null {
  // Gram matrix G = AᵀA (n×n, row-major, symmetric); four columns per pass over a_i
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    let j = 0;
    for (; j + 3 <= i; j += 4) {
      const c0 = j * m;
      const c1 = c0 + m;
      const c2 = c1 + m;
      const c3 = c2 + m;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < m; t++) {
        const v = a[ci + t]!;
        s0 += v * a[c0 + t]!;
        s1 += v * a[c1 + t]!;
        s2 += v * a[c2 + t]!;
        s3 += v * a[c3 + t]!;
      }
      g[i * n + j] = s0;
      g[j * n + i] = s0;
      g[i * n + j + 1] = s1;
      g[(j + 1) * n + i] = s1;
      g[i * n + j + 2] = s2;
      g[(j + 2) * n + i] = s2;
      g[i * n + j + 3] = s3;
      g[(j + 3) * n + i] = s3;
    }
    for (; j <= i; j++) {
      const v = dot(a, ci, a, j * m, m);
      g[i * n + j] = v;
      g[j * n + i] = v;
    }
  }
  // Cholesky G = RᵀR, R upper triangular stored row-major in r
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = g[j * n + j]!;
    for (let k = 0; k < j; k++) d -= r[k * n + j]! * r[k * n + j]!;
    if (!(d > 0)) return null;
    const rjj = Math.sqrt(d);
    r[j * n + j] = rjj;
    for (let i = j + 1; i < n; i++) {
      let s = g[j * n + i]!;
      for (let k = 0; k < j; k++) s -= r[k * n + j]! * r[k * n + i]!;
      r[j * n + i] = s / rjj;
    }
  }
  // Q = A R⁻¹ column by column: q_j = (a_j − Σ_{k<j} R[k][j] q_k) / R[j][j]; four k per pass over q_j
  const q = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    let k = 0;
    for (; k + 4 <= j; k += 4) {
      const r0 = r[k * n + j]!;
      const r1 = r[(k + 1) * n + j]!;
      const r2 = r[(k + 2) * n + j]!;
      const r3 = r[(k + 3) * n + j]!;
      const c0 = k * m;
      const c1 = c0 + m;
      const c2 = c1 + m;
      const c3 = c2 + m;
      for (let t = 0; t < m; t++) {
        q[cj + t] = q[cj + t]! - (r0 * q[c0 + t]! + r1 * q[c1 + t]! + r2 * q[c2 + t]! + r3 * q[c3 + t]!);
      }
    }
    for (; k < j; k++) {
      const c = r[k * n + j]!;
      const ck = k * m;
      for (let t = 0; t < m; t++) q[cj + t] = q[cj + t]! - c * q[ck + t]!;
    }
    const inv = 1 / r[j * n + j]!;
    for (let t = 0; t < m; t++) q[cj + t] = q[cj + t]! * inv;
  }
  return q;
}

/** Householder QR (reduced) → Q with columns sign-corrected so that diag(R) > 0. */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const betas = new Float64Array(n);
  const diagSign = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const col = k * m;
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += r[col + i]! * r[col + i]!;
    const norm = Math.sqrt(norm2);
    const x0 = r[col + k]!;
    const alpha = x0 >= 0 ? -norm : norm; // R[k][k]
    diagSign[k] = alpha >= 0 ? 1 : -1;
    const v = r.slice(col + k, col + m);
    v[0] = x0 - alpha;
    const vnorm2 = dot(v, 0, v, 0, v.length);
    const beta = vnorm2 > 0 ? 2 / vnorm2 : 0;
    vs.push(v);
    betas[k] = beta;
    for (let j = k + 1; j < n; j++) {
      const cj = j * m + k;
      const s = beta * dot(v, 0, r, cj, v.length);
      if (s !== 0) for (let i = 0; i < v.length; i++) r[cj + i] = r[cj + i]! - s * v[i]!;
    }
  }
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    const beta = betas[k]!;
    for (let j = k; j < n; j++) {
      const cj = j * m + k;
      const s = beta * dot(v, 0, q, cj, v.length);
      if (s !== 0) for (let i = 0; i < v.length; i++) q[cj + i] = q[cj + i]! - s * v[i]!;
    }
  }
  for (let j = 0; j < n; j++) {
    if (diagSign[j]! < 0) for (let i = 0; i < m; i++) q[j * m + i] = -q[j * m + i]!;
  }
  return q;
}
