/**
 * Generates the WebAssembly SIMD GEMM kernel used by src/linalg/gemm.ts:
 *   src/linalg/wasm/gemm.wat      readable text (generated, committed)
 *   src/linalg/wasm/gemm.wasm     binary (committed, for inspection / other loaders)
 *   src/linalg/wasm/gemmBytes.ts  the same bytes as base64, so loading needs no file access
 * Run: npx tsx scripts/wasm/build-gemm.ts   (needs the dev dependency `wabt`; runtime does not)
 *
 * The micro-kernel computes C[MR×NR] -= Σ_p a_p ⊗ b_p over packed panels with f64x2 mul then add
 * (no FMA; relaxed_madd in the FMA variant), in the same order as the JS fallback, so both paths
 * round identically. Also exported: packA/packB, lowerSolveRows and panelSteps (the LU's unblocked
 * leaves), all mirroring the JS code operation for operation.
 * Tile choice (timed on a 2-core Xeon VM under Node 20 / V8 11.3): 4×4 and 3×6 ≈ 17–19 GFLOP/s;
 * 6×4, 4×6, 5×4 lose 25–40 % (V8 runs out of its 15 usable xmm registers), and unrolling k
 * (KU = 2, 4) loses ~30 % under V8's register allocation, so MR = NR = 4, KU = 1.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const MR = 4;
const NR = 4;
const KU = 1;
/** Kernel variants; tile shapes chosen by timing on the dev machine (env overrides for tuning). */
const VARIANTS = [
  {
    name: 'GEMM_SIMD',
    file: 'gemm',
    fma: false,
    mr: Number(process.env.GEMM_MR ?? 4),
    nr: Number(process.env.GEMM_NR ?? 4),
    ku: Number(process.env.GEMM_KU ?? 1),
  },
  {
    name: 'GEMM_FMA',
    file: 'gemmFma',
    fma: true,
    mr: Number(process.env.GEMM_FMA_MR ?? 4),
    nr: Number(process.env.GEMM_FMA_NR ?? 4),
    ku: Number(process.env.GEMM_FMA_KU ?? 1),
  },
];

function kernelWat(mr: number, nr: number, ku: number, fma: boolean): string {
  const nv = nr / 2; // f64x2 vectors per row
  const L: string[] = [];
  const acc = (r: number, v: number) => `$c${r}_${v}`;
  L.push(`  ;; C[${mr}x${nr}] (row stride $ldc bytes) -= packedA(k x ${mr}) . packedB(k x ${nr})`);
  L.push('  (func $kern (param $k i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)');
  const locals = ['(local $a v128)'];
  for (let v = 0; v < nv; v++) locals.push(`(local $b${v} v128)`);
  for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) locals.push(`(local ${acc(r, v)} v128)`);
  locals.push('(local $p i32) (local $end i32) (local $endu i32)');
  L.push(`    ${locals.join(' ')}`);
  const step = (u: number, ind: string) => {
    for (let v = 0; v < nv; v++)
      L.push(`${ind}(local.set $b${v} (v128.load offset=${(u * nr + 2 * v) * 8} (local.get $pb)))`);
    for (let r = 0; r < mr; r++) {
      L.push(`${ind}(local.set $a (v128.load64_splat offset=${(u * mr + r) * 8} (local.get $pa)))`);
      for (let v = 0; v < nv; v++)
        L.push(
          fma
            ? `${ind}(local.set ${acc(r, v)} (f64x2.relaxed_madd (local.get $a) (local.get $b${v}) (local.get ${acc(r, v)})))`
            : `${ind}(local.set ${acc(r, v)} (f64x2.add (local.get ${acc(r, v)}) (f64x2.mul (local.get $a) (local.get $b${v}))))`,
        );
    }
  };
  // k ≥ 1 always (the host skips empty updates). Main loop unrolled KU times as a do-while on
  // the A pointer (one compare-and-branch per trip), then the k mod KU leftover steps.
  L.push(`    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $k) (i32.const ${mr * 8}))))`);
  if (ku > 1) {
    L.push(
      `    (local.set $endu (i32.sub (local.get $end) (i32.mul (i32.rem_u (local.get $k) (i32.const ${ku})) (i32.const ${mr * 8}))))`,
    );
    L.push('    (if (i32.lt_u (local.get $pa) (local.get $endu)) (then (loop $ul');
    for (let u = 0; u < ku; u++) step(u, '      ');
    L.push(`      (local.set $pa (i32.add (local.get $pa) (i32.const ${ku * mr * 8})))`);
    L.push(`      (local.set $pb (i32.add (local.get $pb) (i32.const ${ku * nr * 8})))`);
    L.push('      (br_if $ul (i32.lt_u (local.get $pa) (local.get $endu))))))');
  }
  L.push('    (if (i32.lt_u (local.get $pa) (local.get $end)) (then (loop $rl');
  step(0, '      ');
  L.push(`      (local.set $pa (i32.add (local.get $pa) (i32.const ${mr * 8})))`);
  L.push(`      (local.set $pb (i32.add (local.get $pb) (i32.const ${nr * 8})))`);
  L.push('      (br_if $rl (i32.lt_u (local.get $pa) (local.get $end))))))');
  for (let r = 0; r < mr; r++) {
    L.push(`    (local.set $p (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${r}))))`);
    for (let v = 0; v < nv; v++)
      L.push(
        `    (v128.store offset=${v * 16} (local.get $p) (f64x2.sub (v128.load offset=${v * 16} (local.get $p)) (local.get ${acc(r, v)})))`,
      );
  }
  L.push('  )');
  return L.join('\n');
}

/** Macro-kernel: loops over the MR×NR tiles of an mc×nc block; edge tiles go through a scratch tile. */
function macroWat(mr: number, nr: number): string {
  return `  ;; C(mc x nc, row stride ldc) -= A.B from packed panels; offsets and ldc in doubles.
  ;; pa: ceil(mc/${mr}) strips of kc x ${mr}; pb: ceil(nc/${nr}) strips of kc x ${nr}; tmp: ${mr * nr} doubles scratch.
  (func (export "gemm") (param $mc i32) (param $nc i32) (param $kc i32) (param $pa i32) (param $pb i32)
        (param $c i32) (param $ldc i32) (param $tmp i32)
    (local $jr i32) (local $ir i32) (local $mr i32) (local $nr i32) (local $pbj i32) (local $pai i32)
    (local $cc i32) (local $ldcb i32) (local $r i32) (local $q i32) (local $src i32) (local $dst i32)
    (local.set $pa (i32.shl (local.get $pa) (i32.const 3)))
    (local.set $pb (i32.shl (local.get $pb) (i32.const 3)))
    (local.set $c (i32.shl (local.get $c) (i32.const 3)))
    (local.set $tmp (i32.shl (local.get $tmp) (i32.const 3)))
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 3)))
    (local.set $pai (local.get $pa))
    ;; Row strips outer, column strips inner: each MR-row strip of C is walked left to right, a
    ;; sequential stream the hardware prefetcher follows (C comes from L3/RAM in the LU updates).
    (block $idone (loop $il
      (br_if $idone (i32.ge_s (local.get $ir) (local.get $mc)))
      (local.set $mr (i32.sub (local.get $mc) (local.get $ir)))
      (if (i32.gt_s (local.get $mr) (i32.const ${mr})) (then (local.set $mr (i32.const ${mr}))))
      (local.set $jr (i32.const 0))
      (local.set $pbj (local.get $pb))
      (block $jdone (loop $jl
        (br_if $jdone (i32.ge_s (local.get $jr) (local.get $nc)))
        (local.set $nr (i32.sub (local.get $nc) (local.get $jr)))
        (if (i32.gt_s (local.get $nr) (i32.const ${nr})) (then (local.set $nr (i32.const ${nr}))))
        (local.set $cc (i32.add (local.get $c)
          (i32.shl (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (local.get $jr)) (i32.const 3))))
        (if (i32.and (i32.eq (local.get $mr) (i32.const ${mr})) (i32.eq (local.get $nr) (i32.const ${nr})))
          (then (call $kern (local.get $kc) (local.get $pai) (local.get $pbj) (local.get $cc) (local.get $ldcb)))
          (else
            (memory.fill (local.get $tmp) (i32.const 0) (i32.const ${mr * nr * 8}))
            (call $kern (local.get $kc) (local.get $pai) (local.get $pbj) (local.get $tmp) (i32.const ${nr * 8}))
            (local.set $r (i32.const 0))
            (loop $rl
              (local.set $q (i32.const 0))
              (loop $ql
                (local.set $src (i32.add (local.get $tmp)
                  (i32.shl (i32.add (i32.mul (local.get $r) (i32.const ${nr})) (local.get $q)) (i32.const 3))))
                (local.set $dst (i32.add (local.get $cc)
                  (i32.add (i32.mul (local.get $r) (local.get $ldcb)) (i32.shl (local.get $q) (i32.const 3)))))
                (f64.store (local.get $dst) (f64.add (f64.load (local.get $dst)) (f64.load (local.get $src))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br_if $ql (i32.lt_s (local.get $q) (local.get $nr))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $rl (i32.lt_s (local.get $r) (local.get $mr))))))
        (local.set $jr (i32.add (local.get $jr) (i32.const ${nr})))
        (local.set $pbj (i32.add (local.get $pbj) (i32.mul (local.get $kc) (i32.const ${nr * 8}))))
        (br $jl)))
      (local.set $ir (i32.add (local.get $ir) (i32.const ${mr})))
      (local.set $pai (i32.add (local.get $pai) (i32.mul (local.get $kc) (i32.const ${mr * 8}))))
      (br $il)))
  )`;
}

/**
 * Packing in wasm (same layouts and values as packA/packB in src/linalg/gemm.ts; negation as
 * × −1, which is exact): A strips transposed two rows × two k at a time with f64x2 shuffles,
 * B strips copied as f64x2. Offsets and leading dimensions in doubles.
 */
function packWat(mr: number, nr: number): string {
  if (mr % 2 !== 0 || nr % 2 !== 0) throw new Error('packWat: MR and NR must be even');
  const bcopy: string[] = [];
  for (let v = 0; v < nr / 2; v++)
    bcopy.push(`(v128.store offset=${v * 16} (local.get $d) (v128.load offset=${v * 16} (local.get $s)))`);
  return `  ;; A[mc x kc] (row stride lda) -> strips of ${mr} rows, p-major, zero-padded; negated when neg = 1.
  (func (export "packA") (param $a i32) (param $lda i32) (param $mc i32) (param $kc i32) (param $neg i32) (param $d i32)
    (local $i0 i32) (local $rows i32) (local $r i32) (local $p i32) (local $s0 i32) (local $s1 i32) (local $o i32)
    (local $ldab i32) (local $kc2 i32) (local $sgs f64) (local $sg v128) (local $x v128) (local $y v128)
    (local.set $a (i32.shl (local.get $a) (i32.const 3)))
    (local.set $d (i32.shl (local.get $d) (i32.const 3)))
    (local.set $ldab (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $sgs (select (f64.const -1) (f64.const 1) (local.get $neg)))
    (local.set $sg (f64x2.splat (local.get $sgs)))
    (local.set $kc2 (i32.and (local.get $kc) (i32.const -2)))
    (block $idone (loop $il
      (br_if $idone (i32.ge_s (local.get $i0) (local.get $mc)))
      (local.set $rows (i32.sub (local.get $mc) (local.get $i0)))
      (local.set $r (i32.const 0))
      (if (i32.ge_s (local.get $rows) (i32.const ${mr}))
        (then
          (loop $rl
            (local.set $s0 (i32.add (local.get $a) (i32.mul (i32.add (local.get $i0) (local.get $r)) (local.get $ldab))))
            (local.set $s1 (i32.add (local.get $s0) (local.get $ldab)))
            (local.set $o (i32.add (local.get $d) (i32.shl (local.get $r) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $pdone (loop $pl
              (br_if $pdone (i32.ge_s (local.get $p) (local.get $kc2)))
              (local.set $x (v128.load (local.get $s0)))
              (local.set $y (v128.load (local.get $s1)))
              (v128.store (local.get $o) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)) (local.get $sg)))
              (v128.store offset=${mr * 8} (local.get $o) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)) (local.get $sg)))
              (local.set $s0 (i32.add (local.get $s0) (i32.const 16)))
              (local.set $s1 (i32.add (local.get $s1) (i32.const 16)))
              (local.set $o (i32.add (local.get $o) (i32.const ${2 * mr * 8})))
              (local.set $p (i32.add (local.get $p) (i32.const 2)))
              (br $pl)))
            (if (i32.lt_s (local.get $p) (local.get $kc))
              (then
                (f64.store (local.get $o) (f64.mul (f64.load (local.get $s0)) (local.get $sgs)))
                (f64.store offset=8 (local.get $o) (f64.mul (f64.load (local.get $s1)) (local.get $sgs)))))
            (local.set $r (i32.add (local.get $r) (i32.const 2)))
            (br_if $rl (i32.lt_s (local.get $r) (i32.const ${mr})))))
        (else
          (loop $rl2
            (local.set $o (i32.add (local.get $d) (i32.shl (local.get $r) (i32.const 3))))
            (local.set $s0 (i32.add (local.get $a) (i32.mul (i32.add (local.get $i0) (local.get $r)) (local.get $ldab))))
            (local.set $p (i32.const 0))
            (block $qdone (loop $ql
              (br_if $qdone (i32.ge_s (local.get $p) (local.get $kc)))
              (f64.store (local.get $o)
                (select (f64.mul (f64.load (local.get $s0)) (local.get $sgs)) (f64.const 0)
                  (i32.lt_s (local.get $r) (local.get $rows))))
              (local.set $s0 (i32.add (local.get $s0) (i32.const 8)))
              (local.set $o (i32.add (local.get $o) (i32.const ${mr * 8})))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $ql)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br_if $rl2 (i32.lt_s (local.get $r) (i32.const ${mr}))))))
      (local.set $d (i32.add (local.get $d) (i32.mul (local.get $kc) (i32.const ${mr * 8}))))
      (local.set $i0 (i32.add (local.get $i0) (i32.const ${mr})))
      (br $il)))
  )
  ;; B[kc x nc] (row stride ldb) -> strips of ${nr} columns, p-major, zero-padded.
  (func (export "packB") (param $b i32) (param $ldb i32) (param $kc i32) (param $nc i32) (param $d i32)
    (local $j0 i32) (local $cols i32) (local $p i32) (local $q i32) (local $s i32) (local $ldbb i32)
    (local.set $b (i32.shl (local.get $b) (i32.const 3)))
    (local.set $d (i32.shl (local.get $d) (i32.const 3)))
    (local.set $ldbb (i32.shl (local.get $ldb) (i32.const 3)))
    (block $jdone (loop $jl
      (br_if $jdone (i32.ge_s (local.get $j0) (local.get $nc)))
      (local.set $cols (i32.sub (local.get $nc) (local.get $j0)))
      (local.set $s (i32.add (local.get $b) (i32.shl (local.get $j0) (i32.const 3))))
      (local.set $p (i32.const 0))
      (if (i32.ge_s (local.get $cols) (i32.const ${nr}))
        (then
          (block $pdone (loop $pl
            (br_if $pdone (i32.ge_s (local.get $p) (local.get $kc)))
            ${bcopy.join('\n            ')}
            (local.set $s (i32.add (local.get $s) (local.get $ldbb)))
            (local.set $d (i32.add (local.get $d) (i32.const ${nr * 8})))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pl))))
        (else
          (block $pdone2 (loop $pl2
            (br_if $pdone2 (i32.ge_s (local.get $p) (local.get $kc)))
            (local.set $q (i32.const 0))
            (loop $ql
              (f64.store (i32.add (local.get $d) (i32.shl (local.get $q) (i32.const 3)))
                (if (result f64) (i32.lt_s (local.get $q) (local.get $cols))
                  (then (f64.load (i32.add (local.get $s) (i32.shl (local.get $q) (i32.const 3)))))
                  (else (f64.const 0))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br_if $ql (i32.lt_s (local.get $q) (i32.const ${nr}))))
            (local.set $s (i32.add (local.get $s) (local.get $ldbb)))
            (local.set $d (i32.add (local.get $d) (i32.const ${nr * 8})))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pl2)))))
      (local.set $j0 (i32.add (local.get $j0) (i32.const ${nr})))
      (br $jl)))
  )`;
}

/**
 * Unit-lower triangular solve on rows r0..r1-1, columns c0..c1-1 of a row-major block (stride ld,
 * offsets in doubles): row_i -= l_it · row_t for t < i, as lowerSolveRows in src/linalg/triangular.ts with
 * a separate multiply and subtract (no FMA), so both round identically.
 */
function trsmWat(): string {
  return `  (func (export "lowerSolveRows") (param $o i32) (param $ld i32) (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32)
    (local $i i32) (local $t i32) (local $ri i32) (local $rt i32) (local $j i32) (local $jv i32) (local $l f64) (local $lv v128)
    (local $ldb i32) (local $w i32)
    (local.set $o (i32.shl (local.get $o) (i32.const 3)))
    (local.set $ldb (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $w (i32.shl (i32.sub (local.get $c1) (local.get $c0)) (i32.const 3)))
    (local.set $jv (i32.and (local.get $w) (i32.const -16)))
    (local.set $i (i32.add (local.get $r0) (i32.const 1)))
    (block $idone (loop $il
      (br_if $idone (i32.ge_s (local.get $i) (local.get $r1)))
      (local.set $ri (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ldb))))
      (local.set $t (local.get $r0))
      (block $tdone (loop $tl
        (br_if $tdone (i32.ge_s (local.get $t) (local.get $i)))
        (local.set $l (f64.load (i32.add (local.get $ri) (i32.shl (local.get $t) (i32.const 3)))))
        (if (f64.ne (local.get $l) (f64.const 0))
          (then
            (local.set $lv (f64x2.splat (local.get $l)))
            (local.set $rt (i32.add (i32.add (local.get $o) (i32.mul (local.get $t) (local.get $ldb)))
              (i32.shl (local.get $c0) (i32.const 3))))
            (local.set $ri (i32.add (local.get $ri) (i32.shl (local.get $c0) (i32.const 3))))
            (local.set $j (i32.const 0))
            (block $vdone (loop $vl
              (br_if $vdone (i32.ge_s (local.get $j) (local.get $jv)))
              (v128.store (i32.add (local.get $ri) (local.get $j))
                (f64x2.sub (v128.load (i32.add (local.get $ri) (local.get $j)))
                  (f64x2.mul (local.get $lv) (v128.load (i32.add (local.get $rt) (local.get $j))))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br $vl)))
            (if (i32.lt_s (local.get $j) (local.get $w))
              (then
                (f64.store (i32.add (local.get $ri) (local.get $j))
                  (f64.sub (f64.load (i32.add (local.get $ri) (local.get $j)))
                    (f64.mul (local.get $l) (f64.load (i32.add (local.get $rt) (local.get $j))))))))
            (local.set $ri (i32.sub (local.get $ri) (i32.shl (local.get $c0) (i32.const 3))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tl)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il)))
  )`;
}

/**
 * The triangular solves' unblocked leaves (src/linalg/lu.ts trsmForward, trsmBackward; triangular.ts
 * trsmRightUpper, trsmRightLower), all offsets and strides in doubles, with the JS code's
 * operations in its order: a separate multiply and subtract (no FMA), a zero multiplier skipped,
 * IEEE division, so the wasm and JS solves agree bit for bit. `$axpy` is dst[0..len) -= s·src[0..len)
 * (len in bytes) two doubles at a time.
 */
function solveLeavesWat(): string {
  return `  (func $axpy (param $dst i32) (param $src i32) (param $len i32) (param $s f64)
    (local $j i32) (local $jv i32) (local $sv v128)
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $jv (i32.and (local.get $len) (i32.const -16)))
    (block $vdone (loop $vl
      (br_if $vdone (i32.ge_s (local.get $j) (local.get $jv)))
      (v128.store (i32.add (local.get $dst) (local.get $j))
        (f64x2.sub (v128.load (i32.add (local.get $dst) (local.get $j)))
          (f64x2.mul (local.get $sv) (v128.load (i32.add (local.get $src) (local.get $j))))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $vl)))
    (if (i32.lt_s (local.get $j) (local.get $len))
      (then
        (f64.store (i32.add (local.get $dst) (local.get $j))
          (f64.sub (f64.load (i32.add (local.get $dst) (local.get $j)))
            (f64.mul (local.get $s) (f64.load (i32.add (local.get $src) (local.get $j))))))))
  )
  ;; X rows r0..r1-1, columns 0..cols-1 (X at xo, stride ldx) <- L^-1 X, L unit lower at lo (stride ldl), rows/cols r0..r1-1.
  (func (export "solveLowerLeaf") (param $lo i32) (param $ldl i32) (param $xo i32) (param $ldx i32) (param $r0 i32) (param $r1 i32) (param $cols i32)
    (local $i i32) (local $t i32) (local $l f64) (local $len i32)
    (local.set $len (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $i (i32.add (local.get $r0) (i32.const 1)))
    (block $idone (loop $il
      (br_if $idone (i32.ge_s (local.get $i) (local.get $r1)))
      (local.set $t (local.get $r0))
      (block $tdone (loop $tl
        (br_if $tdone (i32.ge_s (local.get $t) (local.get $i)))
        (local.set $l (f64.load (i32.shl (i32.add (i32.add (local.get $lo) (i32.mul (local.get $i) (local.get $ldl))) (local.get $t)) (i32.const 3))))
        (if (f64.ne (local.get $l) (f64.const 0))
          (then (call $axpy
            (i32.shl (i32.add (local.get $xo) (i32.mul (local.get $i) (local.get $ldx))) (i32.const 3))
            (i32.shl (i32.add (local.get $xo) (i32.mul (local.get $t) (local.get $ldx))) (i32.const 3))
            (local.get $len) (local.get $l))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tl)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il)))
  )
  ;; X rows r0..r1-1, columns 0..cols-1 <- U^-1 X, U upper (with diagonal) at lo, rows/cols r0..r1-1.
  (func (export "solveUpperLeaf") (param $lo i32) (param $ldl i32) (param $xo i32) (param $ldx i32) (param $r0 i32) (param $r1 i32) (param $cols i32)
    (local $i i32) (local $j i32) (local $u f64) (local $len i32) (local $ri i32) (local $c i32) (local $cv i32) (local $dv v128) (local $d f64)
    (local.set $len (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $cv (i32.and (local.get $len) (i32.const -16)))
    (local.set $i (i32.sub (local.get $r1) (i32.const 1)))
    (block $idone (loop $il
      (br_if $idone (i32.lt_s (local.get $i) (local.get $r0)))
      (local.set $ri (i32.shl (i32.add (local.get $xo) (i32.mul (local.get $i) (local.get $ldx))) (i32.const 3)))
      (local.set $j (i32.add (local.get $i) (i32.const 1)))
      (block $jdone (loop $jl
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $r1)))
        (local.set $u (f64.load (i32.shl (i32.add (i32.add (local.get $lo) (i32.mul (local.get $i) (local.get $ldl))) (local.get $j)) (i32.const 3))))
        (if (f64.ne (local.get $u) (f64.const 0))
          (then (call $axpy (local.get $ri)
            (i32.shl (i32.add (local.get $xo) (i32.mul (local.get $j) (local.get $ldx))) (i32.const 3))
            (local.get $len) (local.get $u))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $d (f64.load (i32.shl (i32.add (i32.add (local.get $lo) (i32.mul (local.get $i) (local.get $ldl))) (local.get $i)) (i32.const 3))))
      (local.set $dv (f64x2.splat (local.get $d)))
      (local.set $c (i32.const 0))
      (block $vdone (loop $vl
        (br_if $vdone (i32.ge_s (local.get $c) (local.get $cv)))
        (v128.store (i32.add (local.get $ri) (local.get $c))
          (f64x2.div (v128.load (i32.add (local.get $ri) (local.get $c))) (local.get $dv)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vl)))
      (if (i32.lt_s (local.get $c) (local.get $len))
        (then (f64.store (i32.add (local.get $ri) (local.get $c))
          (f64.div (f64.load (i32.add (local.get $ri) (local.get $c))) (local.get $d)))))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br $il)))
  )
  ;; W rows 0..rows-1 (at wo, stride ldw), columns c0..c1-1 <- W U^-1, U upper at lo (stride ldl).
  (func (export "solveRightUpperLeaf") (param $lo i32) (param $ldl i32) (param $wo i32) (param $ldw i32) (param $rows i32) (param $c0 i32) (param $c1 i32)
    (local $r i32) (local $j i32) (local $o i32) (local $uj i32) (local $v f64) (local $p i32)
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $o (i32.add (local.get $wo) (i32.mul (local.get $r) (local.get $ldw))))
      (local.set $j (local.get $c0))
      (block $jdone (loop $jl
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $c1)))
        (local.set $uj (i32.add (local.get $lo) (i32.mul (local.get $j) (local.get $ldl))))
        (local.set $p (i32.shl (i32.add (local.get $o) (local.get $j)) (i32.const 3)))
        (local.set $v (f64.div (f64.load (local.get $p))
          (f64.load (i32.shl (i32.add (local.get $uj) (local.get $j)) (i32.const 3)))))
        (f64.store (local.get $p) (local.get $v))
        (if (f64.ne (local.get $v) (f64.const 0))
          (then (call $axpy (i32.add (local.get $p) (i32.const 8))
            (i32.shl (i32.add (i32.add (local.get $uj) (local.get $j)) (i32.const 1)) (i32.const 3))
            (i32.shl (i32.sub (i32.sub (local.get $c1) (local.get $j)) (i32.const 1)) (i32.const 3))
            (local.get $v))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rl)))
  )
  ;; W rows 0..rows-1, columns c0..c1-1 <- W L^-1, L unit lower at lo (stride ldl).
  (func (export "solveRightLowerLeaf") (param $lo i32) (param $ldl i32) (param $wo i32) (param $ldw i32) (param $rows i32) (param $c0 i32) (param $c1 i32)
    (local $r i32) (local $i i32) (local $o i32) (local $v f64)
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $o (i32.add (local.get $wo) (i32.mul (local.get $r) (local.get $ldw))))
      (local.set $i (i32.sub (local.get $c1) (i32.const 1)))
      (block $idone (loop $il
        (br_if $idone (i32.le_s (local.get $i) (local.get $c0)))
        (local.set $v (f64.load (i32.shl (i32.add (local.get $o) (local.get $i)) (i32.const 3))))
        (if (f64.ne (local.get $v) (f64.const 0))
          (then (call $axpy
            (i32.shl (i32.add (local.get $o) (local.get $c0)) (i32.const 3))
            (i32.shl (i32.add (i32.add (local.get $lo) (i32.mul (local.get $i) (local.get $ldl))) (local.get $c0)) (i32.const 3))
            (i32.shl (i32.sub (local.get $i) (local.get $c0)) (i32.const 3))
            (local.get $v))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rl)))
  )`;
}

/**
 * In place on the n × n block at o (holding Z): x_ij ← −z_ij·s_j, then +1 on the diagonal, i.e.
 * I − Z·diag(s); adds a_ij = z_ij·s_j into colSum[j] (n doubles at cs). s at so (n doubles).
 */
function identityMinusScaledWat(): string {
  return `  (func (export "identityMinusScaled") (param $o i32) (param $n i32) (param $so i32) (param $cs i32)
    (local $i i32) (local $j i32) (local $row i32) (local $nb i32) (local $vend i32) (local $a v128)
    (local $x f64) (local $p i32)
    (local.set $o (i32.shl (local.get $o) (i32.const 3)))
    (local.set $so (i32.shl (local.get $so) (i32.const 3)))
    (local.set $cs (i32.shl (local.get $cs) (i32.const 3)))
    (local.set $nb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (block $idone (loop $il
      (br_if $idone (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $row (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $nb))))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vl
        (br_if $vdone (i32.ge_s (local.get $j) (local.get $vend)))
        (local.set $a (f64x2.mul (v128.load (i32.add (local.get $row) (local.get $j)))
          (v128.load (i32.add (local.get $so) (local.get $j)))))
        (v128.store (i32.add (local.get $row) (local.get $j)) (f64x2.neg (local.get $a)))
        (v128.store (i32.add (local.get $cs) (local.get $j))
          (f64x2.add (v128.load (i32.add (local.get $cs) (local.get $j))) (local.get $a)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $vl)))
      (if (i32.lt_s (local.get $j) (local.get $nb))
        (then
          (local.set $x (f64.mul (f64.load (i32.add (local.get $row) (local.get $j)))
            (f64.load (i32.add (local.get $so) (local.get $j)))))
          (f64.store (i32.add (local.get $row) (local.get $j)) (f64.neg (local.get $x)))
          (f64.store (i32.add (local.get $cs) (local.get $j))
            (f64.add (f64.load (i32.add (local.get $cs) (local.get $j))) (local.get $x)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il)))
    (local.set $i (i32.const 0))
    (block $ddone (loop $dl
      (br_if $ddone (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $p (i32.add (local.get $o) (i32.mul (local.get $i) (i32.add (local.get $nb) (i32.const 8)))))
      (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $dl)))
  )`;
}

/** Copies a rows × cols block (offsets and strides in doubles) row by row with memory.copy. */
function copyBlockWat(): string {
  return `  (func (export "copyBlock") (param $src i32) (param $lds i32) (param $dst i32) (param $ldd i32) (param $rows i32) (param $cols i32)
    (local $i i32) (local $len i32)
    (local.set $len (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $src (i32.shl (local.get $src) (i32.const 3)))
    (local.set $dst (i32.shl (local.get $dst) (i32.const 3)))
    (local.set $lds (i32.shl (local.get $lds) (i32.const 3)))
    (local.set $ldd (i32.shl (local.get $ldd) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
      (memory.copy (local.get $dst) (local.get $src) (local.get $len))
      (local.set $src (i32.add (local.get $src) (local.get $lds)))
      (local.set $dst (i32.add (local.get $dst) (local.get $ldd)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
  )`;
}

/**
 * max |x| over `count` doubles at offset o (in doubles). wasm's f64 max propagates NaN and |±Inf|
 * is Inf, so the result is non-finite exactly when some entry is NaN or ±Inf. Byte addresses are
 * compared unsigned (heaps past 2 GiB).
 */
function maxAbsWat(): string {
  return `  (func (export "maxAbs") (param $o i32) (param $count i32) (result f64)
    (local $p i32) (local $end i32) (local $m0 v128) (local $m1 v128) (local $s f64)
    (local.set $p (i32.shl (local.get $o) (i32.const 3)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 3))))
    (block $vdone (loop $vl
      (br_if $vdone (i32.gt_u (i32.add (local.get $p) (i32.const 32)) (local.get $end)))
      (local.set $m0 (f64x2.max (local.get $m0) (f64x2.abs (v128.load (local.get $p)))))
      (local.set $m1 (f64x2.max (local.get $m1) (f64x2.abs (v128.load offset=16 (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 32)))
      (br $vl)))
    (local.set $m0 (f64x2.max (local.get $m0) (local.get $m1)))
    (local.set $s (f64.max (f64x2.extract_lane 0 (local.get $m0)) (f64x2.extract_lane 1 (local.get $m0))))
    (block $sdone (loop $sl
      (br_if $sdone (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $s (f64.max (local.get $s) (f64.abs (f64.load (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $sl)))
    (local.get $s)
  )`;
}

/**
 * Unblocked partial-pivoting elimination of columns j0..j1-1 on rows j0..rows-1 of a row-major
 * block (stride ld; offsets in doubles), updating columns < j1 and swapping rows across all ld
 * columns; same operations in the same order as panelSteps in src/linalg/lu.ts. Pivot rows go
 * to f64 slots at pivOut; returns the column whose pivot fails the threshold, else -1.
 */
function panelWat(): string {
  return `  (func (export "panelSteps") (param $o i32) (param $ld i32) (param $rows i32) (param $j0 i32) (param $j1 i32)
        (param $thresh f64) (param $pivOut i32) (result i32)
    (local $k i32) (local $p i32) (local $i i32) (local $q i32) (local $best f64) (local $v f64) (local $rk i32)
    (local $rp i32) (local $ri i32) (local $j i32) (local $ldb i32) (local $ldv i32) (local $t v128) (local $piv f64)
    (local $l f64) (local $ts f64)
    (local.set $o (i32.shl (local.get $o) (i32.const 3)))
    (local.set $ldb (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $ldv (i32.and (local.get $ldb) (i32.const -16)))
    (local.set $pivOut (i32.shl (local.get $pivOut) (i32.const 3)))
    (local.set $k (local.get $j0))
    (block $kdone (loop $kl
      (br_if $kdone (i32.ge_s (local.get $k) (local.get $j1)))
      (local.set $rk (i32.add (local.get $o) (i32.mul (local.get $k) (local.get $ldb))))
      (local.set $p (local.get $k))
      (local.set $best (f64.abs (f64.load (i32.add (local.get $rk) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $i (i32.add (local.get $k) (i32.const 1)))
      (local.set $q (i32.add (i32.add (local.get $rk) (local.get $ldb)) (i32.shl (local.get $k) (i32.const 3))))
      (block $sdone (loop $sl
        (br_if $sdone (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $v (f64.abs (f64.load (local.get $q))))
        (if (f64.gt (local.get $v) (local.get $best))
          (then (local.set $best (local.get $v)) (local.set $p (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $q (i32.add (local.get $q) (local.get $ldb)))
        (br $sl)))
      (if (i32.eqz (f64.gt (local.get $best) (local.get $thresh))) (then (return (local.get $k))))
      (if (f64.eq (local.get $best) (f64.const 0)) (then (return (local.get $k))))
      (f64.store (i32.add (local.get $pivOut) (i32.shl (i32.sub (local.get $k) (local.get $j0)) (i32.const 3)))
        (f64.convert_i32_s (local.get $p)))
      (if (i32.ne (local.get $p) (local.get $k))
        (then
          (local.set $rp (i32.add (local.get $o) (i32.mul (local.get $p) (local.get $ldb))))
          (local.set $j (i32.const 0))
          (block $wdone (loop $wl
            (br_if $wdone (i32.ge_s (local.get $j) (local.get $ldv)))
            (local.set $t (v128.load (i32.add (local.get $rk) (local.get $j))))
            (v128.store (i32.add (local.get $rk) (local.get $j)) (v128.load (i32.add (local.get $rp) (local.get $j))))
            (v128.store (i32.add (local.get $rp) (local.get $j)) (local.get $t))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $wl)))
          (if (i32.lt_s (local.get $j) (local.get $ldb))
            (then
              (local.set $ts (f64.load (i32.add (local.get $rk) (local.get $j))))
              (f64.store (i32.add (local.get $rk) (local.get $j)) (f64.load (i32.add (local.get $rp) (local.get $j))))
              (f64.store (i32.add (local.get $rp) (local.get $j)) (local.get $ts))))))
      (local.set $piv (f64.load (i32.add (local.get $rk) (i32.shl (local.get $k) (i32.const 3)))))
      (local.set $i (i32.add (local.get $k) (i32.const 1)))
      (local.set $ri (i32.add (local.get $rk) (local.get $ldb)))
      (block $udone (loop $ul
        (br_if $udone (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $q (i32.add (local.get $ri) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $l (f64.div (f64.load (local.get $q)) (local.get $piv)))
        (f64.store (local.get $q) (local.get $l))
        (if (f64.ne (local.get $l) (f64.const 0))
          (then
            (local.set $j (i32.add (local.get $k) (i32.const 1)))
            (block $jdone (loop $jl
              (br_if $jdone (i32.ge_s (local.get $j) (local.get $j1)))
              (local.set $q (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))))
              (f64.store (local.get $q) (f64.sub (f64.load (local.get $q))
                (f64.mul (local.get $l) (f64.load (i32.add (local.get $rk) (i32.shl (local.get $j) (i32.const 3)))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $jl)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $ri (i32.add (local.get $ri) (local.get $ldb)))
        (br $ul)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $kl)))
    (i32.const -1)
  )`;
}

export function gemmWat(fma: boolean, shared: boolean, mr = MR, nr = NR, ku = KU): string {
  return `;; GENERATED by scripts/wasm/build-gemm.ts — do not edit by hand.
;; Packed GEMM update C -= A.B, f64x2 SIMD micro-kernel ${mr}x${nr}; the host creates and grows the memory
;; (shared when a worker thread computes half of each update).
(module
  (import "env" "memory" (memory 64 65536${shared ? ' shared' : ''}))
${kernelWat(mr, nr, ku, fma)}
${macroWat(mr, nr)}
${packWat(mr, nr)}
${trsmWat()}
${solveLeavesWat()}
${maxAbsWat()}
${copyBlockWat()}
${identityMinusScaledWat()}
${panelWat()}
)
`;
}

export async function compileGemm(
  fma: boolean,
  shared: boolean,
  mr = MR,
  nr = NR,
  ku = KU,
): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const features = { threads: shared, simd: true, bulk_memory: true, relaxed_simd: fma };
  const mod = wabt.parseWat('gemm.wat', gemmWat(fma, shared, mr, nr, ku), features);
  // wabt's typings omit validate's feature argument; without it shared memory fails validation.
  (mod as unknown as { validate(f: object): void }).validate(features);
  const { buffer } = mod.toBinary({});
  mod.destroy();
  return new Uint8Array(buffer);
}

async function main(): Promise<void> {
  const dir = fileURLToPath(new URL('../../src/linalg/wasm/', import.meta.url));
  const parts: string[] = [];
  for (const v of VARIANTS) {
    const fields: string[] = [];
    for (const shared of [false, true]) {
      const file = `${v.file}${shared ? 'Shared' : ''}`;
      const bytes = await compileGemm(v.fma, shared, v.mr, v.nr, v.ku);
      writeFileSync(`${dir}${file}.wat`, gemmWat(v.fma, shared, v.mr, v.nr, v.ku));
      writeFileSync(`${dir}${file}.wasm`, bytes);
      fields.push(`  ${shared ? 'shared' : 'plain'}:\n    '${Buffer.from(bytes).toString('base64')}',\n`);
      console.log(`${file}.wasm: ${bytes.length} bytes (MR=${v.mr}, NR=${v.nr}, KU=${v.ku})`);
    }
    parts.push(
      `/** ${v.file}.wat / ${v.file}Shared.wat: ${v.fma ? 'relaxed-SIMD FMA' : 'SIMD128 mul+add'} micro-kernel ${v.mr}×${v.nr}. */\n` +
        `export const ${v.name} = {\n  mr: ${v.mr},\n  nr: ${v.nr},\n${fields.join('')}};\n`,
    );
  }
  writeFileSync(
    `${dir}gemmBytes.ts`,
    `// GENERATED by scripts/wasm/build-gemm.ts — do not edit by hand.\n${parts.join('')}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
