import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalKernel, MAX_DECIMAL_BYTES, shortestDecimal } from '../../src/io/shortestDecimal.ts';

// The kernel must print exactly what ECMA-262 Number::toString prints (V8's String(x) is the
// independent reference), and that text must read back as the same double.
const same = (v: number) => {
  const s = shortestDecimal(v);
  expect(s).toBe(String(v));
  if (Number.isFinite(v)) expect(Object.is(Number(s), v === 0 ? 0 : v)).toBe(true);
};

const fromBits = (hi: number, lo: number) => {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  u[0] = lo;
  u[1] = hi;
  return f[0];
};

describe('shortest decimal kernel (src/io/shortestDecimal.ts)', () => {
  it('equals String(x) and round-trips for random doubles (any bit pattern)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (v) => same(v)),
      { numRuns: 100_000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (hi, lo) => same(fromBits(hi, lo)),
      ),
      { numRuns: 100_000 },
    );
  });

  it('subnormals, the smallest and largest doubles, integers around 2^53 and 1e21', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xfffff }), fc.integer({ min: 0, max: 0xffffffff }), (hi, lo) => {
        same(fromBits(hi, lo));
        same(-fromBits(hi, lo));
      }),
      { numRuns: 100_000 },
    );
    for (let i = 0; i < 2000; i++) same(fromBits(0, i));
    for (const v of [
      0,
      -0,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      2 ** -1022,
      2 ** 53,
      2 ** 53 + 2,
      1e21,
      1e21 - 65536,
      1e-7,
      1e-6,
      0.1,
      0.3,
    ])
      same(v);
    expect(shortestDecimal(Number.NaN)).toBe('NaN');
    expect(shortestDecimal(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
  });

  it('powers of ten and of two with their neighbours (the c = 2^52 boundary)', () => {
    for (let e = -324; e <= 308; e++) {
      const v = Number(`1e${e}`);
      for (const w of [v, v * (1 + 2 ** -52), v * (1 - 2 ** -53)]) {
        same(w);
        same(-w);
      }
    }
    for (let e = -1074; e <= 1023; e++) {
      same(2 ** e);
      same(2 ** e * (1 + 2 ** -52));
    }
  });

  it('money-like and integer values written back to back into the kernel memory', () => {
    const k = decimalKernel(1 << 16);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer().map((i) => i / 100),
            fc.maxSafeInteger(),
            fc.double({ noDefaultInfinity: true, noNaN: true }),
          ),
          { maxLength: 200 },
        ),
        (xs) => {
          let p = k.outputStart;
          for (const x of xs) {
            const end = k.write(x, p);
            expect(end - p).toBeLessThanOrEqual(MAX_DECIMAL_BYTES);
            k.bytes[end] = 44;
            p = end + 1;
          }
          const text = Buffer.from(k.bytes.subarray(k.outputStart, p)).toString('latin1');
          expect(text).toBe(xs.map((x) => `${String(x)},`).join(''));
        },
      ),
    );
  });
});
