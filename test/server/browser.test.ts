// The explorer in a real browser (Debian chromium via playwright-core, headless, loopback only):
// open the app, apply an ultra-low-emission retrofit, see the maps and the Gini change, and
// save a screenshot. Skipped, with a message, only when /usr/bin/chromium is absent.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerMeta } from '../../src/server/explorerView.ts';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';
import { PROVENANCE_HEADER } from '../../web/src/csv.ts';
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

    // The province table downloads as a tidy CSV: one row per province × run, the unit in its
    // own column, and on every row the scenario, its conventions, draws, dataset and the
    // demonstration flag.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button', { hasText: 'table (CSV)' }).first().click(),
    ]);
    const parsed = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8').trim(), {
      header: true,
    });
    expect(parsed.meta.fields).toEqual([
      ...['province', 'layer', 'run', 'value', 'p025', 'p975', 'unit'],
      ...PROVENANCE_HEADER,
    ]);
    expect(PROVENANCE_HEADER).toEqual(
      expect.arrayContaining(['scenario_json', 'erf', 'draws', 'dataset', 'demonstration']),
    );
    const rowsCsv = parsed.data;
    expect(rowsCsv.length).toBe(31 * 4);
    const hebei = (run: string) =>
      Number(rowsCsv.find((r) => r.province === 'Hebei' && r.run === run)!.value);
    expect(hebei('change')).toBeCloseTo(hebei('scenario') - hebei('baseline'), 9);
    expect(hebei('change')).toBeLessThan(0);
    const first = rowsCsv[0]!;
    expect([
      first.layer,
      first.unit,
      first.threshold_ugm3,
      first.erf,
      first.draws,
      first.demonstration,
    ]).toEqual(['pm25', 'µg/m³', '10', 'ier2015', '20', String(meta().dataset.isDemonstration)]);
    expect(first.dataset).toBe(meta().dataset.id);
    expect(JSON.parse(first.scenario_json!).intensity).toHaveLength(3);

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
    const flowRows = Papa.parse<Record<string, string>>(
      readFileSync((await flowCsv.path())!, 'utf8').trim(),
      {
        header: true,
      },
    ).data;
    expect(flowRows.length).toBe(31 * 30 * 2);
    for (let k = 0; k < flowRows.length; k += 2) {
      const [b, s] = [flowRows[k]!, flowRows[k + 1]!];
      expect([b.run, s.run, b.from, b.to]).toEqual(['baseline', 'scenario', s.from, s.to]);
      expect(b.value).not.toBe('');
      expect(s.value).toBe(b.value);
    }
    expect(flowRows.some((r) => Number(r.value) > 0)).toBe(true);

    // Save: the scenario file the CLI runs, its SHA-256 and the command, shown in the panel.
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="save-scenario"]'),
    ]);
    const text = readFileSync((await saved.path())!, 'utf8');
    const file = (await (
      await fetch(`${app.url}api/scenario-file`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(JSON.parse(text)),
      })
    ).json()) as { text: string; sha256: string };
    expect(text).toBe(file.text);
    await expect.poll(() => page.locator('#saved-scenario').textContent()).toContain(file.sha256);
    expect(await page.locator('#cmd-reproduce').textContent()).toMatch(
      /^vchain run --scenario \S+\.json --draws 20 --seed \d+ --out \S+$/,
    );

    // The scenario lives in the URL: a reload restores the three rules and computes them again.
    expect(page.url()).toContain('#scenario=');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await expect.poll(() => page.locator('.rule').count()).toBe(3);
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 30_000 })
      .toMatch(/computed in/);

    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    console.info(`explorer screenshots in ${screenshotPath('')}`);
  });

  it('a convention is never a policy effect; a rejected scenario greys the stale results', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const deaths = page.locator('.kf[data-kf="deaths"]');
    const before = await deaths.locator('.value').textContent();
    // 5 µg/m³: the baseline is recomputed at 5 and labelled so; the card shows no change.
    await page.selectOption('#threshold', '5');
    await expect
      .poll(() => page.locator('#baseline-label').textContent(), { timeout: 30_000 })
      .toMatch(/same conventions: 5 µg\/m³/);
    await expect.poll(() => deaths.locator('.value').textContent()).not.toBe(before);
    expect(await deaths.locator('.delta').textContent()).not.toMatch(/[1-9]/);
    expect(await page.locator('#map-baseline').locator('..').locator('h3').textContent()).toMatch(
      /^Baseline \(5 µg\/m³/,
    );
    await page.screenshot({ path: screenshotPath('explorer-4-convention.png') });
    // A what-if outside the air model's training range is refused: error at the top of the
    // panel, the last results greyed and said to be stale.
    await page.click('button:has-text("+ intensity rule")');
    await page.getByLabel('intensity 1 SO2 factor').fill('5');
    await page.getByLabel('intensity 1 SO2 factor').dispatchEvent('change');
    await page.waitForSelector('#panel-error .error-box', { timeout: 30_000 });
    expect(await page.locator('#panel-error .error-box').textContent()).toMatch(/training range/);
    const panelTop = (await page.locator('#panel h2').first().boundingBox())!.y;
    const errTop = (await page.locator('#panel-error').boundingBox())!.y;
    expect(errTop - panelTop).toBeLessThan(80);
    expect(await page.locator('#view').getAttribute('class')).toMatch(/\bstale\b/);
    expect(await page.locator('#stale-note').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('explorer-5-rejected.png') });
    // Back in range: the results are current again.
    await page.getByLabel('intensity 1 SO2 factor').fill('0.8');
    await page.getByLabel('intensity 1 SO2 factor').dispatchEvent('change');
    await expect
      .poll(() => page.locator('#view').getAttribute('class'), { timeout: 30_000 })
      .not.toMatch(/stale/);
    expect(await page.locator('#stale-note').isVisible()).toBe(false);
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
