import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset, resolveRecipe } from '../../src/dataset/build.ts';
import { provenanceMarkdown } from '../../src/dataset/provenanceDoc.ts';
import { DEFAULT_DATASET_DIR } from '../../src/io/defaultDataset.ts';
import { InputError } from '../../src/io/inputError.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const base = {
  sourcesDir: join(ROOT, 'data', 'sources'),
  mapsDir: join(ROOT, 'data', 'maps'),
  controlTotals: 'meic2017' as const,
};

describe('embedded default dataset', () => {
  it('is rebuilt byte for byte from data/sources by the china2017-provincial recipe', () => {
    const { files, summary } = buildDataset({ ...base, recipe: 'china2017-provincial' });
    files.set('PROVENANCE.md', Buffer.from(provenanceMarkdown(summary), 'utf8'));
    expect([...files.keys()].sort()).toEqual(
      ['PROVENANCE.md', 'arrays.f64.gz', 'cleaning_report.csv', 'dataset.json'].sort(),
    );
    for (const [name, bytes] of files) {
      const committed = readFileSync(join(DEFAULT_DATASET_DIR, name));
      expect(Buffer.compare(Buffer.from(bytes), committed), `${name} differs from the committed file`).toBe(
        0,
      );
    }
  });
});

describe('the national recipe', () => {
  it('is deterministic (two builds are byte-identical) and answers to its alias china2017', () => {
    expect(resolveRecipe('china2017')).toBe('china2017-national');
    const a = buildDataset({ ...base, recipe: 'china2017-national' });
    const b = buildDataset({ ...base, recipe: 'china2017' });
    expect(b.summary.recipe).toBe('china2017-national');
    for (const [name, bytes] of a.files)
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(b.files.get(name) as Uint8Array)), name).toBe(0);
  });
});

describe('control totals option', () => {
  it("'paper-implied' uses the midpoints of the paper-implied ranges", () => {
    const { summary } = buildDataset({
      ...base,
      recipe: 'china2017-provincial',
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
  it('rejects an unknown recipe or control-total set, and --scale-to-national with the national recipe', () => {
    expect(() => buildDataset({ ...base, recipe: 'x' })).toThrow(InputError);
    expect(() => buildDataset({ ...base, recipe: 'x' })).toThrow(/china2017 \(= china2017-national\)/);
    expect(() =>
      buildDataset({ ...base, recipe: 'china2017-provincial', controlTotals: 'x' as 'meic2017' }),
    ).toThrow(InputError);
    expect(() => buildDataset({ ...base, recipe: 'china2017-national', scaleToNational: true })).toThrow(
      /applies to china2017-provincial only/,
    );
    expect(() =>
      buildDataset({ ...base, sourcesDir: join(ROOT, 'nowhere'), recipe: 'china2017-provincial' }),
    ).toThrow(/nowhere\/.*: not found/);
  });
});
