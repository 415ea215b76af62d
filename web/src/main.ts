// The explorer: loads labels and the baseline, keeps the what-if scenario (also in the URL, so a
// reload restores it), recomputes it on every edit (debounced, stale replies dropped) against the
// baseline of the same conventions, and draws baseline and scenario side by side.
import './style.css';
import {
  ApiError,
  type ExplorerMeta,
  type ExplorerResponse,
  getBaseline,
  getBaselineFor,
  getMap,
  getMeta,
  runScenario,
  type ScenarioConventions,
  type ScenarioRequest,
} from './api.ts';
import { disposeCharts, registerProvinceMap } from './charts.ts';
import type { CsvProvenance } from './csv.ts';
import { h } from './dom.ts';
import { deltaClass, formatChange, formatFixed, formatInterval, formatScaled, type Num } from './format.ts';
import { activePicker, onActivePickerChange } from './namePicker.ts';
import { displayName, hasLocalNames, onNamesChange, setNames, useLocalNames } from './names.ts';
import { cleanScenario, emptyScenario, ScenarioPanel } from './scenarioPanel.ts';
import { readScenarioFromUrl, writeScenarioToUrl } from './scenarioUrl.ts';
import {
  type Result,
  renderCompensation,
  renderFigures,
  renderFlows,
  renderInequality,
  renderMap,
  renderRoles,
  type ViewContext,
} from './views.ts';

type Tab = 'map' | 'inequality' | 'flows' | 'roles' | 'compensation' | 'figures';
const TABS: readonly [Tab, string][] = [
  ['map', 'Map'],
  ['inequality', 'Inequality'],
  ['flows', 'Flows'],
  ['roles', 'Value-chain roles'],
  ['compensation', 'Compensation'],
  ['figures', 'All figures'],
];
const RENDER: Record<Tab, (view: HTMLElement, c: ViewContext) => void> = {
  map: renderMap,
  inequality: renderInequality,
  flows: renderFlows,
  roles: renderRoles,
  compensation: renderCompensation,
  figures: renderFigures,
};

const state: {
  meta?: ExplorerMeta;
  /** The baseline of the current conventions (the views compare with it). */
  baseline?: ExplorerResponse;
  current?: ExplorerResponse;
  /** Baselines already fetched, by convention set. */
  baselines: Map<string, ExplorerResponse>;
  tab: Tab;
  mapMetric: string;
  ineqVar: string;
  flowIndicator: string;
  seq: number;
} = { tab: 'map', mapMetric: 'pm25', ineqVar: '', flowIndicator: '', seq: 0, baselines: new Map() };

const $ = (id: string) => document.getElementById(id)!;

/** The status line: one line of fixed width; the full text is its tooltip. */
function setStatus(text: string, kind: '' | 'busy' | 'error' = ''): void {
  const s = $('status');
  s.textContent = text;
  s.title = text;
  s.className = `status ${kind}`;
}

function renderKeyFigures(base: Result, cur: Result): void {
  const ids = ['deaths', 'money', 'redistributed'];
  // Gini of the damage distributions: what an emission what-if moves (income is unaffected by it).
  const damageGini = cur.inequality.filter((m) => m.variable.startsWith('damage')).slice(0, 2);
  const ineqGini = (damageGini.length ? damageGini : cur.inequality.slice(0, 2)).map(
    (m) => `gini:${m.variable}`,
  );
  const box = $('keyfigures');
  box.replaceChildren();
  // Which conventions both columns share: a convention is never shown as a change.
  $('baseline-label').textContent = base.conventions
    ? `Baseline and scenario under the same conventions: ${base.conventions.label}; ${base.conventions.draws} Monte Carlo draws, seed ${base.conventions.seed}.`
    : '';
  for (const id of [...ids, ...ineqGini]) {
    const k = cur.keyFigures.find((x) => x.id === id);
    const b = base.keyFigures.find((x) => x.id === id);
    if (!k) continue;
    const index = k.unit === 'index 0–1';
    const show = (v: Num) =>
      index
        ? formatFixed(v, 3)
        : k.unit === 'fraction'
          ? formatScaled(v === null ? null : 100 * v, '%')
          : formatScaled(v, k.unit);
    const ci =
      k.p025 !== undefined && k.p025 !== null && k.p975 !== undefined && k.p975 !== null
        ? `95 %: ${formatInterval(k.p025, k.p975, k.unit)}`
        : '';
    const card = h(
      'div',
      { className: 'kf' },
      h('div', { className: 'label', textContent: k.label }),
      valueEl(show(k.value)),
      ...(ci ? [h('div', { className: 'ci', textContent: ci })] : []),
      h(
        'div',
        { className: 'base' },
        `baseline ${show(b?.value ?? null)} · `,
        h('span', {
          className: `delta ${deltaClass(b?.value ?? null, k.value, true)}`,
          textContent: index
            ? `${k.value !== null && b?.value != null ? (k.value - b.value >= 0 ? '+' : '−') + formatFixed(Math.abs(k.value - b.value), 4) : '–'}`
            : formatChange(b?.value ?? null, k.value, k.unit),
        }),
      ),
    );
    card.dataset.kf = id;
    box.append(card);
  }
}

/** '293 thousand deaths per year' as a large number and a smaller unit, so the card never truncates it. */
function valueEl(text: string): HTMLElement {
  const m = /^([−+]?[\d.,]+(?: %)?)(?: (.*))?$/.exec(text);
  return h(
    'div',
    { className: 'value', title: text },
    m ? m[1]! : text,
    ...(m?.[2] ? [h('span', { className: 'unit', textContent: m[2] })] : []),
  );
}

/** WAI-ARIA tabs: roving tabindex, arrow keys / Home / End move and select, one tabpanel. */
function renderTabs(focus = false): void {
  const nav = $('tabs');
  nav.replaceChildren();
  TABS.forEach(([id, label], k) => {
    const selected = state.tab === id;
    const b = h('button', {
      type: 'button',
      textContent: label,
      id: `tab-${id}`,
      tabIndex: selected ? 0 : -1,
    });
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(selected));
    b.setAttribute('aria-controls', 'view');
    b.dataset.tab = id;
    b.addEventListener('click', () => selectTab(id));
    b.addEventListener('keydown', (e) => {
      const n = TABS.length;
      const to =
        e.key === 'ArrowRight'
          ? (k + 1) % n
          : e.key === 'ArrowLeft'
            ? (k - 1 + n) % n
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? n - 1
                : -1;
      if (to < 0) return;
      e.preventDefault();
      selectTab(TABS[to]![0], true);
    });
    nav.append(b);
    if (selected && focus) queueMicrotask(() => b.focus());
  });
  $('view').setAttribute('aria-labelledby', `tab-${state.tab}`);
}

function selectTab(id: Tab, focus = false): void {
  state.tab = id;
  renderTabs(focus);
  renderView();
}

function outlinedProvinces(): Set<string> {
  const p = activePicker();
  const v = p?.names;
  return new Set(v === undefined || v === 'all' ? [] : v);
}

function onProvinceClick(region: string): void {
  const p = activePicker();
  if (!p) {
    setStatus(`${displayName(region)}: open a province list in the panel to pick on the map`);
    return;
  }
  const what = p.toggle(region);
  setStatus(`${displayName(region)} ${what === 'added' ? 'added to' : 'removed from'} “${p.label}”`);
  if (state.tab === 'map') renderView();
}

function renderView(): void {
  const base = state.baseline?.result;
  const cur = (state.current ?? state.baseline)?.result;
  if (!base || !cur) return;
  disposeCharts();
  const view = $('view');
  view.replaceChildren();
  if (state.meta?.dataset.isDemonstration || state.meta?.airModel.isStandIn) {
    view.append(
      h('div', {
        className: 'note',
        textContent: [
          state.meta.dataset.isDemonstration ? `Demonstration dataset: ${state.meta.dataset.title}.` : '',
          state.meta.airModel.isStandIn ? `Air quality from ${state.meta.airModel.description}` : '',
        ]
          .filter(Boolean)
          .join(' '),
      }),
    );
  }
  if (cur.warnings.length) {
    const list = h('ul');
    for (const w of cur.warnings) list.append(h('li', { textContent: w }));
    view.append(
      h(
        'details',
        { className: 'note' },
        h('summary', { textContent: `${cur.warnings.length} warning(s) from the data and models` }),
        list,
      ),
    );
  }
  view.append(
    h('h2', { className: 'sr-only', textContent: `${TABS.find((t) => t[0] === state.tab)![1]} view` }),
  );
  RENDER[state.tab](view, {
    base,
    cur,
    state,
    precisionNote: state.meta?.reproduce.note ?? '',
    provenance: csvProvenance(cur),
    rerender: renderView,
    outlined: outlinedProvinces(),
    onProvinceClick,
    timing: state.current?.timing,
  });
}

/** The provenance columns of every CSV the page downloads (csv.ts CsvProvenance). */
function csvProvenance(cur: ExplorerResponse['result']): CsvProvenance {
  const scenario = (state.current ?? state.baseline)?.scenario;
  const c = cur.conventions;
  const meta = state.meta;
  return {
    scenario: scenario?.name ?? 'baseline',
    scenarioJson: scenario ? JSON.stringify(scenario) : '',
    thresholdUgm3: c?.threshold ?? cur.threshold,
    vsl: c?.vsl ?? null,
    erf: c?.erf ?? '',
    accounting: c?.accounting ?? '',
    thresholdReading: c?.thresholdReading ?? '',
    cvWeighting: cur.inequality[0]?.cvWeighting ?? '',
    draws: c?.draws ?? meta?.reproduce.draws ?? null,
    seed: c?.seed ?? meta?.reproduce.seed ?? null,
    dataset: meta?.dataset.id ?? '',
    demonstration: meta?.dataset.isDemonstration ?? false,
    airModelStandIn: meta?.airModel.isStandIn ?? false,
  };
}

let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: AbortController | undefined;
let panel: ScenarioPanel | undefined;

function scheduleRun(s: ScenarioRequest): void {
  clearTimeout(timer);
  writeScenarioToUrl(cleanScenario(s));
  timer = setTimeout(() => void recompute(s), 250);
  if (state.tab === 'map') renderView(); // outlines follow the active province list
}

const conventionsKey = (c: ScenarioConventions) =>
  JSON.stringify([c.threshold, c.vsl, c.erf, c.accounting, c.thresholdReading]);

/** The baseline under `c`: fetched once per convention set (the server caches it too). */
async function baselineFor(c: ScenarioConventions, signal: AbortSignal): Promise<ExplorerResponse> {
  const key = conventionsKey(c);
  let b = state.baselines.get(key);
  if (!b) {
    b = await getBaselineFor(c, signal);
    state.baselines.set(key, b);
  }
  return b;
}

/** Results that no longer match the panel (a rejected scenario): greyed, and said so. */
function markStale(stale: boolean): void {
  for (const id of ['keyfigures', 'view']) {
    const el = $(id);
    el.classList.toggle('stale', stale);
    el.setAttribute('aria-describedby', stale ? 'stale-note' : '');
  }
  $('stale-note').hidden = !stale;
}

async function recompute(s: ScenarioRequest): Promise<void> {
  const seq = ++state.seq;
  inflight?.abort();
  inflight = new AbortController();
  setStatus('computing…', 'busy');
  try {
    const clean = cleanScenario(s);
    const base = await baselineFor(clean.conventions, inflight.signal);
    // Conventions only: the baseline of those conventions is the answer, with no "change".
    const levers = clean.intensity.length + clean.finalDemand.length + clean.trade.length > 0;
    const res = levers ? await runScenario(clean, base.result, inflight.signal) : base;
    if (seq !== state.seq) return;
    state.baseline = base;
    state.current = res;
    panel?.showError(null);
    markStale(false);
    const t = res.timing;
    setStatus(
      `scenario computed in ${t.computeMs.toFixed(0)} ms (${t.path === 'intensity' ? 'intensity change, no refactorisation' : t.path}${t.cached ? ', cached' : ''}${t.evaluation ? `; ${t.evaluation.mode} path, health ${t.evaluation.health}` : ''})`,
    );
    document.body.dataset.runs = String(seq);
    renderKeyFigures(state.baseline!.result, res.result);
    renderView();
  } catch (e) {
    if ((e as Error).name === 'AbortError' || seq !== state.seq) return;
    const msg = e instanceof ApiError ? `${e.message}` : `request failed: ${(e as Error).message}`;
    panel?.showError(msg);
    markStale(true);
    setStatus('scenario not computed (see panel)', 'error');
  }
}

function localNamesToggle(): HTMLElement {
  const box = h('input', { type: 'checkbox', id: 'local-names' });
  box.addEventListener('change', () => useLocalNames(box.checked));
  return h(
    'div',
    { className: 'toggle' },
    box,
    h('label', { htmlFor: 'local-names', textContent: 'Chinese names (中文)' }),
  );
}

async function boot(): Promise<void> {
  try {
    const [meta, geo, baseline] = await Promise.all([getMeta(), getMap(), getBaseline()]);
    state.meta = meta;
    state.baseline = baseline;
    state.baselines.set(conventionsKey(emptyScenario(meta).conventions), baseline);
    setNames(meta);
    registerProvinceMap(geo);
    const badges = $('badges');
    if (meta.dataset.isDemonstration)
      badges.append(
        h('span', { className: 'badge', textContent: 'DEMONSTRATION DATA', title: meta.dataset.note }),
      );
    if (meta.airModel.isStandIn)
      badges.append(
        h('span', {
          className: 'badge',
          textContent: 'STAND-IN CTM (not CMAQ)',
          title: meta.airModel.description,
        }),
      );
    badges.append(h('span', { className: 'badge info', textContent: `${meta.currency.label}` }));
    if (hasLocalNames()) $('tools').append(localNamesToggle());
    onNamesChange(() => renderView());
    onActivePickerChange(() => {
      if (state.tab === 'map') renderView();
    });
    panel = new ScenarioPanel($('panel'), meta, scheduleRun);
    renderTabs();
    renderKeyFigures(baseline.result, baseline.result);
    renderView();
    setStatus(`baseline loaded (${meta.regions.length} provinces × ${meta.sectors.length} sectors)`);
    // A scenario in the URL (a reload, a shared link) is restored and computed.
    const fromUrl = readScenarioFromUrl(emptyScenario(meta));
    if (fromUrl.scenario) panel.set(fromUrl.scenario);
    else if (fromUrl.error) panel.showError(fromUrl.error);
    document.body.dataset.ready = 'true';
  } catch (e) {
    setStatus(`could not load: ${(e as Error).message}`, 'error');
  }
}

void boot();
