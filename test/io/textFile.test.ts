// Strict UTF-8 with located errors, the end-of-file rule and the shared CSV rules (src/io/textFile.ts,
// src/io/csvFile.ts), checked against the platform's own fatal decoder and hand-made files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/io/csvFile.ts';
import { InputError } from '../../src/io/inputError.ts';
import { decodeUtf8, firstInvalidUtf8, locateByte, requireFinalLineBreak } from '../../src/io/textFile.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const fatal = (b: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};
function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('no error');
}

describe('firstInvalidUtf8', () => {
  it.each([
    ['Latin-1 é before ASCII', [0x41, 0xe9, 0x42], 1],
    ['lone continuation byte', [0x80], 0],
    ['overlong slash', [0x2f, 0xc0, 0xaf], 1],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['sequence cut by the end', [0x61, 0xe4, 0xb8], 1],
    ['GBK 中 (D6 D0)', [0xd6, 0xd0], 0],
  ])('%s', (_what, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });

  it('agrees with the fatal TextDecoder on arbitrary bytes, and the prefix before the offset decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const at = firstInvalidUtf8(b);
        expect(at < 0).toBe(fatal(b));
        if (at >= 0) expect(fatal(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: 5000, seed: 7 },
    );
    // Valid text with one byte spliced in: located within the code point around the splice.
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.nat(),
        fc.integer({ min: 0x80, max: 0xff }),
        (s, k, byte) => {
          const b = enc(s);
          const pos = b.length === 0 ? 0 : k % (b.length + 1);
          const spliced = Uint8Array.from([...b.subarray(0, pos), byte, ...b.subarray(pos)]);
          const at = firstInvalidUtf8(spliced);
          expect(at < 0).toBe(fatal(spliced));
          if (at >= 0) {
            expect(at).toBeGreaterThanOrEqual(pos - 3);
            expect(at).toBeLessThanOrEqual(pos + 3);
          }
        },
      ),
      { numRuns: 3000, seed: 8 },
    );
  });
});

describe('decodeUtf8 / locateByte', () => {
  it('names the byte, its offset, row and CSV column (by header name)', () => {
    const bytes = Uint8Array.from([...enc('region,pm25\nBeijing,58.3\nT'), 0xe9, ...enc('bet,12\n')]);
    const e = errorOf(() => decodeUtf8(bytes, 'pm.csv', ','));
    expect(e.row).toBe(3);
    expect(e.column).toBe('region');
    expect(e.message).toContain(
      'pm.csv (row 3, column region): byte 0xE9 at byte offset 26 is not valid UTF-8',
    );
    expect(locateByte(bytes, 26, ',')).toEqual({ row: 3, column: 1, columnName: 'region' });
  });

  it('counts fields outside quotes only, and gives the byte column without a delimiter', () => {
    const bytes = enc('a,b,c\n"x,y",z,w\n');
    expect(locateByte(bytes, 14, ',')).toMatchObject({ row: 2, column: 3, columnName: 'c' });
    expect(locateByte(bytes, 14)).toEqual({ row: 2, column: 9 });
  });

  it('drops a UTF-8 byte-order mark and recognises a UTF-16 one', () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('a\n')]), 'f')).toBe('a\n');
    const e = errorOf(() => decodeUtf8(Uint8Array.from([0xff, 0xfe, 0x61, 0]), 'f'));
    expect(e.message).toMatch(/byte 0xFF at byte offset 0 .*UTF-16 byte-order mark/);
  });
});

describe('requireFinalLineBreak', () => {
  it('accepts LF, CRLF and CR endings and refuses a last line without one, naming its row', () => {
    for (const t of ['a,b\n1,2\n', 'a,b\r\n1,2\r\n', 'a,b\r1,2\r', ''])
      expect(() => requireFinalLineBreak(t, 'f')).not.toThrow();
    const e = errorOf(() => requireFinalLineBreak('a,b\n1,2\n3,4', 'f.csv'));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/ends without a line break after '3,4': it may have been cut short/);
  });
});

describe('parseCsvText (shared CSV rules)', () => {
  const opts = { expected: 'a CSV region,value', required: ['region', 'value'] };
  it('keeps file line numbers across blank lines and quoted line breaks', () => {
    const t = parseCsvText('region,value\n\nA,1\n"B\nb",2\n\nC,3\n', 'f', opts);
    expect(t.rows).toEqual([
      ['A', '1'],
      ['B\nb', '2'],
      ['C', '3'],
    ]);
    expect(t.lines).toEqual([3, 4, 7]);
    expect(t.headerLine).toBe(1);
  });

  it.each([
    ['header only', 'region,value\n', /row 2\): no data rows/],
    ['empty file', '', /row 1\): empty file/],
    [
      'spaces after the commas of the header',
      'region, value\nA,1\n',
      /row 1, column 2\): header name ' value' has spaces around it/,
    ],
    ['a column twice', 'region,value,value\nA,1,2\n', /header names 'value' twice \(columns 2 and 3\)/],
    ['semicolons', 'region;value\nA;1\n', /looks semicolon-separated/],
    ['a short row', 'region,value\nA,1\nB\n', /row 3\): row has 1 field, the header 2/],
    ['a long row', 'region,value\nA,1,\n', /row 2\): row has 3 fields, the header 2/],
    ['an unclosed quote', 'region,value\nA,"1\n', /row 2\): a quoted field is never closed/],
    ['a missing column', 'region,val\nA,1\n', /row 1, column value\): missing column 'value'/],
    ['a last line without line break', 'region,value\nA,4', /row 2\): the file ends without a line break/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseCsvText(text, 'f.csv', opts)).toThrow(message);
  });

  it('reads comment lines before the header and a missing last line break only when asked', () => {
    const t = parseCsvText('# source\n# note\nregion,value\nA,4', 'f', {
      ...opts,
      commentPrefix: '#',
      lastLineBreakOptional: true,
    });
    expect(t.rows).toEqual([['A', '4']]);
    expect(t.lines).toEqual([4]);
  });
});
