// The explorer in a real browser (Debian chromium via playwright-core, headless, loopback only):
// open the app, apply an ultra-low-emission retrofit, see the maps and the Gini change, and
// save a screenshot. Skipped, with a message, only when /usr/bin/chromium is absent.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';
import { CHROMIUM_PATH as CHROMIUM, chromiumAvailable, launchChromium } from '../support/chromium.ts';

const haveChromium = chromiumAvailable;
if (!haveChromium)
  console.warn(`browser test skipped: ${CHROMIUM} not found (install with: apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('explorer in chromium', () => {
  let app: RunningExplorer;
  let browser: BrowserContext;
  const shots = mkdtempSync(join(tmpdir(), 'vchain-explorer-shots-'));

  beforeAll(async () => {
    app = await startExplorer({ port: 0, host: '127.0.0.1', log: () => {}, settings: { draws: 20 } });
    browser = await launchChromium({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('applies a retrofit and shows the map and the Gini change', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Nothing but the app's own origin may be requested.
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        foreign.push(r.url());
    });
    await page.goto(app.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.locator('#map-baseline canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, '1-baseline.png') });

    const giniCard = page.locator('.kf[data-kf^="gini:"]').first();
    const giniBefore = await giniCard.locator('.value').textContent();
    await page.selectOption('select[data-testid="preset-ule-regions"]', [
      'Hebei',
      'Shanxi',
      'Shandong',
      'Henan',
      'Jiangsu',
    ]);
    await page.click('button[data-testid="preset-ule-apply"]');
    await page.waitForSelector('body[data-runs]', { timeout: 60_000 });
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/computed in/);
    const giniAfter = await giniCard.locator('.value').textContent();
    const delta = await giniCard.locator('.delta').textContent();
    expect(giniAfter).not.toBe(giniBefore);
    expect(delta).toMatch(/^[+−]/);
    expect(await page.locator('.rule').count()).toBe(3);
    await page.screenshot({ path: join(shots, '2-retrofit-map.png') });

    // The province table downloads as CSV with units in the header and one row per province.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button', { hasText: 'table (CSV)' }).first().click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toBe('Province,Baseline (µg/m³),Scenario (µg/m³),Change (µg/m³),Change (%)');
    expect(csv.length).toBe(1 + 31);
    const hebei = csv
      .find((l) => l.startsWith('Hebei,'))!
      .split(',')
      .map(Number);
    expect(hebei[3]).toBeCloseTo(hebei[2]! - hebei[1]!, 9);
    expect(hebei[3]).toBeLessThan(0);

    await page.click('button[data-tab="inequality"]');
    await page.waitForSelector('#gini-table table');
    // Δ Gini of damage triggered (column 5) moves; that of trade-related income cannot.
    const row = async (label: string) =>
      page.locator('#gini-table tbody tr', { hasText: label }).first().locator('td').allTextContents();
    const damage = await row('Health damage triggered');
    expect(Math.abs(Number(damage[4]))).toBeGreaterThan(1e-4);
    const income = await row('Trade-related social income');
    expect(Number(income[4])).toBe(0);
    await page.screenshot({ path: join(shots, '3-inequality.png') });

    // Employment flows come in the reply as a reference to the baseline's; the page fills them
    // in, so the full-matrix CSV has every off-diagonal pair with scenario = baseline.
    await page.click('button[data-tab="flows"]');
    await page.selectOption('#flow-ind', 'employment');
    const [flowCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button', { hasText: 'full matrix' }).first().click(),
    ]);
    const flowRows = readFileSync((await flowCsv.path())!, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    expect(flowRows.length).toBe(31 * 30);
    for (const r of flowRows) {
      expect(r[2]).not.toBe('');
      expect(r[3]).toBe(r[2]);
    }
    expect(flowRows.some((r) => Number(r[2]) > 0)).toBe(true);

    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    console.info(`explorer screenshots in ${shots}`);
  });
});
