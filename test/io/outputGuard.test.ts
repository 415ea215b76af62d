import { describe, expect, it } from 'vitest';
import { notComputedFields } from '../../src/analysis/runResult.ts';
import { InputError } from '../../src/io/inputError.ts';
import {
  assertFiniteOutput,
  checkedJson,
  declaredBlanks,
  firstNonFinite,
  ImpossibleNumberError,
} from '../../src/io/outputGuard.ts';
import { TidyCsv } from '../../src/io/tidyCsv.ts';

const regions = ['Beijing', 'Tianjin', 'Hebei'];

describe('firstNonFinite', () => {
  it('finds nothing in finite data, including typed arrays, nulls and strings', () => {
    expect(
      firstNonFinite({
        a: 1,
        b: [0, -2.5, 1e308],
        c: Float64Array.of(1, 2),
        d: null,
        e: 'NaN',
        f: Int32Array.of(3),
      }),
    ).toBeUndefined();
  });

  it('names NaN, +Infinity and -Infinity with the path, using regions and list labels', () => {
    const v = {
      concentrations: { baseline: { regions, unit: 'µg/m³', values: Float64Array.of(1, Number.NaN, 3) } },
    };
    expect(firstNonFinite(v)).toEqual({ path: 'concentrations.baseline.values[Tianjin]', value: Number.NaN });
    const list = {
      measures: [
        { variable: 'income', gini: 0.2 },
        { variable: 'damage', gini: Number.POSITIVE_INFINITY },
      ],
    };
    expect(firstNonFinite(list)).toEqual({
      path: 'measures[variable=damage].gini',
      value: Number.POSITIVE_INFINITY,
    });
    const rows = [
      { region: 'Hebei', endpoint: 'IHD', threshold: 10, summary: { mean: Number.NEGATIVE_INFINITY } },
    ];
    expect(firstNonFinite(rows)?.path).toBe('[threshold=10, region=Hebei, endpoint=IHD].summary.mean');
    expect(firstNonFinite([1, 2, Number.NaN])?.path).toBe('[2]');
  });

  it('names a G×G matrix cell by its two regions', () => {
    const data = new Float64Array(9);
    data[2 * 3 + 0] = Number.NaN;
    const v = { flows: { regions, values: { rows: 3, cols: 3, data } } };
    expect(firstNonFinite(v)?.path).toBe('flows.values.data[Hebei, Beijing]');
  });

  it('skips fields their holder declares in notComputed, and only those', () => {
    const theil = { total: Number.NaN, between: 0.1, within: Number.NaN };
    expect(firstNonFinite({ theil })?.path).toBe('theil.total');
    const declared = {
      ...theil,
      ...notComputedFields({
        total: [theil.total, () => 'negative entries'],
        between: [theil.between, () => 'never used'],
        within: [theil.within, () => 'negative entries'],
      }),
    };
    expect(declared.notComputed).toEqual({ total: 'negative entries', within: 'negative entries' });
    expect(firstNonFinite({ theil: declared })).toBeUndefined();
    // A declared vector field may hold NaN entries; a sibling may not.
    const vec = {
      values: Float64Array.of(1, Number.NaN),
      other: Number.NaN,
      notComputed: { values: 'zero denominator' },
    };
    expect(firstNonFinite(vec)?.path).toBe('other');
  });

  it('refuses a declaration without a reason', () => {
    expect(() => firstNonFinite({ x: Number.NaN, notComputed: { x: ' ' } })).toThrow(/must give a reason/);
  });

  it('does not force blocks computed on first read (accessors)', () => {
    let reads = 0;
    const v = { a: 1 };
    Object.defineProperty(v, 'lazy', {
      enumerable: true,
      get: () => {
        reads++;
        return Number.NaN;
      },
    });
    expect(firstNonFinite(v)).toBeUndefined();
    expect(reads).toBe(0);
  });
});

describe('assertFiniteOutput / checkedJson', () => {
  it('throws an InputError (exit 2) naming the output, the field, the value and the inputs', () => {
    try {
      assertFiniteOutput({ x: [1, Number.NaN] }, 'result.json', 'model.json');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ImpossibleNumberError);
      expect(e).toBeInstanceOf(InputError);
      const err = e as ImpossibleNumberError;
      expect(err.output).toBe('result.json');
      expect(err.field).toBe('x[1]');
      expect(err.message).toMatch(
        /^result\.json: x\[1\] would be NaN \(not a number\).*nothing was written.*model\.json/,
      );
    }
  });

  it('writes declared blanks as null and typed arrays through the replacer', () => {
    const replacer = (_k: string, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v);
    const text = checkedJson(
      { v: Float64Array.of(1, 2), t: Number.NaN, notComputed: { t: 'why' } },
      'out.json',
      { replacer },
    );
    expect(JSON.parse(text)).toEqual({ v: [1, 2], t: null, notComputed: { t: 'why' } });
    expect(text.endsWith('\n')).toBe(true);
  });

  it('lists every declared blank with its path (run.json notComputed)', () => {
    const v = {
      measures: [
        { variable: 'damage', theil: { total: Number.NaN, notComputed: { total: 'negative entries' } } },
      ],
    };
    expect(declaredBlanks(v)).toEqual([
      { field: 'measures[variable=damage].theil.total', reason: 'negative entries' },
    ]);
  });
});

describe('TidyCsv', () => {
  it('refuses a non-finite number naming file, row and column', () => {
    const t = new TidyCsv(['indicator', 'region', 'value'], 'accounts.csv');
    t.add(['SO2', 'Beijing', 1]);
    expect(() => t.add(['SO2', 'Hebei', Number.POSITIVE_INFINITY])).toThrow(
      /^accounts\.csv: row 3 \(SO2, Hebei\), column value would be Infinity/,
    );
  });
});
