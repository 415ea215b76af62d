/**
 * Generates the WebAssembly SIMD GEMM kernel used by src/linalg/gemm.ts:
 *   src/linalg/wasm/gemm.wat      readable text (generated, committed)
 *   src/linalg/wasm/gemm.wasm     binary (committed, for inspection / other loaders)
 *   src/linalg/wasm/gemmBytes.ts  the same bytes as base64, so loading needs no file access
 * Run: npx tsx scripts/wasm/build-gemm.ts   (needs the dev dependency `wabt`; runtime does not)
 *
 * The micro-kernel computes C[MR×NR] -= Σ_p a_p ⊗ b_p over packed panels with f64x2 mul then add
 * (no FMA), in the same order as the JS fallback, so both paths round identically.
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
  locals.push('(local $p i32)');
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
  // Main loop unrolled KU times, then the remaining k mod KU steps one at a time.
  L.push(`    (block $ud (loop $ul`);
  L.push(`      (br_if $ud (i32.lt_s (local.get $k) (i32.const ${ku})))`);
  for (let u = 0; u < ku; u++) step(u, '      ');
  L.push(`      (local.set $pa (i32.add (local.get $pa) (i32.const ${ku * mr * 8})))`);
  L.push(`      (local.set $pb (i32.add (local.get $pb) (i32.const ${ku * nr * 8})))`);
  L.push(`      (local.set $k (i32.sub (local.get $k) (i32.const ${ku})))`);
  L.push('      (br $ul)))');
  if (ku > 1) {
    L.push('    (block $rd (loop $rl');
    L.push('      (br_if $rd (i32.le_s (local.get $k) (i32.const 0)))');
    step(0, '      ');
    L.push(`      (local.set $pa (i32.add (local.get $pa) (i32.const ${mr * 8})))`);
    L.push(`      (local.set $pb (i32.add (local.get $pb) (i32.const ${nr * 8})))`);
    L.push('      (local.set $k (i32.sub (local.get $k) (i32.const 1)))');
    L.push('      (br $rl)))');
  }
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
    (local.set $pbj (local.get $pb))
    (block $jdone (loop $jl
      (br_if $jdone (i32.ge_s (local.get $jr) (local.get $nc)))
      (local.set $nr (i32.sub (local.get $nc) (local.get $jr)))
      (if (i32.gt_s (local.get $nr) (i32.const ${nr})) (then (local.set $nr (i32.const ${nr}))))
      (local.set $ir (i32.const 0))
      (local.set $pai (local.get $pa))
      (block $idone (loop $il
        (br_if $idone (i32.ge_s (local.get $ir) (local.get $mc)))
        (local.set $mr (i32.sub (local.get $mc) (local.get $ir)))
        (if (i32.gt_s (local.get $mr) (i32.const ${mr})) (then (local.set $mr (i32.const ${mr}))))
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
        (local.set $ir (i32.add (local.get $ir) (i32.const ${mr})))
        (local.set $pai (i32.add (local.get $pai) (i32.mul (local.get $kc) (i32.const ${mr * 8}))))
        (br $il)))
      (local.set $jr (i32.add (local.get $jr) (i32.const ${nr})))
      (local.set $pbj (i32.add (local.get $pbj) (i32.mul (local.get $kc) (i32.const ${nr * 8}))))
      (br $jl)))
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
