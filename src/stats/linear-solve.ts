/**
 * Cholesky factor L (row-major, lower triangle; L·Lᵀ = A) of a symmetric positive-definite n×n matrix.
 * A is not modified. Throws if A is not positive definite.
 */
export function cholesky(A: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('cholesky: matrix is not positive definite');
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
  }
  return L;
}

/**
 * Solves L·Lᵀ·x = b by forward and back substitution (O(n²)), into `x` (a new array if omitted); `y` is scratch.
 * What a factor computed once buys: each further solve with the same matrix costs n² instead of n³/3.
 */
export function solveCholesky(
  L: Float64Array,
  b: ArrayLike<number>,
  n: number,
  x = new Float64Array(n),
  y = new Float64Array(n),
): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= L[ri + k] * y[k];
    y[i] = s / L[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/**
 * Solves A·x = b for a symmetric positive-definite n×n matrix (row-major) by Cholesky decomposition.
 * A and b are not modified. Throws if A is not positive definite.
 */
export function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  return solveCholesky(cholesky(A, n), b, n);
}
