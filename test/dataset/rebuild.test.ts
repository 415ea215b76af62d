import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/dataset/build.ts';
import { provenanceMarkdown } from '../../src/dataset/provenanceDoc.ts';
import { DEFAULT_DATASET_DIR } from '../../src/io/defaultDataset.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('embedded default dataset', () => {
  it('is rebuilt byte for byte from data/sources by the china2017 recipe', () => {
    const { files, summary } = buildDataset({
      recipe: 'china2017',
      sourcesDir: join(ROOT, 'data', 'sources'),
      mapsDir: join(ROOT, 'data', 'maps'),
      controlTotals: 'meic2017',
    });
    files.set('PROVENANCE.md', Buffer.from(provenanceMarkdown(summary), 'utf8'));
    for (const [name, bytes] of files) {
      const committed = readFileSync(join(DEFAULT_DATASET_DIR, name));
      expect(Buffer.compare(Buffer.from(bytes), committed), `${name} differs from the committed file`).toBe(
        0,
      );
    }
  });
});

describe('control totals option', () => {
  it("'paper-implied' uses the midpoints of the paper-implied ranges", () => {
    const { summary } = buildDataset({
      recipe: 'china2017',
      sourcesDir: join(ROOT, 'data', 'sources'),
      mapsDir: join(ROOT, 'data', 'maps'),
      controlTotals: 'paper-implied',
    });
    // PROVENANCE "Known gaps": SO2 10.1–12.0, NOx 18.0–21.3, PM2.5 5.9–7.0, NMVOC 18.0–21.3, NH3 7.9–9.3 Mt
    const mid = { SO2: 11.05, NOx: 19.65, PPM: 6.45, VOC: 19.65, NH3: 8.6 };
    for (const [p, v] of Object.entries(mid)) {
      const t = summary.nationalTotals_t[p as keyof typeof mid];
      expect(t.model / 1e6).toBeCloseTo(v, 9);
      expect(t.control / 1e6).toBeCloseTo(v, 9);
    }
  });
  it('rejects an unknown recipe or control-total set with an InputError', async () => {
    const { InputError } = await import('../../src/io/inputError.ts');
    const base = { sourcesDir: join(ROOT, 'data', 'sources'), mapsDir: join(ROOT, 'data', 'maps') };
    expect(() => buildDataset({ ...base, recipe: 'x' as 'china2017', controlTotals: 'meic2017' })).toThrow(
      InputError,
    );
    expect(() => buildDataset({ ...base, recipe: 'china2017', controlTotals: 'x' as 'meic2017' })).toThrow(
      InputError,
    );
    expect(() =>
      buildDataset({
        ...base,
        sourcesDir: join(ROOT, 'nowhere'),
        recipe: 'china2017',
        controlTotals: 'meic2017',
      }),
    ).toThrow(/nowhere\/china-io-2017\/china_2017_42\.csv: not found/);
  });
});
