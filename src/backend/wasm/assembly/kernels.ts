// The WebAssembly SIMD kernels, in AssemblyScript (compiled by scripts/build-wasm.mjs, not by tsc).
//
// Every pointer is a byte offset into the memory the module imports; every matrix is row-major float32.
// The JavaScript side (../wasm-backend.ts) places the operands, packs nothing itself and calls these.
//
// The matrix multiply is the classic packed GEMM, reduced to what a 2-core laptop needs:
//   1. op(B) [k×n] is copied into strips of 8 columns: strip s holds, for every p, the 8 values
//      op(B)[p, 8s .. 8s+7] side by side (zero-padded past n). Packing makes A·B, Aᵀ·B and A·Bᵀ the same
//      problem, read B strictly sequentially, and spares the inner loop any edge cases.
//   2. A micro-kernel computes a 4×8 tile of C in exactly 8 v128 accumulators: per step p it splats four
//      values of A (one per row, read in place with a 32-bit splat load) and multiplies them by the strip's
//      two vectors. Eight accumulators fit the registers; larger tiles spill and run at half the speed.
// Multiply and add stay separate instructions (relaxed-SIMD fused multiply-add is not enabled in Node 20).

// ---------------------------------------------------------------------------------------------------------
// Packing

/**
 * Packs strips [s0, s1) of op(B) [k×n] (ceil(n/8) strips of k×8 floats in all) at `dst`, strip s at
 * dst + s·32k. Element (p, j) of op(B) is read at b + p·sp + j·sj (bytes): sp = 4n, sj = 4 for B itself;
 * sp = 4, sj = 4k for Bᵀ of a [n×k] matrix.
 */
export function packB(b: usize, dst: usize, k: i32, n: i32, sp: usize, sj: usize, s0: i32, s1: i32): void {
  for (let s = s0; s < s1; s++) {
    const j0 = s << 3;
    const cols = min(8, n - j0);
    const col0 = b + <usize>j0 * sj;
    let out = dst + <usize>s * <usize>k * 32;
    if (cols == 8 && sj == 4) {
      // Eight neighbours in memory: two vector copies per row.
      let src = col0;
      for (let p = 0; p < k; p++) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += sp;
        out += 32;
      }
    } else if (cols == 8 && sp == 4) {
      // Bᵀ: eight rows of the stored matrix, walked side by side, four steps at a time through a 4×4 transpose.
      const r0 = col0, r1 = col0 + sj, r2 = col0 + 2 * sj, r3 = col0 + 3 * sj;
      const r4 = col0 + 4 * sj, r5 = col0 + 5 * sj, r6 = col0 + 6 * sj, r7 = col0 + 7 * sj;
      let p = 0;
      let o: usize = 0;
      for (; p + 4 <= k; p += 4) {
        transpose4(r0 + o, r1 + o, r2 + o, r3 + o, out, 32);
        transpose4(r4 + o, r5 + o, r6 + o, r7 + o, out + 16, 32);
        o += 16;
        out += 128;
      }
      for (; p < k; p++) {
        store<f32>(out, load<f32>(r0 + o));
        store<f32>(out, load<f32>(r1 + o), 4);
        store<f32>(out, load<f32>(r2 + o), 8);
        store<f32>(out, load<f32>(r3 + o), 12);
        store<f32>(out, load<f32>(r4 + o), 16);
        store<f32>(out, load<f32>(r5 + o), 20);
        store<f32>(out, load<f32>(r6 + o), 24);
        store<f32>(out, load<f32>(r7 + o), 28);
        o += 4;
        out += 32;
      }
    } else {
      // The last, partial strip (or an unusual stride): element by element, zeros past n.
      for (let p = 0; p < k; p++) {
        const row = col0 + <usize>p * sp;
        for (let j = 0; j < 8; j++) {
          store<f32>(out + (<usize>j << 2), j < cols ? load<f32>(row + <usize>j * sj) : 0);
        }
        out += 32;
      }
    }
  }
}

/** Four rows of 4 floats (at r0..r3) → four columns, stored `stride` bytes apart from `out`. */
// @ts-ignore: decorator
@inline
function transpose4(r0: usize, r1: usize, r2: usize, r3: usize, out: usize, stride: usize): void {
  const a = v128.load(r0), b = v128.load(r1), c = v128.load(r2), d = v128.load(r3);
  const ab0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5); // a0 b0 a1 b1
  const ab1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7); // a2 b2 a3 b3
  const cd0 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const cd1 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f64>(ab0, cd0, 0, 2)); // a0 b0 c0 d0
  v128.store(out + stride, v128.shuffle<f64>(ab0, cd0, 1, 3)); // a1 b1 c1 d1
  v128.store(out + 2 * stride, v128.shuffle<f64>(ab1, cd1, 0, 2));
  v128.store(out + 3 * stride, v128.shuffle<f64>(ab1, cd1, 1, 3));
}

// ---------------------------------------------------------------------------------------------------------
// GEMM on packed B

/**
 * Columns [8·s0, 8·s1) of C[m×n] = A · op(B) (+ bias[n] on every row when bias ≠ 0), op(B) packed by `packB`.
 * Element (i, p) of A is read at a + ⌊i/8⌋·r8 + (i mod 8)·ra + p·pa (bytes): r8 = 8·ra, ra = 4k, pa = 4 for A
 * itself; and for Aᵀ (A stored [k×m]) packed by `packB` into strips of 8: r8 = 32k, ra = 4, pa = 32. (Aᵀ read
 * in place, ra = 4 and pa = 4m, walks memory with a stride of 4m bytes, which for wide layers lands every
 * step in the same cache set.)
 */
export function gemmPacked(a: usize, ra: usize, r8: usize, pa: usize, packed: usize, c: usize, m: i32, k: i32, n: i32, bias: usize, s0: i32, s1: i32): void {
  const strips = (n + 7) >> 3;
  const ldc = <usize>n << 2;
  const stripBytes = <usize>k * 32;
  // Fewer than 8 columns (one partial strip): the rows of C are shorter than a tile's 8 lanes, so a tile can
  // store all 8 lanes of each row in order, each row overwriting the spill of the one before, as long as the
  // last row's spill stays inside C (it lands on rows that later tiles write). Faster than lane-by-lane stores.
  const narrow = strips == 1 && n < 8;
  const end = <usize>m * ldc;
  // Rows in blocks that stay in cache while every strip of B passes over them.
  const rowBlock = 64;
  for (let i0 = 0; i0 < m; i0 += rowBlock) {
    const i1 = min(m, i0 + rowBlock);
    for (let s = s0; s < s1; s++) {
      const j0 = s << 3;
      const cols = min(8, n - j0);
      const bp = packed + <usize>s * stripBytes;
      const biasPtr: usize = bias ? bias + (<usize>j0 << 2) : 0;
      // The strip's bias, zero past its columns (loaded once per strip, not per tile).
      let bias0 = f32x4.splat(0), bias1 = f32x4.splat(0);
      if (bias) {
        if (cols == 8) {
          bias0 = v128.load(biasPtr);
          bias1 = v128.load(biasPtr, 16);
        } else {
          bias0 = loadPartial(biasPtr, 0, cols);
          bias1 = loadPartial(biasPtr, 4, cols);
        }
      }
      let i = i0;
      for (; i + 4 <= i1; i += 4) {
        const ai = a + <usize>(i >> 3) * r8 + <usize>(i & 7) * ra;
        const ci = <usize>i * ldc + (<usize>j0 << 2);
        const whole = cols == 8 || (narrow && ci + 3 * ldc + 32 <= end);
        kernel4x8(ai, ra, pa, bp, k, c + ci, ldc, cols, bias != 0, bias0, bias1, whole);
      }
      for (; i < i1; i++) {
        const ai = a + <usize>(i >> 3) * r8 + <usize>(i & 7) * ra;
        kernel1x8(ai, pa, bp, k, c + <usize>i * ldc + (<usize>j0 << 2), cols, biasPtr);
      }
    }
  }
}

/**
 * One 4×8 tile of C, plus the strip's bias vectors when `hasBias`. With `whole`, every row stores all 8
 * lanes (see gemmPacked); otherwise only its first `cols`.
 */
// @ts-ignore: decorator
@inline
function kernel4x8(
  a: usize, ra: usize, pa: usize, bp: usize, k: i32, c: usize, ldc: usize, cols: i32,
  hasBias: bool, bias0: v128, bias1: v128, whole: bool,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const a0 = a, a1 = a + ra, a2 = a + 2 * ra, a3 = a + 3 * ra;
  let o: usize = 0;
  let b = bp;
  // One step of k a turn: with two a turn TurboFan keeps the loads of both steps live at once and moves
  // accumulators to the stack (about 30% slower on this machine).
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a0 + o);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1 + o);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2 + o);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3 + o);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    o += pa;
    b += 32;
  }
  if (hasBias) {
    // The bias is added after the dot product, as the reference backend does.
    c00 = f32x4.add(c00, bias0); c01 = f32x4.add(c01, bias1);
    c10 = f32x4.add(c10, bias0); c11 = f32x4.add(c11, bias1);
    c20 = f32x4.add(c20, bias0); c21 = f32x4.add(c21, bias1);
    c30 = f32x4.add(c30, bias0); c31 = f32x4.add(c31, bias1);
  }
  if (whole) {
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
  } else {
    storePartial(c, c00, c01, cols);
    storePartial(c + ldc, c10, c11, cols);
    storePartial(c + 2 * ldc, c20, c21, cols);
    storePartial(c + 3 * ldc, c30, c31, cols);
  }
}

// @ts-ignore: decorator
@inline
function kernel1x8(a: usize, pa: usize, bp: usize, k: i32, c: usize, cols: i32, bias: usize): void {
  // One accumulator pair, p in order, as kernel4x8 adds: a value of C is the same sum whichever tile computes
  // it (so A · B and (Bᵀ · Aᵀ)ᵀ agree bit for bit).
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let o: usize = 0;
  let b = bp;
  for (let p = 0; p < k; p++) {
    const x = v128.load32_splat(a + o);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(b, 16)));
    o += pa;
    b += 32;
  }
  if (bias) {
    if (cols == 8) {
      c0 = f32x4.add(c0, v128.load(bias));
      c1 = f32x4.add(c1, v128.load(bias, 16));
    } else {
      c0 = f32x4.add(c0, loadPartial(bias, 0, cols));
      c1 = f32x4.add(c1, loadPartial(bias, 4, cols));
    }
  }
  if (cols == 8) {
    v128.store(c, c0);
    v128.store(c, c1, 16);
  } else {
    storePartial(c, c0, c1, cols);
  }
}

/** Lanes first .. first+3 of a vector of `cols` floats at p, zeros past the end (never reads past it). */
// @ts-ignore: decorator
@inline
function loadPartial(p: usize, first: i32, cols: i32): v128 {
  let v = f32x4.splat(0);
  if (first < cols) v = f32x4.replace_lane(v, 0, load<f32>(p + (<usize>first << 2)));
  if (first + 1 < cols) v = f32x4.replace_lane(v, 1, load<f32>(p + (<usize>first << 2), 4));
  if (first + 2 < cols) v = f32x4.replace_lane(v, 2, load<f32>(p + (<usize>first << 2), 8));
  if (first + 3 < cols) v = f32x4.replace_lane(v, 3, load<f32>(p + (<usize>first << 2), 12));
  return v;
}

/** Stores the first `cols` (< 8) lanes of (v0, v1) at p. */
function storePartial(p: usize, v0: v128, v1: v128, cols: i32): void {
  store<f32>(p, f32x4.extract_lane(v0, 0));
  if (cols > 1) store<f32>(p, f32x4.extract_lane(v0, 1), 4);
  if (cols > 2) store<f32>(p, f32x4.extract_lane(v0, 2), 8);
  if (cols > 3) store<f32>(p, f32x4.extract_lane(v0, 3), 12);
  if (cols > 4) store<f32>(p, f32x4.extract_lane(v1, 0), 16);
  if (cols > 5) store<f32>(p, f32x4.extract_lane(v1, 1), 20);
  if (cols > 6) store<f32>(p, f32x4.extract_lane(v1, 2), 24);
}

// ---------------------------------------------------------------------------------------------------------
// A·Bᵀ without packing, for a few rows of A (one sample at a time)

/**
 * C[m×n] = A[m×k] · B[n×k]ᵀ (+ bias) by dot products of contiguous rows: for one or a few rows of A,
 * packing B would cost as much as the product itself. Four rows of B at a time share each load of A.
 */
export function gemvTransB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, bias: usize): void {
  const rowBytes = <usize>k << 2;
  const k4 = k & ~3;
  for (let i = 0; i < m; i++) {
    const ai = a + <usize>i * rowBytes;
    const ci = c + <usize>i * (<usize>n << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = b + <usize>j * rowBytes, b1 = b0 + rowBytes, b2 = b1 + rowBytes, b3 = b2 + rowBytes;
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let o: usize = 0;
      for (let p = 0; p < k4; p += 4) {
        const x = v128.load(ai + o);
        s0 = f32x4.add(s0, f32x4.mul(x, v128.load(b0 + o)));
        s1 = f32x4.add(s1, f32x4.mul(x, v128.load(b1 + o)));
        s2 = f32x4.add(s2, f32x4.mul(x, v128.load(b2 + o)));
        s3 = f32x4.add(s3, f32x4.mul(x, v128.load(b3 + o)));
        o += 16;
      }
      let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
      for (let p = k4; p < k; p++) {
        const x = load<f32>(ai + (<usize>p << 2));
        const q = <usize>p << 2;
        t0 += x * load<f32>(b0 + q);
        t1 += x * load<f32>(b1 + q);
        t2 += x * load<f32>(b2 + q);
        t3 += x * load<f32>(b3 + q);
      }
      if (bias) {
        const bj = bias + (<usize>j << 2);
        t0 += load<f32>(bj);
        t1 += load<f32>(bj, 4);
        t2 += load<f32>(bj, 8);
        t3 += load<f32>(bj, 12);
      }
      const cj = ci + (<usize>j << 2);
      store<f32>(cj, t0);
      store<f32>(cj, t1, 4);
      store<f32>(cj, t2, 8);
      store<f32>(cj, t3, 12);
    }
    for (; j < n; j++) {
      const bj = b + <usize>j * rowBytes;
      let s = f32x4.splat(0);
      for (let p = 0; p < k4; p += 4) {
        const o = <usize>p << 2;
        s = f32x4.add(s, f32x4.mul(v128.load(ai + o), v128.load(bj + o)));
      }
      let t = hsum(s);
      for (let p = k4; p < k; p++) t += load<f32>(ai + (<usize>p << 2)) * load<f32>(bj + (<usize>p << 2));
      if (bias) t += load<f32>(bias + (<usize>j << 2));
      store<f32>(ci + (<usize>j << 2), t);
    }
  }
}

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

// ---------------------------------------------------------------------------------------------------------
// Reductions

/** out[n] = Σ_rows A[m×n]: the bias gradient. */
export function sumRows(a: usize, out: usize, m: i32, n: i32): void {
  const ld = <usize>n << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = a + (<usize>j << 2);
    for (let i = 0; i < m; i++) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
      p += ld;
    }
    const q = out + (<usize>j << 2);
    v128.store(q, s0);
    v128.store(q, s1, 16);
    v128.store(q, s2, 32);
    v128.store(q, s3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    let s = f32x4.splat(0);
    let p = a + (<usize>j << 2);
    for (let i = 0; i < m; i++) {
      s = f32x4.add(s, v128.load(p));
      p += ld;
    }
    v128.store(out + (<usize>j << 2), s);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    let p = a + (<usize>j << 2);
    for (let i = 0; i < m; i++) {
      s += load<f32>(p);
      p += ld;
    }
    store<f32>(out + (<usize>j << 2), s);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Elementwise kernels, four floats at a time. Each gives exactly the results of the JavaScript code it
// replaces (the activations' loops, sgdUpdate): the same IEEE operations in the same order, in float64
// where JavaScript computes in float64, rounded to float32 once when stored. `n` is a multiple of 4; the
// caller does the rest.

/** a = z > 0 ? z : 0 (ReLU; NaN and −0 give +0, as the reference). */
export function reluForward(z: usize, a: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = z + (<usize>n << 2);
  let o: usize = 0;
  for (let p = z; p < end; p += 16) {
    const v = v128.load(p);
    v128.store(a + o, v128.and(v, f32x4.gt(v, zero)));
    o += 16;
  }
}

/** dZ = z > 0 ? dA : 0 (ReLU's derivative; dZ may be dA). */
export function reluBackward(z: usize, dA: usize, dZ: usize, n: i32): void {
  const zero = f32x4.splat(0);
  for (let o: usize = 0; o < (<usize>n << 2); o += 16) {
    v128.store(dZ + o, v128.and(v128.load(dA + o), f32x4.gt(v128.load(z + o), zero)));
  }
}

/** w ← w − s·g in float64 (as JavaScript computes it), rounded to float32: plain SGD. */
export function subtractScaled(w: usize, g: usize, n: i32, s: f64): void {
  const sv = f64x2.splat(s);
  for (let o: usize = 0; o < (<usize>n << 2); o += 16) {
    const wv = v128.load(w + o);
    const gv = v128.load(g + o);
    const lo = f64x2.sub(f64x2.promote_low_f32x4(wv), f64x2.mul(sv, f64x2.promote_low_f32x4(gv)));
    const hi = f64x2.sub(f64x2.promote_low_f32x4(highHalf(wv)), f64x2.mul(sv, f64x2.promote_low_f32x4(highHalf(gv))));
    v128.store(w + o, joinHalves(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi)));
  }
}

/** a = 1 / (1 + e^(−z)) for float32 z, computed in float64 and rounded once, as Sigmoid.forward does. */
export function sigmoidForward(z: usize, a: usize, n: i32): void {
  for (let o: usize = 0; o < (<usize>n << 2); o += 16) {
    const v = v128.load(z + o);
    const lo = sigmoid2(f64x2.promote_low_f32x4(v));
    const hi = sigmoid2(f64x2.promote_low_f32x4(highHalf(v)));
    v128.store(a + o, joinHalves(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi)));
  }
}

// @ts-ignore: decorator
@inline
function highHalf(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 2, 3, 2, 3);
}

// @ts-ignore: decorator
@inline
function joinHalves(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
}

// The constants of fdlibm's e_exp.c, which V8 (and so Node and Chrome) uses for Math.exp, each stored twice
// (one v128 of two float64 lanes) in the module's static data, which lies in the first bytes of the memory
// that the heap leaves to the module. Loading them from memory is one instruction each; a v128 constant in
// the code costs three per use, re-materialized on every pass of the loop.
const C: usize = memory.data<f64>(
  [
    -708, -708, // 0: clamp
    708, 708, // 16
    0.5, 0.5, // 32
    1.44269504088896338700e+00, 1.44269504088896338700e+00, // 48: invln2, 0x3ff71547 652b82fe
    6.93147180369123816490e-01, 6.93147180369123816490e-01, // 64: ln2HI, 0x3fe62e42 fee00000
    1.90821492927058770002e-10, 1.90821492927058770002e-10, // 80: ln2LO, 0x3dea39ef 35793c76
    4.13813679705723846039e-08, 4.13813679705723846039e-08, // 96: P5
    -1.65339022054652515390e-06, -1.65339022054652515390e-06, // 112: P4
    6.61375632143793436117e-05, 6.61375632143793436117e-05, // 128: P3
    -2.77777777770155933842e-03, -2.77777777770155933842e-03, // 144: P2
    1.66666666666666019037e-01, 1.66666666666666019037e-01, // 160: P1
    2.718281828459045, 2.718281828459045, // 176: V8 returns Math.E for exp(1)
    // 192: the smallest |x| whose high word exceeds 0x3fd62e42 (bits 0x3fd62e43_00000000), where fdlibm
    // starts reducing the argument
    0.3465735912322998, 0.3465735912322998,
    3.725290298461914e-9, 3.725290298461914e-9, // 208: 2^−28, below which fdlibm returns 1 + x
    2, 2, // 224
    1, 1, // 240
    -0.0, -0.0, // 256: the sign bit
    6755399441055744, 6755399441055744, // 272: 1.5·2^52
  ],
  16,
);
/** 1023, the exponent bias, in two 64-bit integer lanes. */
const BIAS: usize = memory.data<i64>([1023, 1023], 16);

// ---------------------------------------------------------------------------------------------------------
// im2col: a convolution's patches (src/nn/im2col.ts, whose values these are: a copy, bit for bit).

/**
 * P[(n, oy, ox), (ky, kx, c)] = X[n, oy·sy − padTop + ky·dy, ox·sx − padLeft + kx·dx, c], 0 in the padding:
 * `samples` images [height × width × c] at x → rows of kh·kw·c floats at p. The runs of one kernel row that
 * fall inside the image (kw·c adjacent floats with dilation 1, else c per cell) are copied four at a time.
 */
export function im2col(
  x: usize,
  p: usize,
  samples: i32,
  height: i32,
  width: i32,
  c: i32,
  kh: i32,
  kw: i32,
  sy: i32,
  sx: i32,
  dy: i32,
  dx: i32,
  padTop: i32,
  padLeft: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  const rowBytes = <usize>(width * c) << 2;
  const imageBytes = <usize>height * rowBytes;
  const cellRun = kw * c;
  let o = p;
  for (let n = 0; n < samples; n++) {
    const image = x + <usize>n * imageBytes;
    for (let oy = 0; oy < outHeight; oy++) {
      const top = oy * sy - padTop;
      for (let ox = 0; ox < outWidth; ox++) {
        const left = ox * sx - padLeft;
        // The cells kx in [first, end) of each kernel row fall inside the image's columns.
        let first = 0;
        let end = kw;
        if (left < 0 || left + (kw - 1) * dx >= width) {
          first = left >= 0 ? 0 : min(kw, (dx - 1 - left) / dx);
          end = max(first, left >= width ? 0 : min(kw, (width - 1 - left) / dx + 1));
        }
        for (let ky = 0; ky < kh; ky++) {
          const iy = top + ky * dy;
          if (iy < 0 || iy >= height) {
            o = zeroRun(o, cellRun);
            continue;
          }
          o = zeroRun(o, first * c);
          const row = image + <usize>iy * rowBytes;
          if (dx == 1) {
            o = copyRun(row + (<usize>((left + first) * c) << 2), o, (end - first) * c);
          } else {
            for (let kx = first; kx < end; kx++) o = copyRun(row + (<usize>((left + kx * dx) * c) << 2), o, c);
          }
          o = zeroRun(o, (kw - end) * c);
        }
      }
    }
  }
}

/**
 * im2col for dilation 1, the same values: each image is first copied into a zero-bordered image at `padded`
 * (pw = max(width + padLeft, (outWidth − 1)·sx + kw) columns, likewise ph rows: every window inside it), so
 * every kernel row of every patch is one run of kw·c floats, copied without a bound checked. For a first
 * layer's single channel (runs of 3 or 5 floats) this is several times faster than working out the edges.
 */
export function im2colPadded(
  x: usize,
  p: usize,
  padded: usize,
  samples: i32,
  height: i32,
  width: i32,
  c: i32,
  kh: i32,
  kw: i32,
  sy: i32,
  sx: i32,
  padTop: i32,
  padLeft: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  const pw = max(width + padLeft, (outWidth - 1) * sx + kw);
  const ph = max(height + padTop, (outHeight - 1) * sy + kh);
  const paddedRow = <usize>(pw * c) << 2;
  const imageRow = <usize>(width * c) << 2;
  const imageBytes = <usize>height * imageRow;
  const run = kw * c;
  const stepX = <usize>(sx * c) << 2;
  const stepY = <usize>sy * paddedRow;
  zeroRun(padded, ph * pw * c); // the border stays zero: each image overwrites only the inside
  const inside = padded + <usize>padTop * paddedRow + (<usize>(padLeft * c) << 2);
  let o = p;
  for (let n = 0; n < samples; n++) {
    const image = x + <usize>n * imageBytes;
    for (let iy = 0; iy < height; iy++) copyRun(image + <usize>iy * imageRow, inside + <usize>iy * paddedRow, width * c);
    let top = padded;
    for (let oy = 0; oy < outHeight; oy++, top += stepY) {
      let left = top;
      for (let ox = 0; ox < outWidth; ox++, left += stepX) {
        let src = left;
        for (let ky = 0; ky < kh; ky++, src += paddedRow) {
          o = copyRun(src, o, run);
        }
      }
    }
  }
}

/**
 * The transpose of im2col (col2im in src/nn/im2col.ts, whose values these are): dX is zeroed, then each patch cell's
 * gradient at dp is added onto the input value it was copied from, in the same order (float32 sums, as
 * JavaScript's, rounded once each).
 */
export function col2im(
  dp: usize,
  dx: usize,
  samples: i32,
  height: i32,
  width: i32,
  c: i32,
  kh: i32,
  kw: i32,
  sy: i32,
  sx: i32,
  dy: i32,
  dxl: i32,
  padTop: i32,
  padLeft: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  const rowBytes = <usize>(width * c) << 2;
  const imageBytes = <usize>height * rowBytes;
  const cellBytes = <usize>(kw * c) << 2;
  zeroRun(dx, samples * height * width * c);
  let o = dp;
  for (let n = 0; n < samples; n++) {
    const image = dx + <usize>n * imageBytes;
    for (let oy = 0; oy < outHeight; oy++) {
      const top = oy * sy - padTop;
      for (let ox = 0; ox < outWidth; ox++) {
        const left = ox * sx - padLeft;
        let first = 0;
        let end = kw;
        if (left < 0 || left + (kw - 1) * dxl >= width) {
          first = left >= 0 ? 0 : min(kw, (dxl - 1 - left) / dxl);
          end = max(first, left >= width ? 0 : min(kw, (width - 1 - left) / dxl + 1));
        }
        for (let ky = 0; ky < kh; ky++, o += cellBytes) {
          const iy = top + ky * dy;
          if (iy < 0 || iy >= height) continue;
          const row = image + <usize>iy * rowBytes;
          const from = o + (<usize>(first * c) << 2);
          if (dxl == 1) {
            addRun(from, row + (<usize>((left + first) * c) << 2), (end - first) * c);
          } else {
            for (let kx = first; kx < end; kx++) addRun(from + (<usize>((kx - first) * c) << 2), row + (<usize>((left + kx * dxl) * c) << 2), c);
          }
        }
      }
    }
  }
}

/**
 * col2im for dilation 1, the same values: each image's gradient is summed in a zero-bordered image at
 * `padded` (as im2colPadded's), each kernel row of each patch one run of kw·c adds in the same order as
 * col2im's (cells over the border add onto the border, which is thrown away), then the inside is copied out.
 */
export function col2imPadded(
  dp: usize,
  dx: usize,
  padded: usize,
  samples: i32,
  height: i32,
  width: i32,
  c: i32,
  kh: i32,
  kw: i32,
  sy: i32,
  sx: i32,
  padTop: i32,
  padLeft: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  const pw = max(width + padLeft, (outWidth - 1) * sx + kw);
  const ph = max(height + padTop, (outHeight - 1) * sy + kh);
  const paddedRow = <usize>(pw * c) << 2;
  const imageRow = <usize>(width * c) << 2;
  const imageBytes = <usize>height * imageRow;
  const run = kw * c;
  const runBytes = <usize>run << 2;
  const stepX = <usize>(sx * c) << 2;
  const stepY = <usize>sy * paddedRow;
  const inside = padded + <usize>padTop * paddedRow + (<usize>(padLeft * c) << 2);
  let o = dp;
  for (let n = 0; n < samples; n++) {
    zeroRun(padded, ph * pw * c);
    let top = padded;
    for (let oy = 0; oy < outHeight; oy++, top += stepY) {
      let left = top;
      for (let ox = 0; ox < outWidth; ox++, left += stepX) {
        let dst = left;
        for (let ky = 0; ky < kh; ky++, dst += paddedRow, o += runBytes) addRun(o, dst, run);
      }
    }
    const image = dx + <usize>n * imageBytes;
    for (let iy = 0; iy < height; iy++) copyRun(inside + <usize>iy * paddedRow, image + <usize>iy * imageRow, width * c);
  }
}

/**
 * Max pooling over 2×2 windows at stride 2 from the top-left corner (MaxPool2D's full windows, whose values
 * and argmax these are): four channels at a time, the reference's tournament of the window's cells,
 * (first, second of the top row) then (first, second of the bottom row) then the two winners, each match won
 * by the later cell when it is larger or NaN. `arg` gets each maximum's index within its image, as int32.
 */
export function maxPool2x2(x: usize, out: usize, arg: usize, samples: i32, height: i32, width: i32, c: i32, outHeight: i32, outWidth: i32): void {
  const line = width * c;
  const imageValues = height * line;
  const lanes = i32x4(0, 1, 2, 3);
  let o: usize = 0;
  for (let n = 0; n < samples; n++) {
    const image = x + (<usize>(n * imageValues) << 2);
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const first = (2 * oy * width + 2 * ox) * c;
        for (let k = 0; k < c; k += 4, o += 16) {
          const i0 = first + k;
          const a = v128.load(image + (<usize>i0 << 2));
          const b = v128.load(image + (<usize>(i0 + c) << 2));
          const e = v128.load(image + (<usize>(i0 + line) << 2));
          const d = v128.load(image + (<usize>(i0 + line + c) << 2));
          const ia = i32x4.add(i32x4.splat(i0), lanes);
          const ib = i32x4.add(ia, i32x4.splat(c));
          const ie = i32x4.add(ia, i32x4.splat(line));
          const id = i32x4.add(ie, i32x4.splat(c));
          const m1 = v128.or(f32x4.gt(b, a), f32x4.ne(b, b));
          const v1 = v128.bitselect(b, a, m1);
          const j1 = v128.bitselect(ib, ia, m1);
          const m2 = v128.or(f32x4.gt(d, e), f32x4.ne(d, d));
          const v2 = v128.bitselect(d, e, m2);
          const j2 = v128.bitselect(id, ie, m2);
          const m3 = v128.or(f32x4.gt(v2, v1), f32x4.ne(v2, v2));
          v128.store(out + o, v128.bitselect(v2, v1, m3));
          v128.store(arg + o, v128.bitselect(j2, j1, m3));
        }
      }
    }
  }
}

/**
 * ∂L/∂X of maxPool2x2's pooling from ∂L/∂out and its argmax: each window's chosen cell gets 0 + ∂L/∂out (the
 * sum MaxPool2D's loop makes on a zeroed ∂L/∂X: −0 becomes +0), the window's other cells 0, and an image's
 * last row or column outside every window (an odd height or width) 0. Four channels at a time; each value of
 * ∂L/∂X is written once, in order.
 */
export function maxUnpool2x2(dOut: usize, arg: usize, dx: usize, samples: i32, height: i32, width: i32, c: i32, outHeight: i32, outWidth: i32): void {
  const line = width * c;
  const imageValues = height * line;
  const lanes = i32x4(0, 1, 2, 3);
  const zero = f32x4.splat(0);
  const covered = 2 * outHeight == height && 2 * outWidth == width;
  let o: usize = 0;
  for (let n = 0; n < samples; n++) {
    const image = dx + (<usize>(n * imageValues) << 2);
    if (!covered) zeroRun(image, imageValues);
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const first = (2 * oy * width + 2 * ox) * c;
        for (let k = 0; k < c; k += 4, o += 16) {
          const i0 = first + k;
          const g = f32x4.add(zero, v128.load(dOut + o));
          const chosen = v128.load(arg + o);
          const ia = i32x4.add(i32x4.splat(i0), lanes);
          const ie = i32x4.add(ia, i32x4.splat(line));
          const step = i32x4.splat(c);
          v128.store(image + (<usize>i0 << 2), v128.and(g, i32x4.eq(chosen, ia)));
          v128.store(image + (<usize>(i0 + c) << 2), v128.and(g, i32x4.eq(chosen, i32x4.add(ia, step))));
          v128.store(image + (<usize>(i0 + line) << 2), v128.and(g, i32x4.eq(chosen, ie)));
          v128.store(image + (<usize>(i0 + line + c) << 2), v128.and(g, i32x4.eq(chosen, i32x4.add(ie, step))));
        }
      }
    }
  }
}

/** dst += src over `count` floats (four at a time, then one at a time). */
// @ts-ignore: decorator
@inline
function addRun(src: usize, dst: usize, count: i32): void {
  const bytes = <usize>count << 2;
  const vectors = bytes & ~(<usize>15);
  let i: usize = 0;
  for (; i < vectors; i += 16) v128.store(dst + i, f32x4.add(v128.load(dst + i), v128.load(src + i)));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(dst + i) + load<f32>(src + i));
}

/**
 * Z = im2col(X) · Wᵀ + b without writing the patches (an implicit GEMM, for inference), dilation 1: each image
 * is copied inside a zero border once, as im2colPadded does, and output position i's window is read in place,
 * as the kh runs of kw·c neighbouring floats that im2col would have copied into row i of P. W [filters × K] is
 * packed by packB (strips of 8 filters); Z is [samples·positions × filters]. Four positions and eight filters
 * at a time, each sum over p in P's order and then + b, as gemmPacked's 4×8 tiles add them. The image (and
 * the strip of W) stay in the first-level cache while every window of the image passes over them. relu:
 * stores max(Z, 0), a ReLU layer's activations, as reluForward computes them.
 */
export function convPadded(
  x: usize,
  padded: usize,
  packed: usize,
  z: usize,
  bias: usize,
  samples: i32,
  height: i32,
  width: i32,
  c: i32,
  kh: i32,
  kw: i32,
  sy: i32,
  sx: i32,
  padTop: i32,
  padLeft: i32,
  outHeight: i32,
  outWidth: i32,
  filters: i32,
  relu: bool,
): void {
  const pw = max(width + padLeft, (outWidth - 1) * sx + kw);
  const ph = max(height + padTop, (outHeight - 1) * sy + kh);
  const paddedRow = <usize>(pw * c) << 2;
  const imageRow = <usize>(width * c) << 2;
  const imageBytes = <usize>height * imageRow;
  const run = kw * c;
  const positions = outHeight * outWidth;
  const strips = (filters + 7) >> 3;
  const ldc = <usize>filters << 2;
  const stripBytes = <usize>(kh * run) << 5;
  zeroRun(padded, ph * pw * c); // the border stays zero: each image overwrites only the inside
  const inside = padded + <usize>padTop * paddedRow + (<usize>(padLeft * c) << 2);
  for (let n = 0; n < samples; n++) {
    const image = x + <usize>n * imageBytes;
    for (let iy = 0; iy < height; iy++) copyRun(image + <usize>iy * imageRow, inside + <usize>iy * paddedRow, width * c);
    const zn = z + <usize>n * <usize>positions * ldc;
    for (let s = 0; s < strips; s++) {
      const j0 = s << 3;
      const cols = min(8, filters - j0);
      let bias0 = f32x4.splat(0), bias1 = f32x4.splat(0);
      if (bias) {
        bias0 = loadPartial(bias + (<usize>j0 << 2), 0, cols);
        bias1 = loadPartial(bias + (<usize>j0 << 2), 4, cols);
      }
      for (let i = 0; i < positions; i += 4) {
        const rows = min(4, positions - i);
        // a tile past the last position repeats it (computed, not stored)
        const a0 = windowAt(padded, i, outWidth, sy, sx, paddedRow, c);
        const a1 = windowAt(padded, min(i + 1, positions - 1), outWidth, sy, sx, paddedRow, c);
        const a2 = windowAt(padded, min(i + 2, positions - 1), outWidth, sy, sx, paddedRow, c);
        const a3 = windowAt(padded, min(i + 3, positions - 1), outWidth, sy, sx, paddedRow, c);
        convTile(a0, a1, a2, a3, packed + <usize>s * stripBytes, kh, run, paddedRow, zn + <usize>i * ldc + (<usize>j0 << 2), ldc, cols, rows, bias != 0, bias0, bias1, relu);
      }
    }
  }
}

/** The top-left corner of output position i's window in the zero-bordered image. */
// @ts-ignore: decorator
@inline
function windowAt(padded: usize, i: i32, outWidth: i32, sy: i32, sx: i32, paddedRow: usize, c: i32): usize {
  const oy = i / outWidth;
  const ox = i - oy * outWidth;
  return padded + <usize>(oy * sy) * paddedRow + (<usize>(ox * sx * c) << 2);
}

/** One 4×8 tile of convPadded: windows at a0..a3, the strip of W at bp; stores `rows` rows of `cols` lanes. */
// @ts-ignore: decorator
@inline
function convTile(
  a0: usize, a1: usize, a2: usize, a3: usize, bp: usize, kh: i32, run: i32, paddedRow: usize, c: usize, ldc: usize,
  cols: i32, rows: i32, hasBias: bool, bias0: v128, bias1: v128, relu: bool,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let b = bp;
  const runBytes = <usize>run << 2;
  for (let ky = 0; ky < kh; ky++) {
    let o = <usize>ky * paddedRow;
    const end = o + runBytes;
    // One step a turn, as kernel4x8 (the same order of the sums). The step after the loop never runs (a run
    // is whole floats), but Node 20's optimizing compiler keeps the eight accumulators in registers only with
    // it: without it, or with two steps a turn, it moves them to the stack every turn (measured on the second
    // layer of workload F: 28 GFLOP/s without, 44 with).
    for (; o + 4 <= end; o += 4) {
      const b0 = v128.load(b);
      const b1 = v128.load(b, 16);
      let x = v128.load32_splat(a0 + o);
      c00 = f32x4.add(c00, f32x4.mul(x, b0));
      c01 = f32x4.add(c01, f32x4.mul(x, b1));
      x = v128.load32_splat(a1 + o);
      c10 = f32x4.add(c10, f32x4.mul(x, b0));
      c11 = f32x4.add(c11, f32x4.mul(x, b1));
      x = v128.load32_splat(a2 + o);
      c20 = f32x4.add(c20, f32x4.mul(x, b0));
      c21 = f32x4.add(c21, f32x4.mul(x, b1));
      x = v128.load32_splat(a3 + o);
      c30 = f32x4.add(c30, f32x4.mul(x, b0));
      c31 = f32x4.add(c31, f32x4.mul(x, b1));
      b += 32;
    }
    if (o < end) {
      const b0 = v128.load(b);
      const b1 = v128.load(b, 16);
      let x = v128.load32_splat(a0 + o);
      c00 = f32x4.add(c00, f32x4.mul(x, b0));
      c01 = f32x4.add(c01, f32x4.mul(x, b1));
      x = v128.load32_splat(a1 + o);
      c10 = f32x4.add(c10, f32x4.mul(x, b0));
      c11 = f32x4.add(c11, f32x4.mul(x, b1));
      x = v128.load32_splat(a2 + o);
      c20 = f32x4.add(c20, f32x4.mul(x, b0));
      c21 = f32x4.add(c21, f32x4.mul(x, b1));
      x = v128.load32_splat(a3 + o);
      c30 = f32x4.add(c30, f32x4.mul(x, b0));
      c31 = f32x4.add(c31, f32x4.mul(x, b1));
      b += 32;
    }
  }
  if (hasBias) {
    c00 = f32x4.add(c00, bias0); c01 = f32x4.add(c01, bias1);
    c10 = f32x4.add(c10, bias0); c11 = f32x4.add(c11, bias1);
    c20 = f32x4.add(c20, bias0); c21 = f32x4.add(c21, bias1);
    c30 = f32x4.add(c30, bias0); c31 = f32x4.add(c31, bias1);
  }
  if (relu) {
    // max(z, 0) as ReLU's loop computes it (z > 0 ? z : 0: −0 and NaN give 0)
    const zero = f32x4.splat(0);
    c00 = v128.and(c00, f32x4.gt(c00, zero)); c01 = v128.and(c01, f32x4.gt(c01, zero));
    c10 = v128.and(c10, f32x4.gt(c10, zero)); c11 = v128.and(c11, f32x4.gt(c11, zero));
    c20 = v128.and(c20, f32x4.gt(c20, zero)); c21 = v128.and(c21, f32x4.gt(c21, zero));
    c30 = v128.and(c30, f32x4.gt(c30, zero)); c31 = v128.and(c31, f32x4.gt(c31, zero));
  }
  if (cols == 8 && rows == 4) {
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
  } else {
    storeRow(c, c00, c01, cols);
    if (rows > 1) storeRow(c + ldc, c10, c11, cols);
    if (rows > 2) storeRow(c + 2 * ldc, c20, c21, cols);
    if (rows > 3) storeRow(c + 3 * ldc, c30, c31, cols);
  }
}

/** Stores the first `cols` (≤ 8) lanes of (v0, v1) at p. */
// @ts-ignore: decorator
@inline
function storeRow(p: usize, v0: v128, v1: v128, cols: i32): void {
  if (cols == 8) {
    v128.store(p, v0);
    v128.store(p, v1, 16);
  } else storePartial(p, v0, v1, cols);
}

/**
 * A convolution's ∂L/∂X at stride 1 and dilation 1 without the patches' gradient ∂L/∂P = ∂L/∂Z · W, and
 * without col2im: the values of col2im(∂L/∂Z · W) bit for bit. Input value (iy, ix, c) collects, from every
 * output position whose window covers it, in the order col2im visits them (oy, then ox, ascending), that
 * position's patch cell t = Σ_f ∂L/∂Z[oy, ox, f] · W[f, ky, kx, c] (f ascending from 0, as gemmPacked sums it).
 * Read from the other side, that is a convolution of ∂L/∂Z inside a zero border (kh − 1 − padTop rows above,
 * kw − 1 − padLeft columns to the left) with W flipped in ky and kx, filters and channels exchanged; so this
 * takes convPadded's arguments for that convolution: the image is ∂L/∂Z (height × width × c = the layer's
 * outHeight × outWidth × filters), `outHeight` × `outWidth` × `channels` is ∂L/∂X, sy = sx = 1, `packed` is
 * W flipped by packFlipped. A cell of the border adds t = +0 or −0 to a sum that is never −0, which leaves it
 * unchanged (with finite weights). Two input values and eight channels at a time.
 */
export function convInputPadded(
  dz: usize,
  padded: usize,
  packed: usize,
  dx: usize,
  samples: i32,
  height: i32,
  width: i32,
  c: i32,
  kh: i32,
  kw: i32,
  padTop: i32,
  padLeft: i32,
  outHeight: i32,
  outWidth: i32,
  channels: i32,
): void {
  const pw = max(width + padLeft, outWidth - 1 + kw);
  const ph = max(height + padTop, outHeight - 1 + kh);
  const paddedRow = <usize>(pw * c) << 2;
  const imageRow = <usize>(width * c) << 2;
  const imageBytes = <usize>height * imageRow;
  const positions = outHeight * outWidth;
  const strips = (channels + 7) >> 3;
  const ldc = <usize>channels << 2;
  const stripBytes = <usize>(kh * kw * c) << 5;
  zeroRun(padded, ph * pw * c);
  const inside = padded + <usize>padTop * paddedRow + (<usize>(padLeft * c) << 2);
  for (let n = 0; n < samples; n++) {
    const image = dz + <usize>n * imageBytes;
    for (let iy = 0; iy < height; iy++) copyRun(image + <usize>iy * imageRow, inside + <usize>iy * paddedRow, width * c);
    const out = dx + <usize>n * <usize>positions * ldc;
    for (let s = 0; s < strips; s++) {
      const j0 = s << 3;
      const cols = min(8, channels - j0);
      for (let i = 0; i < positions; i += 2) {
        const rows = min(2, positions - i);
        const a0 = windowAt(padded, i, outWidth, 1, 1, paddedRow, c);
        const a1 = windowAt(padded, min(i + 1, positions - 1), outWidth, 1, 1, paddedRow, c);
        inputGradTile(a0, a1, packed + <usize>s * stripBytes, kh, kw, c, paddedRow, out + <usize>i * ldc + (<usize>j0 << 2), ldc, cols, rows);
      }
    }
  }
}

/** Two input values × eight channels of convInputPadded: each cell's sum t over the filters, then added on. */
// @ts-ignore: decorator
@inline
function inputGradTile(a0: usize, a1: usize, bp: usize, kh: i32, kw: i32, c: i32, paddedRow: usize, out: usize, ldc: usize, cols: i32, rows: i32): void {
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
  let b = bp;
  const cellBytes = <usize>c << 2;
  for (let ky = 0; ky < kh; ky++) {
    let o = <usize>ky * paddedRow;
    for (let kx = 0; kx < kw; kx++) {
      let t00 = f32x4.splat(0), t01 = f32x4.splat(0);
      let t10 = f32x4.splat(0), t11 = f32x4.splat(0);
      const end = o + cellBytes;
      for (; o < end; o += 4) {
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        let x = v128.load32_splat(a0 + o);
        t00 = f32x4.add(t00, f32x4.mul(x, b0));
        t01 = f32x4.add(t01, f32x4.mul(x, b1));
        x = v128.load32_splat(a1 + o);
        t10 = f32x4.add(t10, f32x4.mul(x, b0));
        t11 = f32x4.add(t11, f32x4.mul(x, b1));
        b += 32;
      }
      s00 = f32x4.add(s00, t00); s01 = f32x4.add(s01, t01);
      s10 = f32x4.add(s10, t10); s11 = f32x4.add(s11, t11);
    }
  }
  storeRow(out, s00, s01, cols);
  if (rows > 1) storeRow(out + ldc, s10, s11, cols);
}

/**
 * W [filters × kh × kw × channels] flipped for convInputPadded, in strips of 8 channels: strip s holds, for
 * each (ky, kx, f) in that order, W[f, kh − 1 − ky, kw − 1 − kx, 8s … 8s + 7] (zeros past the last channel).
 */
export function packFlipped(w: usize, dst: usize, filters: i32, kh: i32, kw: i32, channels: i32): void {
  const strips = (channels + 7) >> 3;
  const filterBytes = <usize>(kh * kw * channels) << 2;
  let d = dst;
  for (let s = 0; s < strips; s++) {
    const j0 = s << 3;
    const cols = min(8, channels - j0);
    for (let ky = kh - 1; ky >= 0; ky--) {
      for (let kx = kw - 1; kx >= 0; kx--) {
        const cell = w + (<usize>((ky * kw + kx) * channels + j0) << 2);
        for (let f = 0; f < filters; f++, d += 32) {
          const src = cell + <usize>f * filterBytes;
          for (let l = 0; l < 8; l++) store<f32>(d + (<usize>l << 2), l < cols ? load<f32>(src + (<usize>l << 2)) : 0);
        }
      }
    }
  }
}

/**
 * A convolution's weight gradient without patches, transposed: Gᵀ[p, f] = Σ_r P[r, p] · ∂L/∂Z[r, f] over every
 * output position r = (n, i) of every sample, in that order, with P read in place: `padded` holds the samples
 * inside zero borders (ph·pw·c floats each, as convPadded pads one), dZ is packed by packB into strips of 8
 * filters. Four values of p at a time, each at its own offset in the window, and every sum over r in order, as
 * gemmPacked's tiles add over k: the values of the product of P's transpose and ∂L/∂Z, bit for bit. Out is
 * [K × filters], K = kh·kw·c. Dilation 1. Computes the tiles [u0, u1) of 4 values of p × 8 filters, counted
 * strip by strip (tile u: strip ⌊u / ⌈K/4⌉⌋, p from 4·(u mod ⌈K/4⌉)): every tile is its own sums, so threads
 * can share them.
 */
export function convWeightGradT(
  padded: usize,
  packed: usize,
  out: usize,
  samples: i32,
  ph: i32,
  pw: i32,
  c: i32,
  kh: i32,
  kw: i32,
  sy: i32,
  sx: i32,
  outHeight: i32,
  outWidth: i32,
  filters: i32,
  u0: i32,
  u1: i32,
): void {
  const paddedRow = <usize>(pw * c) << 2;
  const imageBytes = <usize>ph * paddedRow;
  const run = kw * c;
  const K = kh * run;
  const rows = samples * outHeight * outWidth;
  const ldc = <usize>filters << 2;
  const stepX = <usize>(sx * c) << 2;
  const stepY = <usize>sy * paddedRow;
  const tiles = (K + 3) >> 2;
  for (let u = u0; u < u1; u++) {
    const s = u / tiles;
    const p = (u - s * tiles) << 2;
    const j0 = s << 3;
    const cols = min(8, filters - j0);
    const bp = packed + <usize>s * <usize>rows * 32;
    {
      // a tile past the last p repeats it (computed, not stored)
      const o0 = windowOffset(p, run, paddedRow);
      const o1 = windowOffset(min(p + 1, K - 1), run, paddedRow);
      const o2 = windowOffset(min(p + 2, K - 1), run, paddedRow);
      const o3 = windowOffset(min(p + 3, K - 1), run, paddedRow);
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let b = bp;
      for (let n = 0; n < samples; n++) {
        let top = padded + <usize>n * imageBytes;
        for (let oy = 0; oy < outHeight; oy++, top += stepY) {
          let w = top;
          // One position a turn, the same step after the loop (it never runs): as convTile, the form in which
          // the compiler keeps the accumulators in registers (the second layer of workload F: 28 → 39 GFLOP/s).
          let ox = 0;
          for (; ox + 1 <= outWidth; ox++, w += stepX) {
            const b0 = v128.load(b);
            const b1 = v128.load(b, 16);
            let x = v128.load32_splat(w + o0);
            c00 = f32x4.add(c00, f32x4.mul(x, b0));
            c01 = f32x4.add(c01, f32x4.mul(x, b1));
            x = v128.load32_splat(w + o1);
            c10 = f32x4.add(c10, f32x4.mul(x, b0));
            c11 = f32x4.add(c11, f32x4.mul(x, b1));
            x = v128.load32_splat(w + o2);
            c20 = f32x4.add(c20, f32x4.mul(x, b0));
            c21 = f32x4.add(c21, f32x4.mul(x, b1));
            x = v128.load32_splat(w + o3);
            c30 = f32x4.add(c30, f32x4.mul(x, b0));
            c31 = f32x4.add(c31, f32x4.mul(x, b1));
            b += 32;
          }
          if (ox < outWidth) {
            const b0 = v128.load(b);
            const b1 = v128.load(b, 16);
            let x = v128.load32_splat(w + o0);
            c00 = f32x4.add(c00, f32x4.mul(x, b0));
            c01 = f32x4.add(c01, f32x4.mul(x, b1));
            x = v128.load32_splat(w + o1);
            c10 = f32x4.add(c10, f32x4.mul(x, b0));
            c11 = f32x4.add(c11, f32x4.mul(x, b1));
            x = v128.load32_splat(w + o2);
            c20 = f32x4.add(c20, f32x4.mul(x, b0));
            c21 = f32x4.add(c21, f32x4.mul(x, b1));
            x = v128.load32_splat(w + o3);
            c30 = f32x4.add(c30, f32x4.mul(x, b0));
            c31 = f32x4.add(c31, f32x4.mul(x, b1));
            b += 32;
          }
        }
      }
      const count = min(4, K - p);
      const cp = out + <usize>p * ldc + (<usize>j0 << 2);
      storeRow(cp, c00, c01, cols);
      if (count > 1) storeRow(cp + ldc, c10, c11, cols);
      if (count > 2) storeRow(cp + 2 * ldc, c20, c21, cols);
      if (count > 3) storeRow(cp + 3 * ldc, c30, c31, cols);
    }
  }
}

/** Where value p of a patch (p = (ky·kw + kx)·c + ch) sits from its window's top-left corner, in bytes. */
// @ts-ignore: decorator
@inline
function windowOffset(p: i32, run: i32, paddedRow: usize): usize {
  const ky = p / run;
  return <usize>ky * paddedRow + (<usize>(p - ky * run) << 2);
}

/** `samples` images copied inside zero borders (ph × pw, the image at padTop, padLeft), one after another. */
export function padImages(x: usize, padded: usize, samples: i32, height: i32, width: i32, c: i32, ph: i32, pw: i32, padTop: i32, padLeft: i32): void {
  const paddedRow = <usize>(pw * c) << 2;
  const imageRow = <usize>(width * c) << 2;
  zeroRun(padded, samples * ph * pw * c);
  for (let n = 0; n < samples; n++) {
    const inside = padded + <usize>n * <usize>ph * paddedRow + <usize>padTop * paddedRow + (<usize>(padLeft * c) << 2);
    const image = x + <usize>n * <usize>height * imageRow;
    for (let iy = 0; iy < height; iy++) copyRun(image + <usize>iy * imageRow, inside + <usize>iy * paddedRow, width * c);
  }
}

/** Copies `count` floats from src to dst (four at a time, then one at a time); returns the end of dst. */
// @ts-ignore: decorator
@inline
function copyRun(src: usize, dst: usize, count: i32): usize {
  const bytes = <usize>count << 2;
  const vectors = bytes & ~(<usize>15);
  let i: usize = 0;
  for (; i < vectors; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(src + i));
  return dst + bytes;
}

/** Writes `count` zeros at dst; returns their end. */
// @ts-ignore: decorator
@inline
function zeroRun(dst: usize, count: i32): usize {
  const bytes = <usize>count << 2;
  const vectors = bytes & ~(<usize>15);
  let i: usize = 0;
  for (; i < vectors; i += 16) v128.store(dst + i, i32x4.splat(0));
  for (; i < bytes; i += 4) store<f32>(dst + i, 0);
  return dst + bytes;
}

/** The end of the module's static data: the heap must leave the memory below it to the module. */
export function staticDataEnd(): usize {
  return max(max(C + 288, BIAS + 16), L + 320);
}

/**
 * 1 / (1 + exp(−z)) on two float64 lanes, with exp (`exp2`) bit for bit V8's Math.exp. Its argument is
 * clamped to [−708, 708] first: beyond it the sigmoid is 1 (e^(−708) vanishes next to 1) or below 2^−1000,
 * which is 0 in float32, exactly as with the unclamped value.
 */
// @ts-ignore: decorator
@inline
function sigmoid2(z: v128): v128 {
  const one = v128.load(C, 240);
  return f64x2.div(one, f64x2.add(one, exp2(f64x2.neg(z))));
}

/**
 * exp(x) on two float64 lanes for x clamped to [−708, 708], written out as fdlibm's e_exp.c, every branch
 * computed and the right one selected per lane, so each lane is bit for bit V8's Math.exp (fdlibm's overflow
 * and subnormal paths are never needed after the clamp).
 */
// @ts-ignore: decorator
@inline
function exp2(z: v128): v128 {
  const one = v128.load(C, 240);
  const x = f64x2.pmin(f64x2.pmax(z, v128.load(C)), v128.load(C, 16)); // NaN stays NaN
  const sign = v128.and(x, v128.load(C, 256));
  const ax = v128.xor(x, sign);
  // k = (int)(invln2·x ± 0.5), rounded half away from zero by truncation as fdlibm does (t is k as a float).
  const t = f64x2.trunc(f64x2.add(f64x2.mul(v128.load(C, 48), x), v128.or(v128.load(C, 32), sign)));
  const hi = f64x2.sub(x, f64x2.mul(t, v128.load(C, 64))); // t·ln2HI is exact
  const lo = f64x2.mul(t, v128.load(C, 80));
  const reduce = f64x2.ge(ax, v128.load(C, 192));
  const r = v128.bitselect(f64x2.sub(hi, lo), x, reduce);
  const tt = f64x2.mul(r, r);
  let poly = f64x2.add(v128.load(C, 112), f64x2.mul(tt, v128.load(C, 96)));
  poly = f64x2.add(v128.load(C, 128), f64x2.mul(tt, poly));
  poly = f64x2.add(v128.load(C, 144), f64x2.mul(tt, poly));
  poly = f64x2.add(v128.load(C, 160), f64x2.mul(tt, poly));
  const c = f64x2.sub(r, f64x2.mul(tt, poly));
  const rc = f64x2.mul(r, c);
  // k ≠ 0: y = 1 − ((lo − r·c / (2 − c)) − hi), times 2^k (k within ±1021 after the clamp).
  const q = f64x2.div(rc, f64x2.sub(v128.load(C, 224), c));
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, q), hi));
  // 2^k: k sits in the low bits of t + 1.5·2^52 (for |k| < 2^31), and the shift drops everything above them.
  const twopk = i64x2.shl(i64x2.add(f64x2.add(t, v128.load(C, 272)), v128.load(BIAS)), 52);
  const reduced = f64x2.mul(y, twopk);
  // k = 0: 1 − (r·c / (c − 2) − r), where r·c / (c − 2) is exactly −q (IEEE rounding is symmetric in sign);
  // |x| < 2^−28: 1 + x.
  const small = f64x2.sub(one, f64x2.sub(f64x2.neg(q), r));
  const tiny = f64x2.add(one, x);
  let e = v128.bitselect(reduced, v128.bitselect(tiny, small, f64x2.lt(ax, v128.load(C, 208))), reduce);
  return v128.bitselect(v128.load(C, 176), e, f64x2.eq(x, one));
}

// The LSTM kernels' σ and tanh on four float32 lanes (within about 1e-7 of their values' scale, 1: the layer's float32 values
// on this backend are held to float32 rounding of its loops, as the WebAssembly products are).
const L: usize = memory.data<f32>(
  [
    -87, -87, -87, -87, // 0: exp's clamp, where 2^k stays a normal float
    87, 87, 87, 87, // 16
    1.44269504, 1.44269504, 1.44269504, 1.44269504, // 32: log2(e)
    0.693359375, 0.693359375, 0.693359375, 0.693359375, // 48: ln 2, high part (exact times k)
    -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, // 64: ln 2 − the high part
    1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, // 80: e^r − 1 − r = r²·P(r), Cephes's expf
    1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, // 96
    8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, // 112
    4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, // 128
    1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, // 144
    5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, // 160
    1, 1, 1, 1, // 176
  ],
  16,
);

/** e^x on four float32 lanes, x clamped to [−87, 87]: e^x = 2^k · e^r, r = x − k·ln 2 in [−ln2/2, ln2/2]. */
// @ts-ignore: decorator
@inline
function exp4(z: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(z, v128.load(L)), v128.load(L, 16));
  // k = round-to-even(x·log2 e) by adding 1.5·2^23 (exact for |k| < 2^22): km's low bits hold k, and the
  // shift that makes 2^k below drops the bits above them (as f32x4.nearest and a conversion would, in fewer steps).
  const magic = f32x4.splat(12582912);
  const km = f32x4.add(f32x4.mul(x, v128.load(L, 32)), magic);
  const k = f32x4.sub(km, magic);
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, v128.load(L, 48))), f32x4.mul(k, v128.load(L, 64)));
  let p = f32x4.add(v128.load(L, 96), f32x4.mul(r, v128.load(L, 80)));
  p = f32x4.add(v128.load(L, 112), f32x4.mul(r, p));
  p = f32x4.add(v128.load(L, 128), f32x4.mul(r, p));
  p = f32x4.add(v128.load(L, 144), f32x4.mul(r, p));
  p = f32x4.add(v128.load(L, 160), f32x4.mul(r, p));
  const er = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(r, r), p), r), v128.load(L, 176));
  const twok = i32x4.shl(i32x4.add(km, i32x4.splat(127)), 23);
  return f32x4.mul(er, twok);
}

/** σ(z) = 1 / (1 + e^(−z)) on four float32 lanes. */
// @ts-ignore: decorator
@inline
function sigmoid4(z: v128): v128 {
  const one = v128.load(L, 176);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(z))));
}

/**
 * tanh on four float32 lanes: (1 − e)/(1 + e) with e = e^(−2|x|) ∈ (0, 1], and x's sign. Near 0 the
 * difference 1 − e loses relative precision, not absolute: the error stays within about 1e-7 of 1.
 */
// @ts-ignore: decorator
@inline
function tanh4(x: v128): v128 {
  const one = v128.load(L, 176);
  const sign = v128.and(x, i32x4.splat(0x80000000));
  const ax = v128.xor(x, sign);
  const e = exp4(f32x4.neg(f32x4.add(ax, ax)));
  return v128.xor(f32x4.div(f32x4.sub(one, e), f32x4.add(one, e)), sign);
}

// ---------------------------------------------------------------------------------------------------------
// The LSTM cell's fused step (src/nn/lstm.ts's stepForward and stepBackward, for float32 and every sample
// still inside its sequence), four units at a time in float32 (the layer's loop computes in float64 and
// rounds when it stores: these values are within float32 rounding of its). Layout: sample n, step t, unit
// k; zx row (n·T + t) holds the gates i, f, g, o (4·u values), zh row n the recurrent products; c, h, dH, dC
// [rows × u]; hPrev, cells, out and dZ's rows [(n·T + t) × …]. u is a multiple of 4.

/**
 * Forward: the gates from zx + zh (kept in zx), c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t); out 0: none.
 * cells 0 (inference): neither the gates, c_t nor h_{t−1} are kept for backward, only c and h move on.
 */
export function lstmStepForward(zx: usize, zh: usize, c: usize, h: usize, hPrev: usize, cells: usize, out: usize, rows: i32, u: i32, T: i32, t: i32): void {
  const ub = <usize>u << 2;
  for (let n = 0; n < rows; n++) {
    const step = <usize>(n * T + t);
    const x = zx + step * 4 * ub;
    const r = zh + <usize>n * 4 * ub;
    const s = <usize>n * ub;
    const q = step * ub;
    for (let k: usize = 0; k < ub; k += 16) {
      const i = sigmoid4(f32x4.add(v128.load(x + k), v128.load(r + k)));
      const f = sigmoid4(f32x4.add(v128.load(x + ub + k), v128.load(r + ub + k)));
      const g = tanh4(f32x4.add(v128.load(x + 2 * ub + k), v128.load(r + 2 * ub + k)));
      const o = sigmoid4(f32x4.add(v128.load(x + 3 * ub + k), v128.load(r + 3 * ub + k)));
      const ct = f32x4.add(f32x4.mul(f, v128.load(c + s + k)), f32x4.mul(i, g)); // c_t = f ⊙ c_{t−1} + i ⊙ g
      const ht = f32x4.mul(o, tanh4(ct)); // h_t = o ⊙ tanh(c_t)
      if (cells !== 0) {
        v128.store(x + k, i);
        v128.store(x + ub + k, f);
        v128.store(x + 2 * ub + k, g);
        v128.store(x + 3 * ub + k, o);
        v128.store(cells + q + k, ct);
        v128.store(hPrev + q + k, v128.load(h + s + k));
      }
      v128.store(c + s + k, ct);
      v128.store(h + s + k, ht);
      if (out !== 0) v128.store(out + q + k, ht);
    }
  }
}

/**
 * One inference step of the LSTM, its product and its cell in one pass, nothing kept for backward: for two
 * samples at a time and four units at a time, the gates' pre-activations z = [h_{t−1} | x_t] · [U | W]ᵀ + b
 * are summed in registers (each over p in order, then + b, as gemmPacked adds them), and c_t, h_t computed
 * from them at once: z is never stored. `packed` holds [U | W] by groups of four units, for every p the 16
 * values (i, f, g, o) × 4 units; `bias` the same 16 per group. hxIn's row n is [h_{t−1} | x_t] (ldhx bytes
 * apart); h_t goes into hxOut's row n, followed by the next step's F inputs from x + n·ldx when x ≠ 0, and to
 * out + n·ldout when out ≠ 0. An odd `rows` reads and writes one spare row past it in hxIn, hxOut and c
 * (their buffers hold it; nothing of it reaches out). u is a multiple of 4.
 */
export function lstmStepFused(
  hxIn: usize, hxOut: usize, ldhx: usize, K: i32, packed: usize, bias: usize, c: usize,
  out: usize, ldout: usize, x: usize, ldx: usize, F: i32, rows: i32, u: i32,
): void {
  const ub = <usize>u << 2;
  const kb = <usize>K << 2;
  for (let n = 0; n < rows; n += 2) {
    const a0 = hxIn + <usize>n * ldhx;
    const a1 = a0 + ldhx;
    const h0 = hxOut + <usize>n * ldhx;
    const c0 = c + <usize>n * ub;
    const second = n + 1 < rows;
    for (let k: usize = 0; k < ub; k += 16) {
      let i0 = f32x4.splat(0), f0 = f32x4.splat(0), g0 = f32x4.splat(0), o0 = f32x4.splat(0);
      let i1 = f32x4.splat(0), f1 = f32x4.splat(0), g1 = f32x4.splat(0), o1 = f32x4.splat(0);
      let w = packed + k * <usize>K * 4; // this group's 16 values for every p
      for (let p: usize = 0; p < kb; p += 4) {
        const x0 = v128.load32_splat(a0 + p);
        const x1 = v128.load32_splat(a1 + p);
        let v = v128.load(w);
        i0 = f32x4.add(i0, f32x4.mul(x0, v));
        i1 = f32x4.add(i1, f32x4.mul(x1, v));
        v = v128.load(w, 16);
        f0 = f32x4.add(f0, f32x4.mul(x0, v));
        f1 = f32x4.add(f1, f32x4.mul(x1, v));
        v = v128.load(w, 32);
        g0 = f32x4.add(g0, f32x4.mul(x0, v));
        g1 = f32x4.add(g1, f32x4.mul(x1, v));
        v = v128.load(w, 48);
        o0 = f32x4.add(o0, f32x4.mul(x0, v));
        o1 = f32x4.add(o1, f32x4.mul(x1, v));
        w += 64;
      }
      const bk = bias + (k << 2);
      const bi = v128.load(bk), bf = v128.load(bk, 16), bg = v128.load(bk, 32), bo = v128.load(bk, 48);
      const ht0 = lstmCell(f32x4.add(i0, bi), f32x4.add(f0, bf), f32x4.add(g0, bg), f32x4.add(o0, bo), c0 + k);
      const ht1 = lstmCell(f32x4.add(i1, bi), f32x4.add(f1, bf), f32x4.add(g1, bg), f32x4.add(o1, bo), c0 + ub + k);
      v128.store(h0 + k, ht0);
      v128.store(h0 + ldhx + k, ht1);
      if (out !== 0) {
        v128.store(out + <usize>n * ldout + k, ht0);
        if (second) v128.store(out + <usize>(n + 1) * ldout + k, ht1);
      }
    }
    if (x !== 0) {
      copyRun(x + <usize>n * ldx, h0 + ub, F);
      if (second) copyRun(x + <usize>(n + 1) * ldx, h0 + ldhx + ub, F);
    }
  }
}

/** c_t = f ⊙ c_{t−1} + i ⊙ g (c at cp, updated) and h_t = o ⊙ tanh(c_t), from the four gates' pre-activations. */
// @ts-ignore: decorator
@inline
function lstmCell(zi: v128, zf: v128, zg: v128, zo: v128, cp: usize): v128 {
  const i = sigmoid4(zi);
  const f = sigmoid4(zf);
  const g = tanh4(zg);
  const o = sigmoid4(zo);
  const ct = f32x4.add(f32x4.mul(f, v128.load(cp)), f32x4.mul(i, g));
  v128.store(cp, ct);
  return f32x4.mul(o, tanh4(ct));
}

/**
 * Backward through step t (∂L/∂h_t in dH, ∂L/∂c_t from step t + 1 in dC): ∂L/∂Z of the step into dZ's row
 * (n·T + t) and dZStep's row n, ∂L/∂c_{t−1} = δc_t ⊙ f into dC, and dH zeroed (U's part is added after).
 */
export function lstmStepBackward(zx: usize, cells: usize, dH: usize, dC: usize, dZ: usize, dZStep: usize, rows: i32, u: i32, T: i32, t: i32): void {
  const ub = <usize>u << 2;
  const one = v128.load(L, 176);
  const zero = f32x4.splat(0);
  for (let n = 0; n < rows; n++) {
    const step = <usize>(n * T + t);
    const x = zx + step * 4 * ub;
    const z = dZ + step * 4 * ub;
    const r = dZStep + <usize>n * 4 * ub;
    const s = <usize>n * ub;
    const q = step * ub;
    for (let k: usize = 0; k < ub; k += 16) {
      const i = v128.load(x + k);
      const f = v128.load(x + ub + k);
      const g = v128.load(x + 2 * ub + k);
      const o = v128.load(x + 3 * ub + k);
      const tc = tanh4(v128.load(cells + q + k));
      const cPrev = t > 0 ? v128.load(cells + q - ub + k) : zero;
      const dh = v128.load(dH + s + k);
      const dc = f32x4.add(v128.load(dC + s + k), f32x4.mul(f32x4.mul(dh, o), f32x4.sub(one, f32x4.mul(tc, tc)))); // δc_t
      const dzi = f32x4.mul(f32x4.mul(f32x4.mul(dc, g), i), f32x4.sub(one, i));
      const dzf = f32x4.mul(f32x4.mul(f32x4.mul(dc, cPrev), f), f32x4.sub(one, f));
      const dzg = f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(g, g)));
      const dzo = f32x4.mul(f32x4.mul(f32x4.mul(dh, tc), o), f32x4.sub(one, o));
      v128.store(z + k, dzi);
      v128.store(r + k, dzi);
      v128.store(z + ub + k, dzf);
      v128.store(r + ub + k, dzf);
      v128.store(z + 2 * ub + k, dzg);
      v128.store(r + 2 * ub + k, dzg);
      v128.store(z + 3 * ub + k, dzo);
      v128.store(r + 3 * ub + k, dzo);
      v128.store(dC + s + k, f32x4.mul(dc, f)); // δc_{t−1} = δc_t ⊙ f
      v128.store(dH + s + k, zero);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// A small network of dense layers, one row at a time: the one-sample path of src/nn/row-path.ts
// (TrainPath), whose arithmetic this is, bit for bit: float32 values, each sum in float64 started at 0 and
// accumulated in index order, every value rounded to float32 once, where the JavaScript stores it. One call
// runs the whole pass (or many training steps), so a step of the seed's 2-2-1 network costs one crossing
// into the module instead of a dozen JavaScript calls that run unoptimized for the first few thousand steps.
//
// The plan (int32 words, byte offsets into the memory): [layers, x, y, dA, outputs, backup, steps done,
// status], a float64 loss at 32, then 11 words a layer from byte 40: inputs, units, activation (0 linear,
// 1 sigmoid, 2 ReLU), W [units × inputs], b, ∂L/∂W, ∂L/∂b, Z, A, ∂L/∂Z, ∂L/∂X (of the layer's input; unused
// for the first layer). `backup` has room for every weight and bias (denseRowSteps keeps a step's old values).

const ROW_HEADER: usize = 40;
const ROW_LAYER: usize = 44;

/**
 * The forward pass of the row at x through every layer (Z = x·Wᵀ + b, A = f(Z)), the mean squared error
 * against y (returned), ∂L/∂A = −2(y − A)/n into dA, and backpropagation: ∂L/∂Z = ∂L/∂A ⊙ f′(Z),
 * ∂L/∂W = ∂L/∂Zᵀ·x, ∂L/∂b = ∂L/∂Z, ∂L/∂X = ∂L/∂Z·W for the layer below; then, when `rate` is a number and
 * the loss is finite, the plain SGD step w ← w − rate·g of every weight and bias (src/optim/sgd.ts's
 * sgdUpdate).
 */
export function denseRowPass(plan: usize, rate: f64): f64 {
  rowForward(plan);
  rowTrain(plan, rate, false);
  return load<f64>(plan, 32);
}

/**
 * Training steps `from` ≤ t < `to` of `fit` at batch size 1 with the plain SGD step (src/train/fit-rows.ts),
 * counted from the start of an epoch of `period` steps (so they may run on into the next epochs): step t
 * trains on row order[t − from] of xs [rows × inputs] and ys [rows × outputs], as denseRowPass does. Each
 * step's loss is added to `sum` in order (fit's sum over the epoch); where an epoch ends, its sum is stored at
 * sums (float64, one per epoch ended) and the next starts at 0. Returns the sum of the last, unfinished epoch.
 * Stops at the first step whose loss is not finite (status 1, before its update) or whose update leaves a
 * weight or bias that is not finite (status 2, its old values put back); the plan then holds that step's t
 * and loss.
 */
export function denseRowSteps(plan: usize, xs: usize, ys: usize, order: usize, from: i32, to: i32, period: i32, rate: f64, sum: f64, sums: usize): f64 {
  const x = <usize>load<u32>(plan, 4);
  const y = <usize>load<u32>(plan, 8);
  const outputs = load<i32>(plan, 16);
  const inputs = load<i32>(plan, ROW_HEADER);
  store<i32>(plan, 0, 28);
  let ends = sums;
  let next = from - (from % period) + period; // the step that starts the next epoch
  for (let t = from; t < to; t++) {
    const r = <usize>load<u32>(order + (<usize>(t - from) << 2));
    copyRow(x, xs + ((r * <usize>inputs) << 2), inputs);
    copyRow(y, ys + ((r * <usize>outputs) << 2), outputs);
    rowForward(plan);
    const status = rowTrain(plan, rate, true);
    store<i32>(plan, t, 24);
    if (status != 0) {
      store<i32>(plan, status, 28);
      return sum;
    }
    sum += load<f64>(plan, 32);
    if (t + 1 == next) {
      store<f64>(ends, sum);
      ends += 8;
      sum = 0;
      next += period;
    }
  }
  store<i32>(plan, to, 24);
  return sum;
}

/** Z = x·Wᵀ + b and A = f(Z), layer by layer from the plan's x, each unit's f right after its sum. */
function rowForward(plan: usize): void {
  const count = load<i32>(plan);
  let input = <usize>load<u32>(plan, 4);
  for (let l = 0; l < count; l++) {
    const e = plan + ROW_HEADER + <usize>l * ROW_LAYER;
    const inputs = load<i32>(e);
    const units = load<i32>(e, 4);
    const act = load<i32>(e, 8);
    const w = <usize>load<u32>(e, 12);
    const b = <usize>load<u32>(e, 16);
    const z = <usize>load<u32>(e, 28);
    const a = <usize>load<u32>(e, 32);
    for (let j = 0; j < units; j++) {
      const o = w + ((<usize>(j * inputs)) << 2);
      let sum = 0.0;
      for (let p = 0; p < inputs; p++) sum += <f64>load<f32>(input + (<usize>p << 2)) * <f64>load<f32>(o + (<usize>p << 2));
      const v = <f32>(sum + <f64>load<f32>(b + (<usize>j << 2)));
      store<f32>(z + (<usize>j << 2), v);
      // Linear (a copy), Sigmoid (exp as V8's) or ReLU's f of the stored z.
      store<f32>(a + (<usize>j << 2), act == 1 ? <f32>(1.0 / (1.0 + exp1(-<f64>v))) : act == 2 ? (v > 0 ? v : 0) : v);
    }
    input = a;
  }
}

/**
 * After rowForward: the loss against the plan's y (MeanSquaredError's, stored at 32) and backpropagation,
 * the last layer first; each layer's ∂L/∂X goes through the activation below as it is computed. Then, when
 * `rate` is a number and the loss is finite, w ← w − rate·g of each layer's weights and bias once its ∂L/∂X
 * is done (the only reader of its old weights). With `guard`, the old values are kept in the plan's backup
 * first and put back if a new one is not finite. Returns 0, 1 (the loss is not finite: no update) or 2 (an
 * update was not finite: taken back).
 */
function rowTrain(plan: usize, rate: f64, guard: bool): i32 {
  const count = load<i32>(plan);
  const y = <usize>load<u32>(plan, 8);
  const dA = <usize>load<u32>(plan, 12);
  const n = load<i32>(plan, 16);
  let e = plan + ROW_HEADER + <usize>(count - 1) * ROW_LAYER;
  const out = <usize>load<u32>(e, 32);
  // MeanSquaredError: the mean of (y − a)², its gradient −2(y − a)/n, and at once the last layer's
  // ∂L/∂Z = ∂L/∂A ⊙ f′(Z) from the values in hand. (x/n is x·(1/n) exactly where n is a power of two: both
  // are the one rounding of the same number; a division is the longest link of a step's chain.)
  const lastAct = load<i32>(e, 8);
  const lastZ = <usize>load<u32>(e, 28);
  const lastDZ = <usize>load<u32>(e, 36);
  const exact = (n & (n - 1)) == 0;
  const inverse = 1.0 / <f64>n;
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    const d = <f64>load<f32>(y + at) - <f64>load<f32>(out + at);
    loss += d * d;
    const g = <f32>(exact ? -2 * d * inverse : (-2 * d) / <f64>n);
    store<f32>(dA + at, g);
    activateBackward(lastAct, lastZ, out, lastDZ, at, g);
  }
  loss /= <f64>n;
  store<f64>(plan, loss, 32);
  const finite = loss - loss == 0;
  const update = rate == rate && finite;
  const backup = <usize>load<u32>(plan, 20);
  let kept = backup;
  let bad = 0.0; // Σ (v − v) of the new values: 0 when every one is finite
  for (let l = count - 1; ; l--) {
    const inputs = load<i32>(e);
    const units = load<i32>(e, 4);
    const w = <usize>load<u32>(e, 12);
    const b = <usize>load<u32>(e, 16);
    const gW = <usize>load<u32>(e, 20);
    const gb = <usize>load<u32>(e, 24);
    const dZ = <usize>load<u32>(e, 36);
    const xs = l > 0 ? <usize>load<u32>(e - ROW_LAYER, 32) : <usize>load<u32>(plan, 4);
    if (l > 0) {
      // ∂L/∂X = ∂L/∂Z · W (the old W), and at once the layer below's ∂L/∂Z = ∂L/∂X ⊙ f′(its Z): first, as
      // the rest of the step waits for it.
      const below = e - ROW_LAYER;
      const act = load<i32>(below, 8);
      const z = <usize>load<u32>(below, 28);
      const dZBelow = <usize>load<u32>(below, 36);
      const dX = <usize>load<u32>(e, 40);
      for (let p = 0; p < inputs; p++) {
        let sum = 0.0;
        for (let j = 0; j < units; j++) sum += <f64>load<f32>(dZ + (<usize>j << 2)) * <f64>load<f32>(w + ((<usize>(j * inputs + p)) << 2));
        const g = <f32>sum;
        store<f32>(dX + (<usize>p << 2), g);
        activateBackward(act, z, xs, dZBelow, <usize>p << 2, g);
      }
    }
    if (update && guard) {
      const weights = inputs * units;
      copyRow(kept, w, weights);
      copyRow(kept + (<usize>weights << 2), b, units);
      kept += <usize>(weights + units) << 2;
    }
    // ∂L/∂W = ∂L/∂Zᵀ·x and ∂L/∂b = ∂L/∂Z, each value then stepped w ← w − rate·g in float64 and rounded once
    // (sgdUpdate) when there is a step: the gradient from the register it was rounded in.
    for (let j = 0; j < units; j++) {
      const d = <f64>load<f32>(dZ + (<usize>j << 2));
      const o = <usize>(j * inputs) << 2;
      for (let p = 0; p < inputs; p++) {
        // 0 + v, as the reference's sums start at 0 (which turns a −0 into +0).
        const g = <f32>(0 + d * <f64>load<f32>(xs + (<usize>p << 2)));
        store<f32>(gW + o + (<usize>p << 2), g);
        if (update) bad += stepValue(w + o + (<usize>p << 2), g, rate);
      }
      const g = <f32>(0 + d);
      store<f32>(gb + (<usize>j << 2), g);
      if (update) bad += stepValue(b + (<usize>j << 2), g, rate);
    }
    if (l == 0) break;
    e -= ROW_LAYER;
  }
  if (!finite) return 1;
  if (!update || !guard || bad == 0) return 0;
  // Put every layer back, in the order they were kept (the last layer first).
  kept = backup;
  e = plan + ROW_HEADER + <usize>(count - 1) * ROW_LAYER;
  for (let l = count - 1; l >= 0; l--, e -= ROW_LAYER) {
    const units = load<i32>(e, 4);
    const weights = load<i32>(e) * units;
    copyRow(<usize>load<u32>(e, 12), kept, weights);
    copyRow(<usize>load<u32>(e, 16), kept + (<usize>weights << 2), units);
    kept += <usize>(weights + units) << 2;
  }
  return 2;
}

/** Copies `n` float32 values (bits) from `from` to `to`: a loop, where memory.copy is a call that costs more for a few. */
// @ts-ignore: decorator
@inline
function copyRow(to: usize, from: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(to + (<usize>i << 2), load<u32>(from + (<usize>i << 2)));
}

/** The float32 value at `at` stepped v ← v − s·g, in float64 and rounded once, as sgdUpdate; returns v − v of the new value (0 when finite). */
// @ts-ignore: decorator
@inline
function stepValue(at: usize, g: f32, s: f64): f64 {
  const v = <f32>(<f64>load<f32>(at) - s * <f64>g);
  store<f32>(at, v);
  return <f64>(v - v);
}

/**
 * ∂L/∂Z at byte `at` from ∂L/∂A's value g: Linear g itself, Sigmoid g·a·(1 − a) of the layer's A, ReLU g
 * where z > 0, else 0 (the activations' own backward loops).
 */
// @ts-ignore: decorator
@inline
function activateBackward(act: i32, z: usize, a: usize, dZ: usize, at: usize, g: f32): void {
  if (act == 1) {
    const y = <f64>load<f32>(a + at);
    store<f32>(dZ + at, <f32>(<f64>g * y * (1 - y)));
  } else {
    store<f32>(dZ + at, act == 2 ? (load<f32>(z + at) > 0 ? g : 0) : g);
  }
}

/**
 * exp(x) for x clamped to [−708, 708], one value: fdlibm's e_exp.c with its branches (V8's Math.exp, bit for
 * bit; the same arithmetic as `exp2` above, whose lanes compute every branch). For a few values at a time, as
 * a small network's units are, the branches are shorter than both lanes' selects: a step's chain of
 * dependent operations is what sets its time.
 */
function exp1(z: f64): f64 {
  if (z != z) return z;
  // (Compares, not f64.min and f64.max, whose NaN and −0 rules cost instructions on the step's chain.)
  const x = z < -708.0 ? -708.0 : z > 708.0 ? 708.0 : z;
  if (x == 1.0) return 2.718281828459045; // V8 returns Math.E for exp(1)
  const ax = abs(x);
  if (ax < 0.3465735912322998) {
    // |x| ≤ ln2/2 (high word ≤ 0x3fd62e42): k = 0, and below 2^−28 just 1 + x.
    if (ax < 3.725290298461914e-9) return 1.0 + x;
    const t = x * x;
    const c = x - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
    return 1.0 - ((x * c) / (c - 2.0) - x);
  }
  // k = (int)(invln2·x ± 0.5); t·ln2HI is exact.
  const k = trunc(1.44269504088896338700 * x + (x < 0 ? -0.5 : 0.5));
  const hi = x - k * 6.93147180369123816490e-1;
  const lo = k * 1.90821492927058770002e-10;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
  const y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  return y * reinterpret<f64>((<i64>k + 1023) << 52);
}

