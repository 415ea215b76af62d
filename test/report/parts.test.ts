import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { topFlowsFigure } from '../../src/report/figures/flows.ts';
import { perCapitaBarsFigure } from '../../src/report/figures/inequality.ts';
import { airModelLabel, renderReportHtml, scopeSvgIds } from '../../src/report/html.ts';
import { chooseScale, formatNumber } from '../../src/report/numberFormat.ts';
import { loadProvinceMap, mapNamesFor, regionAbbreviations } from '../../src/report/provinceMap.ts';
import { type ReportTable, reportTableSpec, tableToCsv } from '../../src/report/table.ts';
import { buildTables } from '../../src/report/tables.ts';
import { syntheticRunResult } from './syntheticRunResult.ts';

describe('tableToCsv', () => {
  it('quotes awkward text, keeps doubles exact and writes units in the header', () => {
    const t: ReportTable = {
      id: 't',
      title: 'T',
      description: '',
      columns: [{ key: 'name' }, { key: 'value', unit: 'µg/m³' }, { key: 'note' }],
      rows: [
        ['a, "quoted"', 0.1 + 0.2, null],
        ['line\nbreak', -Math.PI * 1e-300, 'x'],
        ['nan', Number.NaN, 'not computable: the total is 0'],
      ],
    };
    const parsed = Papa.parse<string[]>(tableToCsv(t).trimEnd()).data;
    expect(parsed[0]).toEqual(['name', 'value', 'note']);
    expect(reportTableSpec(t).fields[1]).toMatchObject({ name: 'value', type: 'number', unit: 'µg/m³' });
    expect(parsed[1]).toEqual(['a, "quoted"', String(0.1 + 0.2), '']);
    expect(Number(parsed[1][1])).toBe(0.30000000000000004);
    expect(Number(parsed[2][1])).toBe(-Math.PI * 1e-300);
    expect(parsed[2][0]).toBe('line\nbreak');
    expect(parsed[3][1]).toBe('');
    expect(parsed[3][2]).toBe('not computable: the total is 0');
  });

  it('refuses a NaN or Infinity whose row does not say why in its note', () => {
    const t = (note: string | null, v: number): ReportTable => ({
      id: 'guarded',
      title: '',
      description: '',
      columns: [{ key: 'name' }, { key: 'value' }, { key: 'note' }],
      rows: [
        ['fine', 1, null],
        ['bad', v, note],
      ],
    });
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => tableToCsv(t(null, v))).toThrow(
        /tables\/guarded\.csv: row 3 \(bad\), column value would be/,
      );
      expect(() => tableToCsv(t('', v))).toThrow(/would be/);
    }
    const noNote: ReportTable = { ...t(null, 1), columns: [{ key: 'a' }, { key: 'b' }, { key: 'c' }] };
    expect(() => tableToCsv({ ...noNote, rows: [['x', Number.NaN, 'text']] })).toThrow(
      /column b would be NaN/,
    );
  });

  it('rejects ragged rows', () => {
    const t: ReportTable = { id: 'bad', title: '', description: '', columns: [{ key: 'a' }], rows: [[1, 2]] };
    expect(() => tableToCsv(t)).toThrow(/row 0 has 2 cells, expected 1/);
  });
});

describe('formatting', () => {
  it('chooses a power-of-thousand scale for the largest value', () => {
    expect(chooseScale([3e9, -7.6e11], 'CNY')).toEqual({ factor: 1e9, unit: 'billion CNY' });
    expect(chooseScale([12, 999], 'persons')).toEqual({ factor: 1, unit: 'persons' });
    expect(chooseScale([Number.NaN, 2500], 'persons')).toEqual({ factor: 1e3, unit: 'thousand persons' });
    // 5 × 10^4 CNY = 50 thousand CNY: display value 5 / 0.1 = 50.
    const s = chooseScale([5], '10^4 CNY per person');
    expect(s.unit).toBe('thousand CNY per person');
    expect(5 / s.factor).toBeCloseTo(50, 12);
    expect(chooseScale([2e-5], '10^4 CNY').unit).toBe('CNY');
  });
  it('rounds to significant digits', () => {
    expect(formatNumber(385558)).toBe('386,000');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('province map', () => {
  const map = loadProvinceMap();
  it('has the 31 mainland provinces with English names', () => {
    expect(map.names.length).toBe(31);
    expect(map.names).toContain('Inner Mongolia');
    expect(map.names).not.toContain('Taiwan');
  });
  it('matches regions by GB code first, then by name, else reports no shape', () => {
    const names = mapNamesFor(
      map,
      ['InnerMongolia', 'hebei', 'Atlantis', '北京'],
      ['150000', undefined, '990000'],
      [undefined, undefined, undefined, '北京'],
    );
    expect(names).toEqual(['Inner Mongolia', 'Hebei', undefined, 'Beijing']);
  });
  it('abbreviates with ISO 3166-2:CN codes', () => {
    expect(regionAbbreviations(['Henan', 'Hunan', 'Hainan', 'Somewhere'], ['410000'])).toEqual([
      'HA',
      'HN',
      'HI',
      'Som',
    ]);
  });
});

describe('figure specifications', () => {
  const r = syntheticRunResult();
  it('per-capita bars have width ∝ population and height = per-capita value', () => {
    const f = perCapitaBarsFigure(r);
    expect(f).not.toBeNull();
    const series = (f?.option.series ?? []) as { data: number[][] }[];
    expect(series.length).toBe(r.mismatch.measures.length);
    const pop = r.population.values;
    const P = pop.reduce((a, b) => a + b, 0);
    const m = r.mismatch.measures[0];
    const scale = chooseScale(m.perCapita.values, m.unit);
    const widths = series[0].data.map(([x0, x1]) => x1 - x0);
    const expected = [...m.perCapita.values.keys()]
      .sort((a, b) => m.perCapita.values[a] - m.perCapita.values[b])
      .map((i) => (100 * pop[i]) / P);
    for (const [k, w] of widths.entries()) expect(w).toBeCloseTo(expected[k], 10);
    expect(series[0].data.at(-1)?.[1]).toBeCloseTo(100, 10);
    const heights = series[0].data.map((d) => d[2] * scale.factor).sort((a, b) => a - b);
    const values = [...m.perCapita.values].sort((a, b) => a - b);
    for (const [k, h] of heights.entries()) expect(h).toBeCloseTo(values[k], 6);
  });

  it('the Sankey carries exactly the top flows, exporters on the left', () => {
    const p = r.pairwise[0];
    const f = topFlowsFigure(r, p);
    if (!f) throw new Error('no Sankey figure');
    const s = (f.option.series as { links: { source: string; target: string; value: number }[] }[])[0];
    expect(s.links.length).toBe(Math.min(20, p.top.length));
    s.links.forEach((l, k) => {
      expect(l.source.trim()).toBe(p.top[k].from);
      expect(l.target.trim()).toBe(p.top[k].to);
      // Distinct node names per side, so a two-way pair cannot form a cycle.
      expect(l.source).not.toBe(l.target);
    });
  });
});

describe('report.html pieces', () => {
  it('scopes ECharts ids so inlined SVGs cannot collide', () => {
    const svg =
      '<clipPath id="zr3-c0"/><path clip-path="url(#zr3-c0)" class="zr3-cls-1"/><style>.zr3-cls-1:hover{}</style>';
    expect(scopeSvgIds(svg, 'f2')).toBe(
      '<clipPath id="f2-zr3-c0"/><path clip-path="url(#f2-zr3-c0)" class="f2-zr3-cls-1"/><style>.f2-zr3-cls-1:hover{}</style>',
    );
  });

  it('labels a stand-in air model as such and omits the demonstration banner for real data', () => {
    const r = syntheticRunResult({ demonstration: false });
    expect(airModelLabel(r)).toMatch(/^Stand-in reduced-form air-quality model/);
    const html = renderReportHtml({ result: r, figures: [], skipped: [], tables: buildTables(r), files: [] });
    expect(html).not.toMatch(/Demonstration dataset/);
    expect(html).toMatch(/Air quality from a stand-in model/);
    const ctm = {
      ...r,
      provenance: {
        ...r.provenance,
        airModel: { id: 'user-ctm', description: 'fitted to 755 runs', isStandIn: false },
      },
    };
    expect(airModelLabel(ctm)).toBe('user-ctm: fitted to 755 runs');
    expect(renderReportHtml({ result: ctm, figures: [], skipped: [], tables: [], files: [] })).not.toMatch(
      /stand-in/i,
    );
  });
});
