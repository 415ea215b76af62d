import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { parseMoneyUnit } from '../../src/analysis/moneyUnit.ts';
import { prepareAnalysis } from '../../src/analysis/prepare.ts';
import { runScenario } from '../../src/analysis/scenario.ts';
import { AtomicOutputDir } from '../../src/io/atomicOutput.ts';
import { writeReport } from '../../src/report/index.ts';
import { syntheticDataset, syntheticHealth, syntheticSurface } from '../analysis/syntheticSystem.ts';

describe('writeReport on a RunResult from the real analysis pipeline', () => {
  it('renders the analysis helper’s 4-region test system; the map is skipped with a reason', async () => {
    const dataset = syntheticDataset();
    const result = runScenario(prepareAnalysis(dataset, syntheticSurface(dataset), syntheticHealth()), {});
    const dir = mkdtempSync(join(tmpdir(), 'vchain-report-pipeline-'));
    try {
      const out = new AtomicOutputDir(join(dir, 'run'));
      await writeReport(result, out);
      out.commit();
      const root = join(dir, 'run');
      const svgs = readdirSync(join(root, 'figures'));
      // Regions North/Coast/Inland/West have no outline: no map, every other figure drawn.
      expect(svgs).not.toContain('pm25_map.svg');
      for (const p of result.pairwise) expect(svgs).toContain(`top_flows_${p.indicator}.svg`);
      for (const f of svgs) {
        const parser = new SaxesParser({ xmlns: true });
        parser.on('error', (e) => {
          throw new Error(`${f}: ${e.message}`);
        });
        parser.write(readFileSync(join(root, 'figures', f), 'utf8')).close();
      }
      const html = readFileSync(join(root, 'report.html'), 'utf8');
      expect(html).toMatch(/Figures not drawn: pm25_map \(no region of the result has an outline/);
      expect(html).toMatch(/Stand-in reduced-form air-quality model \(SYNTHETIC TEST SURFACE\)/);
      // Per-capita table values are the result's, unrounded; money in the run's one money unit
      // (the MRIO's 10^4 CNY restated in plain currency units, src/report/moneyColumns.ts).
      const rows = readFileSync(join(root, 'tables', 'per_capita.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      const m = result.mismatch.measures[0];
      for (let i = 0; i < m.perCapita.regions.length; i++) {
        const cells = rows[i].split(',');
        expect(cells[0]).toBe(m.variable);
        expect(cells[1]).toBe(m.perCapita.regions[i]);
        const restated = cells[3] !== m.unit;
        if (restated) expect(cells[3]).toBe(m.unit.replace(/^10\^4 CNY/, result.labels.currency.label));
        const factor = restated ? parseMoneyUnit(m.unit)!.multiplier : 1;
        expect(Number(cells[2])).toBe(m.perCapita.values[i] * factor);
      }
      expect(existsSync(join(root, 'results.xlsx'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
