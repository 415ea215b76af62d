// The one number syntax of every text input (src/io/decimalNumber.ts) against its definition:
// decimal notation reads as JavaScript reads the same literal; nothing else reads at all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalAt, parseDecimal, parseDecimalBytes, whyNotDecimal } from '../../src/io/decimalNumber.ts';
import { InputError } from '../../src/io/inputError.ts';
import { longDecimalQuotient } from '../../src/io/longDecimal.ts';

describe('parseDecimal', () => {
  it.each([
    ['12', 12],
    ['-0.5', -0.5],
    ['+4E6', 4e6],
    ['.5', 0.5],
    ['3.', 3],
    ['1.2e-3', 0.0012],
    ['007', 7],
    [' 40\t', 40],
    ['1e-400', 0], // underflows to zero: still decimal notation, and a double
    ['23697.221000000001', 23697.221000000001],
  ])('reads %j as %d', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['0x14', 'hexadecimal'],
    ['0b101', 'binary'],
    ['0o17', 'octal'],
    ['Infinity', 'not a finite number'],
    ['-inf', 'not a finite number'],
    ['NaN', 'not a finite number'],
    ['1_000', "'_'"],
    ['1,5', 'comma'],
    ['1,234.5', 'comma'],
    ['1 000', 'spaces inside'],
    ['1e999', 'range of a double'],
    ['12abc', 'not a decimal number'],
    ['.', 'not a decimal number'],
    ['1e', 'not a decimal number'],
    ['e5', 'not a decimal number'],
    ['--1', 'not a decimal number'],
    ['١٢', 'not a decimal number'], // Arabic-Indic digits
    ['１２', 'not a decimal number'], // full-width digits
    ['12\n', 'spaces inside'], // a line break is not padding
  ])('refuses %j (%s)', (text, why) => {
    expect(parseDecimal(text)).toBeUndefined();
    expect(whyNotDecimal(text)).toContain(why);
  });

  it('agrees with Number() on every decimal literal, and with the shortest round-trip form of any double', () => {
    const literal = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        fc.stringMatching(/^\d{0,12}$/),
        fc.option(fc.stringMatching(/^\d{0,8}$/)),
        fc.option(
          fc.tuple(
            fc.constantFrom('e', 'E'),
            fc.constantFrom('', '+', '-'),
            fc.integer({ min: 0, max: 330 }),
          ),
        ),
      )
      .filter(([, int, frac]) => int !== '' || (frac !== null && frac !== ''))
      .map(
        ([sign, int, frac, exp]) =>
          `${sign}${int}${frac !== null ? `.${frac}` : ''}${exp ? `${exp[0]}${exp[1]}${exp[2]}` : ''}`,
      );
    fc.assert(
      fc.property(literal, (s) => {
        const v = Number(s);
        expect(parseDecimal(s)).toBe(Number.isFinite(v) ? v : undefined);
      }),
      { numRuns: 2000, seed: 13 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseDecimal(String(x)) === x).toBe(true); // -0 prints as '0': === on purpose
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('never reads what Number() would read differently from its decimal meaning', () => {
    // Any string: either refused, or its value is exactly Number(trimmed) and it is decimal text.
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789+-.eExXob_, \tIinfatyN'.split('')) }),
        (s) => {
          const v = parseDecimal(s);
          if (v !== undefined) {
            expect(/^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/.test(s)).toBe(true);
            expect(v).toBe(Number(s.trim()));
          }
        },
      ),
      { numRuns: 3000, seed: 15 },
    );
  });
});

describe('decimalAt', () => {
  it('names file, row, column, the offending text (clipped) and what was expected', () => {
    const err = (() => {
      try {
        decimalAt('0x14', 'Z.txt', 4, 3);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err!.message).toBe(
      "Z.txt (row 4, column 3): '0x14' is not a decimal number (in hexadecimal, octal or binary notation); expected a decimal number (e.g. 12, -0.5, 1.2e-3)",
    );
    expect(() => decimalAt('', 'a.csv', 2, 'value')).toThrow(/a\.csv \(row 2, column value\): empty value/);
    const long = `${'9'.repeat(5_000_000)}x`;
    const m = (() => {
      try {
        decimalAt(long, 'a.csv', 2, 'value');
      } catch (e) {
        return (e as Error).message;
      }
    })()!;
    expect(m.length).toBeLessThan(300);
    expect(m).toContain('…(5000001 bytes)');
  });
});

describe('parseDecimalBytes (the readers parse numbers from bytes)', () => {
  /** parseDecimalBytes on the UTF-8 bytes of `s`, placed inside other bytes so that it must respect the bounds. */
  const fromBytes = (s: string) => {
    const b = Buffer.from(`7${s}9`, 'utf8');
    return parseDecimalBytes(b, 1, b.length - 1);
  };
  /** Same answer as parseDecimal, with NaN for "not a number" and -0 kept. */
  const agrees = (s: string) => Object.is(fromBytes(s), parseDecimal(s) ?? Number.NaN);

  it('accepts and refuses exactly what parseDecimal does, on decimal literals of every length', () => {
    const literal = fc
      .tuple(
        fc.constantFrom('', '+', '-', ' ', '\t'),
        fc.stringMatching(/^\d{0,22}$/),
        fc.option(fc.stringMatching(/^\d{0,22}$/)),
        fc.option(
          fc.tuple(
            fc.constantFrom('e', 'E'),
            fc.constantFrom('', '+', '-'),
            fc.integer({ min: 0, max: 400 }),
          ),
        ),
        fc.constantFrom('', ' ', '\t '),
      )
      .map(
        ([sign, int, frac, exp, pad]) =>
          `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}${pad}`,
      );
    fc.assert(
      fc.property(literal, (s) => agrees(s)),
      { numRuns: 3000 },
    );
  });

  it('agrees on arbitrary text of number-like characters and on any text at all', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789+-.eExXob_, \tIinfatyN'.split('')) }),
        (s) => agrees(s),
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => agrees(s)),
      { numRuns: 1000 },
    );
  });

  it('reads the shortest round-trip text of any double back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) =>
        Object.is(fromBytes(Object.is(x, -0) ? '-0' : String(x)), x),
      ),
      { numRuns: 3000 },
    );
  });

  it('converts exactly on both sides of the 2^53 mantissa bound of the allocation-free path', () => {
    // 2^53 = 9007199254740992: below it the mantissa is exact and one division rounds correctly;
    // at and above it the text goes to Number(). Each is checked against Number() of the text.
    for (const m of ['9007199254740991', '9007199254740992', '9007199254740993', '9999999999999999'])
      for (let point = 0; point <= m.length; point++)
        for (const exp of ['', 'e-22', 'e-7', 'e5', 'e22', 'e23', 'e-23']) {
          const s = `${m.slice(0, point)}.${m.slice(point)}${exp}`;
          expect(agrees(s), s).toBe(true);
          expect(agrees(`-000${s}`), s).toBe(true);
        }
    expect(Object.is(fromBytes(`${'0'.repeat(40)}.${'0'.repeat(30)}e500`), 0)).toBe(true);
    expect(Object.is(fromBytes('-0.000e-30'), -0)).toBe(true);
    expect(fromBytes(`${'0'.repeat(30)}12.5`)).toBe(12.5);
  });

  it('reads 16- and 17-digit shortest decimals (what pymrio and pandas write) exactly, from a Buffer or a plain Uint8Array', () => {
    const table = fc.oneof(
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: 1e-12, max: 1e-3, noNaN: true }),
    );
    fc.assert(
      fc.property(table, (x) => {
        const s = Object.is(x, -0) ? '-0' : String(x);
        const u = new Uint8Array(s.length + 4);
        u.set(Buffer.from(`\t${s}\t`, 'latin1'), 1);
        return Object.is(parseDecimalBytes(u, 2, 2 + s.length), x) && Object.is(fromBytes(s), x);
      }),
      { numRuns: 20000, seed: 21 },
    );
  });
});

describe('longDecimalQuotient (16–19 significant digits without a string)', () => {
  /** Digits of x's exact neighbour midpoint (x + nextUp(x)) / 2, truncated to n significant digits, and its decimal exponent. */
  const midpointDigits = (x: number, n: number): { digits: string; exp10: number } => {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, x);
    const bits = dv.getBigUint64(0);
    const biased = Number((bits >> 52n) & 0x7ffn);
    const m = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
    const e2 = biased - 1075 - 1; // x = m·2^(biased−1075); midpoint = (2m+1)·2^e2
    let num = 2n * m + 1n;
    let den = 1n;
    if (e2 >= 0) num <<= BigInt(e2);
    else den <<= BigInt(-e2);
    let d10 = Math.floor(Math.log10(x));
    for (;;) {
      const a = n - 1 - d10;
      const q = a >= 0 ? (num * 10n ** BigInt(a)) / den : num / (den * 10n ** BigInt(-a));
      const s = q.toString();
      if (s.length === n) return { digits: s, exp10: d10 };
      d10 += s.length > n ? 1 : -1;
    }
  };

  it('agrees with Number() next to half-way points between doubles, where one rounding decides', () => {
    let fast = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e12, noNaN: true }),
        fc.integer({ min: 16, max: 19 }),
        fc.integer({ min: -3, max: 3 }),
        (x, n, nudge) => {
          const { digits, exp10 } = midpointDigits(x, n);
          // The truncated midpoint and its neighbours in the last digit, in positional notation.
          const last = BigInt(digits) + BigInt(nudge);
          const d = last.toString();
          const point = d.length - (n - 1 - exp10); // digits before the point
          const s =
            point <= 0
              ? `0.${'0'.repeat(-point)}${d}`
              : point >= d.length
                ? `${d}${'0'.repeat(point - d.length)}`
                : `${d.slice(0, point)}.${d.slice(point)}`;
          const b = Buffer.from(s, 'latin1');
          const v = parseDecimalBytes(b, 0, b.length);
          expect(Object.is(v, Number(s)), s).toBe(true);
          const frac = s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
          const q = longDecimalQuotient(b, 0, b.length, frac);
          total++;
          if (!Number.isNaN(q)) {
            fast++;
            expect(q, s).toBe(Number(s));
          }
        },
      ),
      { numRuns: 20000, seed: 41 },
    );
    expect(fast).toBeGreaterThan(0);
    expect(total).toBe(20000);
  });

  it('decides nearly every shortest round-trip decimal itself, always correctly', () => {
    let fast = 0;
    let long = 0;
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1e15, noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = x.toFixed(Math.max(0, Math.min(22, 16 - Math.floor(Math.log10(x))))).replace(/0+$/, '');
        const r = String(x);
        for (const text of [r, s]) {
          if (text.includes('e')) continue;
          const b = Buffer.from(text, 'latin1');
          const frac = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
          const digits = text.replace('.', '').replace(/^0+/, '').length;
          if (digits < 16 || digits > 19 || frac > 22) continue;
          long++;
          const q = longDecimalQuotient(b, 0, b.length, frac);
          if (!Number.isNaN(q)) fast++;
          expect(Object.is(parseDecimalBytes(b, 0, b.length), Number(text)), text).toBe(true);
          if (!Number.isNaN(q)) expect(q, text).toBe(Number(text));
        }
      }),
      { numRuns: 20000, seed: 42 },
    );
    expect(long).toBeGreaterThan(10000);
    expect(fast / long).toBeGreaterThan(0.99);
  });

  it('reads random 16–19 digit decimals with any point position and exponent as Number() does', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{15,18}$/),
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: -30, max: 30 }),
        fc.constantFrom('', '-', '+'),
        (digits, point, exp, sign) => {
          const p = Math.min(point, digits.length);
          const s = `${sign}${digits.slice(0, p)}.${digits.slice(p)}${exp === 0 ? '' : `e${exp}`}`;
          const b = Buffer.from(s, 'latin1');
          return Object.is(parseDecimalBytes(b, 0, b.length), Number(s));
        },
      ),
      { numRuns: 20000, seed: 43 },
    );
  });
});
