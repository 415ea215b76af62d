import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/analysis/runResult.ts';
import { renderReportHtml } from '../../src/report/html.ts';
import { inParentheses } from '../../src/report/numberFormat.ts';
import { syntheticRunResult } from './syntheticRunResult.ts';

const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);

describe('report.html headline numbers', () => {
  it('state each precursor’s trade share of national emissions beside the paper’s range', () => {
    const base = syntheticRunResult({ demonstration: true });
    const row = (id: string, paper: number) => ({
      id,
      label: id,
      definition: '§3.1',
      paper,
      run: 1,
      unit: '%',
    });
    const r: RunResult = {
      ...base,
      headline: [
        ...base.headline,
        row('trade_share_emissions_min', 34.3),
        row('trade_share_emissions_max', 40.6),
      ],
    };
    const html = renderReportHtml({ result: r, figures: [], skipped: [], tables: [], files: [] });
    const section = html.slice(html.indexOf('id="headline"'), html.indexOf('id="provenance"'));
    expect(section).toMatch(/Trade-related share of national emissions/);
    expect(section).toMatch(/paper: 34\.3–40\.6 % across the five precursors/);
    for (const e of r.emissions) {
      // The share printed is trade-related / (production + direct), consistent with its tonnes.
      expect(e.nationalTradeShare).toBeCloseTo(sum(e.tradeRelated.values) / sum(e.baseline.values), 12);
      expect(section).toContain(`${e.precursor} ${(100 * e.nationalTradeShare).toFixed(1)} %`);
    }
    // Headline numbers come before provenance and conventions.
    expect(html.indexOf('id="headline"')).toBeLessThan(html.indexOf('id="provenance"'));
  });

  it('units with their own parentheses are not nested in titles', () => {
    expect(inParentheses('billion CNY (2017 prices)')).toBe('(billion CNY, 2017 prices)');
    expect(inParentheses('thousand deaths per year')).toBe('(thousand deaths per year)');
  });
});
