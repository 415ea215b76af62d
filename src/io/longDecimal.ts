// Correctly rounded value of a decimal with 16–19 significant digits and a fraction of up to 22
// digits (M / 10^j, 2^53 ≤ M < 10^19, 0 ≤ j ≤ 22), without building a string: what pandas and
// pymrio write for most cells (shortest round-trip decimals of 16–17 digits). M is held exactly
// as a sum of two doubles, the quotient is refined once from the exact remainder M − c·10^j
// (Dekker's product and Knuth's sum are error-free in binary64, Sterbenz's lemma makes the
// cancellation exact), and c is returned only when that remainder proves it is the nearest
// double with a wide margin. Otherwise NaN: the caller falls back to Number() of the text.

const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's split of a double into two 26-bit halves
const TWO25 = 2 ** 25;
const MARGIN = 1 - 2 ** -20; // far above the ~2^-50 relative error of the computed remainder

// Bits of a double, to find the power of two below c (its ulp and the gap to its lower neighbour).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word second

let productError = 0;
/** a·b rounded; the exact rounding error is left in productError (Dekker 1971). */
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  productError = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/**
 * The double nearest M / 10^j for the unsigned digits in bytes[first, e) (sign, '.', and an
 * exponent part ignored: the caller passes j, the fraction digits net of the exponent), or NaN
 * when it cannot be decided quickly (more than 19 significant digits, or a quotient within 2^-20
 * of a half-way point between two doubles).
 */
export function longDecimalQuotient(bytes: Uint8Array, first: number, e: number, j: number): number {
  // M = hi·10^nlo + lo: hi the first 15 significant digits (< 2^50), lo the remaining ≤ 4.
  let hi = 0;
  let lo = 0;
  let nlo = 0;
  let significant = 0;
  for (let i = first; i < e; i++) {
    const c = bytes[i];
    if (c === 0x65 || c === 0x45) break;
    if (c < 0x30 || c > 0x39) continue; // sign or point
    const d = c - 0x30;
    if (significant === 0 && d === 0) continue;
    if (significant < 15) hi = hi * 10 + d;
    else {
      lo = lo * 10 + d;
      nlo++;
    }
    significant++;
  }
  if (nlo > 4 || j < 0 || j > 22) return Number.NaN;
  const p10 = POW10[nlo];
  const hh = Math.floor(hi / TWO25);
  const hl = hi - hh * TWO25;
  const a = hh * p10 * TWO25; // < 2^64 with 39 significant bits: exact
  const b = hl * p10 + lo; // < 2^40: exact
  // M = s + t exactly (Knuth's two-sum).
  const s = a + b;
  const bv = s - a;
  const t = a - (s - bv) + (b - bv);
  const P = POW10[j];
  const c0 = s / P;
  // R = M − c0·P; s − ph is exact (Sterbenz: ph and s agree to ~2^-51).
  let ph = twoProduct(c0, P);
  const r0 = s - ph + t - productError;
  const c = c0 + r0 / P;
  ph = twoProduct(c, P);
  const r = s - ph + t - productError;
  // Half the gaps to c's neighbours: ulp/2 above; below too, unless c is a power of two.
  f64[0] = c;
  u32[HI] &= 0x7ff00000;
  u32[1 - HI] = 0;
  const pow2 = f64[0];
  const halfUlp = pow2 * 2 ** -53;
  const halfGap = r >= 0 || c !== pow2 ? halfUlp : halfUlp / 2;
  return Math.abs(r) < halfGap * P * MARGIN ? c : Number.NaN;
}
