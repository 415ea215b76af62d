import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/analysis/runResult.ts';
import { AtomicOutputDir } from '../../src/io/atomicOutput.ts';
import { writeReport } from '../../src/report/index.ts';
import { regionAbbreviations } from '../../src/report/provinceMap.ts';
import { axeViolations, blocking, screenshotPath } from '../support/axe.ts';
import { chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { checkDataPackage } from '../support/dataPackageCheck.ts';
import { syntheticRunResult } from './syntheticRunResult.ts';

let dir: string;
let out: string;
let result: RunResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vchain-report-test-'));
  out = join(dir, 'run');
  result = syntheticRunResult({ demonstration: true });
  const target = new AtomicOutputDir(out);
  await writeReport(result, target);
  target.commit();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const read = (rel: string) => readFileSync(join(out, rel), 'utf8');

/** Strict XML parse (namespaces on); returns the elements seen, throws on any well-formedness error. */
function parseXml(text: string): { name: string; attributes: Record<string, string> }[] {
  const elements: { name: string; attributes: Record<string, string> }[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    const attributes: Record<string, string> = {};
    for (const [k, a] of Object.entries(t.attributes)) attributes[k] = typeof a === 'string' ? a : a.value;
    elements.push({ name: t.local ?? t.name, attributes });
  });
  parser.write(text).close();
  return elements;
}

describe('writeReport on a synthetic 31-province RunResult', () => {
  it('writes every announced file', () => {
    const summary = JSON.parse(read('summary.json')) as { files: string[] };
    expect(summary.files.length).toBeGreaterThan(30);
    for (const f of summary.files) expect(existsSync(join(out, f)), f).toBe(true);
    for (const f of [
      'report.html',
      'results.xlsx',
      'summary.json',
      'tables/damage.csv',
      'figures/pm25_map.svg',
    ])
      expect(summary.files).toContain(f);
    // Nothing written that is not announced (and no temp folder left behind).
    const written = [
      ...readdirSync(join(out, 'tables')).map((f) => `tables/${f}`),
      ...readdirSync(join(out, 'figures')).map((f) => `figures/${f}`),
      'report.html',
      'results.xlsx',
      'summary.json',
      'datapackage.json',
      'provinces.geojson',
    ].sort();
    expect(written).toEqual([...summary.files].sort());
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('SVGs are well-formed XML with size, and the maps draw one shape per province', () => {
    const svgs = readdirSync(join(out, 'figures'));
    expect(svgs.length).toBeGreaterThanOrEqual(14);
    for (const f of svgs) {
      const els = parseXml(read(`figures/${f}`));
      expect(els[0].name, f).toBe('svg');
      expect(Number(els[0].attributes.width)).toBeGreaterThan(300);
      expect(Number(els[0].attributes.height)).toBeGreaterThan(200);
      expect(els.filter((e) => e.name === 'text').length, f).toBeGreaterThan(3); // titles, labels
    }
    const map = parseXml(read('figures/pm25_map.svg'));
    // ECharts tags each drawn data item with its series and data index: count distinct items per map panel.
    const shapes = (series: string) =>
      new Set(
        map
          .filter((e) => e.name === 'path' && e.attributes.ecmeta_series_index === series)
          .map((e) => e.attributes.ecmeta_data_index),
      ).size;
    // Series per panel: map, leader lines, anchors, labels.
    expect(shapes('0')).toBe(31);
    expect(shapes('4')).toBe(31);
    // Every province is labelled on both panels, the small ones (Beijing, Tianjin, Shanghai) too.
    const mapText = read('figures/pm25_map.svg');
    const codes = regionAbbreviations(result.labels.regions, result.labels.regionCodes);
    for (const code of codes) expect(mapText.split(`>${code}</text>`).length - 1, code).toBe(2);
    // The doughnut figure: 32 cells (national + 31) × 3 rings.
    const pies = parseXml(read('figures/trade_share_doughnuts.svg'));
    const pieSeries = new Set(
      pies.map((e) => e.attributes.ecmeta_series_index).filter((x) => x !== undefined),
    );
    expect(pieSeries.size).toBe(32 * 3);
  });

  it('CSV round-trips exactly, bare snake_case headers, units in datapackage.json', async () => {
    const parsed = Papa.parse<string[]>(read('tables/damage.csv').trim(), { skipEmptyLines: true });
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(['threshold', 'region', 'quantity', 'mean', 'median', 'p025', 'p975', 'unit']);
    const G = result.labels.regions.length;
    expect(rows.length).toBe(result.damage.length * 3 * G);
    // Row order: threshold, quantity (deaths, cases, money), region.
    result.damage.forEach((d, k) => {
      for (let i = 0; i < G; i++) {
        const row = rows[k * 3 * G + i];
        expect(Number(row[0])).toBe(d.threshold);
        expect(row[1]).toBe(result.labels.regions[i]);
        expect(row[2]).toBe('deaths');
        expect(Number(row[3])).toBe(d.deaths.mean[i]);
        expect(Number(row[4])).toBe(d.deaths.median![i]);
        expect(Number(row[5])).toBe(d.deaths.p025[i]);
        expect(Number(row[6])).toBe(d.deaths.p975[i]);
        expect(row[7]).toBe('persons');
      }
    });
    const regions = Papa.parse<string[]>(read('tables/regions.csv').trim()).data;
    expect(regions[0]).toContain('population');
    expect(regions[0]).toContain('pm25_trade_related');
    const pkg = await checkDataPackage(out);
    const regionFields = pkg.resources.find((r) => r.path === 'tables/regions.csv')!.schema.fields;
    expect(regionFields.find((f) => f.name === 'population')!.unit).toBe('persons');
    expect(regionFields.find((f) => f.name === 'pm25_trade_related')!.unit).toBe('µg/m³');
    expect(pkg.resources.find((r) => r.path === 'tables/damage.csv')!.schema.fields[0]).toMatchObject({
      name: 'threshold',
      type: 'number',
      unit: 'µg/m³',
    });
    for (const f of readdirSync(join(out, 'tables')))
      expect(readFileSync(join(out, 'tables', f), 'utf8')).not.toMatch(/^[^\n]*\[/);
    expect(regions.length - 1).toBe(G);
    const transfers = Papa.parse<string[]>(read('tables/transfers.csv').trim()).data;
    const t = result.compensation.transfers.values;
    let sum = 0;
    for (const row of transfers.slice(1)) sum += Number(row[2]);
    expect(sum).toBeCloseTo(
      t.data.reduce((a, b) => a + b, 0),
      6,
    );
  });

  it('provinces.geojson is RFC 7946 (lon/lat, closed rings, right-hand winding) with the CSV values as properties', async () => {
    const g = JSON.parse(read('provinces.geojson'));
    expect(g.type).toBe('FeatureCollection');
    expect(g.crs).toBeUndefined(); // RFC 7946 §4: WGS 84 only, no crs member
    const regions = Papa.parse<Record<string, string>>(read('tables/regions.csv'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const attribution = Papa.parse<Record<string, string>>(read('tables/attribution.csv'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(g.features.length).toBe(regions.length);
    const area = (r: number[][]) => {
      let a = 0;
      for (let k = 0; k + 1 < r.length; k++) a += r[k][0] * r[k + 1][1] - r[k + 1][0] * r[k][1];
      return a / 2;
    };
    let drawn = 0;
    for (const [i, f] of g.features.entries()) {
      expect(f.type).toBe('Feature');
      const row = regions[i];
      expect(f.properties.region).toBe(row.region);
      for (const k of ['population', 'pm25_baseline', 'pm25_counterfactual', 'pm25_trade_related'])
        expect(f.properties[k], `${row.region} ${k}`).toBe(Number(row[k]));
      const a = attribution.find((x) => x.region === row.region)!;
      expect(f.properties.triggered_mean).toBe(Number(a.triggered_mean));
      if (f.geometry === null) continue;
      drawn++;
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      const polys: number[][][][] =
        f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const poly of polys)
        poly.forEach((ring, k) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[ring.length - 1]).toEqual(ring[0]);
          for (const [lon, lat] of ring) {
            // China lies at 73–136 °E, 3–54 °N: longitude first.
            expect(lon).toBeGreaterThan(70);
            expect(lon).toBeLessThan(140);
            expect(lat).toBeGreaterThan(0);
            expect(lat).toBeLessThan(56);
          }
          // Exterior counter-clockwise, holes clockwise (RFC 7946 §3.1.6).
          if (k === 0) expect(area(ring)).toBeGreaterThan(0);
          else expect(area(ring)).toBeLessThan(0);
        });
    }
    expect(drawn).toBe(31);
    const pkg = await checkDataPackage(out);
    const geo = pkg.resources.find((r) => r.path === 'provinces.geojson')!;
    expect(geo.format).toBe('geojson');
    expect(geo.schema.fields.map((f) => f.name)).toEqual(Object.keys(g.features[0].properties));
  });

  it('the workbook re-reads with a README and one sheet per table, units in headers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, 'results.xlsx')) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('README');
    const csvs = readdirSync(join(out, 'tables')).map((f) => f.replace(/\.csv$/, ''));
    expect(names.slice(1).sort()).toEqual(csvs.sort());
    const readme = wb.getWorksheet('README')!;
    const readmeText: string[] = [];
    readme.eachRow((row) => readmeText.push(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(readmeText.join('\n')).toMatch(/DEMONSTRATION DATASET/);
    expect(readmeText.join('\n')).toMatch(/not the CEADs MRIO/);
    expect(readmeText.join('\n')).toMatch(/seed 42/);
    const ws = wb.getWorksheet('regions')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('population [persons]');
    expect(header).toContain('pm25_baseline [µg/m³]');
    const popCol = header.indexOf('population [persons]') + 1;
    for (let i = 0; i < result.labels.regions.length; i++) {
      expect(ws.getRow(i + 2).getCell(1).value).toBe(result.labels.regions[i]);
      expect(ws.getRow(i + 2).getCell(popCol).value).toBe(result.population.values[i]);
    }
    const comp = wb.getWorksheet('compensation')!;
    expect((comp.getRow(1).values as unknown[]).slice(1)).toContain('net [CNY]');
  });

  it('report.html is self-contained and labels dataset, models and conventions', () => {
    const html = read('report.html');
    expect(html).toMatch(
      /Demonstration dataset\.<\/strong> Regionalised from national statistics — not the CEADs MRIO/,
    );
    expect(html).toMatch(/Stand-in reduced-form air-quality model/);
    expect(html).toMatch(/10 µg\/m³/);
    expect(html).toMatch(/seed 42/);
    // No external fetches: no scripts or stylesheets from elsewhere, no remote src/href.
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link[^>]*stylesheet/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    const figureCount = (html.match(/<figure class="fig"/g) ?? []).length;
    expect(figureCount).toBe(readdirSync(join(out, 'figures')).length);
    // Inlined SVG ids are scoped per figure (ECharts reuses zr<N>- prefixes across charts).
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('report.html in headless Chromium', () => {
  if (!chromiumAvailable)
    process.stderr.write(
      'report browser test SKIPPED: /usr/bin/chromium absent (apt-get install -y chromium)\n',
    );
  it.skipIf(!chromiumAvailable)(
    'reads like a study, passes axe, draws every figure with no console error and no network request',
    async () => {
      const context = await launchChromium({ viewport: { width: 1300, height: 900 } });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        const remote: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(e.message));
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
          remote.push(url);
          return route.abort();
        });
        await page.goto(`file://${join(out, 'report.html')}`, { waitUntil: 'load' });
        await page.screenshot({ path: screenshotPath('report-top.png') });

        // Order of a study: headline numbers, figures, tables, then methods, provenance,
        // warnings and the appendices; identity checks, timings and the second damage-flow
        // variant only in collapsed appendices.
        expect(await page.$$eval('main > section', (els) => els.map((e) => e.id))).toEqual([
          'headline',
          'figures',
          'tables',
          'methods',
          'provenance',
          'warnings',
          'appendices',
        ]);
        expect(await page.locator('.keynum').count()).toBe(3);
        for (const id of ['table-identities', 'table-timings', 'fig-top_flows_damage_linear']) {
          expect(await page.locator(`#${id}`).count(), id).toBe(1);
          expect(await page.locator(`#appendices details:not([open]) #${id}`).count(), id).toBe(1);
        }
        expect(await page.locator('#figures #fig-top_flows_damage').count()).toBe(1);
        // Provenance lists every input with its hash.
        for (const x of result.provenance.inputs)
          expect(await page.locator('#provenance td code', { hasText: x.sha256 }).count()).toBe(1);
        // Rounded warnings; money in billions in the body tables.
        expect(await page.locator('#warnings').textContent()).not.toMatch(/\d\.\d{5,}/);
        const damageTable = (await page.locator('#table-damage_national').textContent()) ?? '';
        expect(damageTable).toMatch(/billion CNY/);
        expect(damageTable).not.toMatch(/\d{1,3}(,\d{3}){3,}/); // nothing printed to the unit

        // Every figure is an image with a name and a description.
        const svgs = await page.$$eval('svg', (els) =>
          els.map((s) => {
            const ids = (s.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean);
            return {
              role: s.getAttribute('role'),
              title: s.querySelector(':scope > title')?.textContent ?? '',
              desc: s.querySelector(':scope > desc')?.textContent ?? '',
              resolved:
                ids.length === 2 && ids.every((id) => document.getElementById(id)?.closest('svg') === s),
            };
          }),
        );
        expect(svgs.length).toBe(readdirSync(join(out, 'figures')).length);
        for (const x of svgs) {
          expect(x.role).toBe('img');
          expect(x.title.length, x.title).toBeGreaterThan(5);
          expect(x.desc.length, x.title).toBeGreaterThan(60);
          expect(x.resolved, x.title).toBe(true);
        }

        const violations = await axeViolations(page);
        if (violations.length)
          process.stdout.write(`report axe (not blocking): ${JSON.stringify(violations)}\n`);
        expect(blocking(violations)).toEqual([]);

        await page.evaluate(() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
        });
        const figures = await page.$$eval('figure.fig', (els) =>
          els.map((el) => {
            const svg = el.querySelector('.chart svg');
            const box = svg?.getBoundingClientRect();
            return {
              id: el.id,
              drawn: !!svg && svg.childElementCount > 2,
              width: box?.width ?? 0,
              height: box?.height ?? 0,
            };
          }),
        );
        expect(figures.length).toBe(readdirSync(join(out, 'figures')).length);
        for (const f of figures) {
          expect(f.drawn, f.id).toBe(true);
          expect(f.width, f.id).toBeGreaterThan(300);
          expect(f.height, f.id).toBeGreaterThan(150);
        }
        expect(errors).toEqual([]);
        expect(remote).toEqual([]);
        await page.screenshot({ path: screenshotPath('report-full.png'), fullPage: true });
        process.stdout.write(`report screenshots in ${screenshotPath('')}\n`);
      } finally {
        await context.close();
      }
    },
  );
});
