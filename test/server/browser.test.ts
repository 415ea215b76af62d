// The explorer in a real browser (Debian chromium via playwright-core, headless, loopback only):
// open the app, apply an ultra-low-emission retrofit, see the maps and the Gini change, and
// save a screenshot. Skipped, with a message, only when /usr/bin/chromium is absent.
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerMeta } from '../../src/server/explorerView.ts';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';
import { axeViolations, blocking, screenshotPath } from '../support/axe.ts';
import { CHROMIUM_PATH as CHROMIUM, chromiumAvailable, launchChromium } from '../support/chromium.ts';

const haveChromium = chromiumAvailable;
if (!haveChromium)
  console.warn(`browser test skipped: ${CHROMIUM} not found (install with: apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('explorer in chromium', () => {
  let app: RunningExplorer;
  let browser: BrowserContext;
  let metaJson: ExplorerMeta;
  const meta = () => metaJson;

  beforeAll(async () => {
    app = await startExplorer({ port: 0, host: '127.0.0.1', log: () => {}, settings: { draws: 20 } });
    browser = await launchChromium({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    metaJson = (await (await fetch(`${app.url}api/meta`)).json()) as ExplorerMeta;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('applies a retrofit chosen by zone, filter box and map click, and shows the map and the Gini change', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // Nothing but the app's own origin may be requested.
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        foreign.push(r.url());
    });
    await page.goto(app.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.locator('#map-baseline canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('explorer-1-baseline.png') });

    // Nothing chosen is not "all": the retrofit cannot be applied until provinces are chosen.
    const picker = page.locator('fieldset[data-testid="preset-ule-regions"]');
    const apply = page.locator('button[data-testid="preset-ule-apply"]');
    expect(await apply.isDisabled()).toBe(true);
    await expect.poll(() => picker.locator('.picked').textContent()).toMatch(/None chosen/);

    const giniCard = page.locator('.kf[data-kf^="gini:"]').first();
    const giniBefore = await giniCard.locator('.value').textContent();
    // A zone quick-pick, a province found with the filter box, a province clicked on the map.
    const zone = meta().zoneOfRegion[meta().regions.indexOf('Hebei')]!;
    await picker.getByRole('button', { name: zone }).click();
    await picker.getByRole('searchbox').fill('jiangs');
    expect(await picker.locator('.options input').count()).toBe(1); // Jiangsu only
    await picker.getByLabel('Jiangsu', { exact: true }).check();
    await picker.getByRole('searchbox').fill('');
    await picker.getByRole('button', { name: 'Pick on map' }).click();
    const map = page.locator('#map-baseline canvas').first();
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.14, box.y + box.height * 0.33); // Xinjiang, far west
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Xinjiang added/);
    const chosen = await picker
      .locator('.options input:checked')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const zoneMembers = meta().regions.filter((_, i) => meta().zoneOfRegion[i] === zone);
    expect(chosen.sort()).toEqual([...zoneMembers, 'Jiangsu', 'Xinjiang'].sort());
    expect(await apply.isDisabled()).toBe(false);
    await apply.click();
    await page.waitForSelector('body[data-runs]', { timeout: 60_000 });
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/computed in/);
    const giniAfter = await giniCard.locator('.value').textContent();
    const delta = await giniCard.locator('.delta').textContent();
    expect(giniAfter).not.toBe(giniBefore);
    expect(delta).toMatch(/^[+−]/);
    expect(await page.locator('.rule').count()).toBe(3);
    // The report's number formats: words, never "tn"/"bn" or 10^n units.
    const cards = (await page.locator('#keyfigures').textContent()) ?? '';
    expect(cards).toMatch(/(trillion|billion) CNY/);
    expect(cards).not.toMatch(/\b(tn|bn)\b|10\^/);

    // Hover: baseline, scenario, change and the change's interval from common draws.
    await page.selectOption('#map-metric', 'deaths_suffered');
    await page.waitForTimeout(200);
    const change = (await page.locator('#map-change canvas').first().boundingBox())!;
    await page.mouse.move(change.x + change.width * 0.14, change.y + change.height * 0.33);
    const tip = page.locator('#map-change div', { hasText: 'change' }).last();
    await expect
      .poll(() => tip.textContent(), { timeout: 5000 })
      .toMatch(/baseline .*scenario .*change .*95 %/);
    await page.screenshot({ path: screenshotPath('explorer-2-retrofit-map.png') });
    await page.selectOption('#map-metric', 'pm25');

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
    // Δ Gini of damage triggered (4th data cell after the row header) moves; that of trade-related
    // income cannot. Numbers print with a true minus sign.
    const row = async (label: string) =>
      page.locator('#gini-table tbody tr', { hasText: label }).first().locator('td').allTextContents();
    const damage = await row('Health damage triggered');
    const num = (t: string | undefined) => Number((t ?? '').replace('−', '-'));
    expect(Math.abs(num(damage[3]))).toBeGreaterThan(1e-4);
    const income = await row('Trade-related social income');
    expect(num(income[3])).toBe(0);
    await page.screenshot({ path: screenshotPath('explorer-3-inequality.png') });

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
    console.info(`explorer screenshots in ${screenshotPath('')}`);
  });

  it('tabs follow the WAI-ARIA pattern, every view passes axe, and 800 px has no horizontal overflow', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(app.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const tabs = page.getByRole('tab');
    const n = await tabs.count();
    expect(n).toBe(6);
    const panel = page.getByRole('tabpanel');
    expect(await panel.getAttribute('aria-labelledby')).toBe('tab-map');
    // Arrow keys move the selection (and the focus) along the tabs; Home and End jump.
    await page.locator('#tab-map').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#tab-inequality').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-inequality');
    expect(await panel.getAttribute('aria-labelledby')).toBe('tab-inequality');
    await page.keyboard.press('End');
    expect(await page.locator('#tab-figures').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#tab-map').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
    // ECharts' aria module names every chart.
    await page.waitForSelector('#map-baseline[aria-label][role="img"]');
    expect(await page.locator('#map-baseline').getAttribute('aria-label')).toMatch(
      /Map of Annual-mean PM2.5.*highest/,
    );
    // Optional local (Chinese) province names.
    await page.getByLabel('Chinese names (中文)').check();
    await expect
      .poll(() => page.locator('fieldset[data-testid="preset-ule-regions"] .options').textContent())
      .toContain('Hebei 河北');

    const violations: Record<string, unknown> = {};
    for (const width of [1440, 800]) {
      await page.setViewportSize({ width, height: 1000 });
      for (let k = 0; k < n; k++) {
        await tabs.nth(k).click();
        await page.waitForTimeout(150);
        const id = (await tabs.nth(k).getAttribute('id'))!.replace('tab-', '');
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${id} at ${width}px`,
        ).toBeLessThanOrEqual(width);
        if (width === 800 || k === 0)
          await page.screenshot({ path: screenshotPath(`explorer-${width}-${id}.png`), fullPage: true });
        if (width === 1440) {
          const v = await axeViolations(page);
          if (v.length) violations[id] = v;
          expect(blocking(v), id).toEqual([]);
        }
      }
    }
    if (Object.keys(violations).length)
      console.info(`explorer axe (not blocking): ${JSON.stringify(violations)}`);
    expect(errors).toEqual([]);
  });
});
