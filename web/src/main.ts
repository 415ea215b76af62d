// The explorer: loads labels and the baseline, keeps the what-if scenario, recomputes it on every
// edit (debounced, stale replies dropped) and draws baseline and scenario side by side.
import './style.css';
import {
  ApiError,
  type ExplorerMeta,
  type ExplorerResponse,
  getBaseline,
  getMap,
  getMeta,
  runScenario,
  type ScenarioRequest,
} from './api.ts';
import { disposeCharts, drawBars, drawLorenz, drawProvinceMap, registerProvinceMap } from './charts.ts';
import { type Cell, downloadCsv } from './csv.ts';
import { deltaClass, formatDelta, formatValue, type Num, unitLabel } from './format.ts';
import { cleanScenario, ScenarioPanel } from './scenarioPanel.ts';

type Result = ExplorerResponse['result'];
type Tab = 'map' | 'inequality' | 'flows' | 'roles' | 'compensation' | 'figures';
const TABS: readonly [Tab, string][] = [
  ['map', 'Map'],
  ['inequality', 'Inequality'],
  ['flows', 'Flows'],
  ['roles', 'Value-chain roles'],
  ['compensation', 'Compensation'],
  ['figures', 'All figures'],
];

const state: {
  meta?: ExplorerMeta;
  baseline?: ExplorerResponse;
  current?: ExplorerResponse;
  tab: Tab;
  mapMetric: string;
  ineqVar: string;
  flowIndicator: string;
  seq: number;
} = { tab: 'map', mapMetric: 'pm25', ineqVar: '', flowIndicator: '', seq: 0 };

const $ = (id: string) => document.getElementById(id)!;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

function setStatus(text: string, kind: '' | 'busy' | 'error' = ''): void {
  const s = $('status');
  s.textContent = text;
  s.className = `status ${kind}`;
}

function tableEl(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  fmt: (c: Cell, col: number) => string,
): HTMLElement {
  const t = h('table', { className: 'data' });
  t.append(h('thead', {}, h('tr', {}, ...header.map((x) => h('th', { textContent: x })))));
  const body = h('tbody');
  for (const r of rows) body.append(h('tr', {}, ...r.map((c, j) => h('td', { textContent: fmt(c, j) }))));
  t.append(body);
  return h('div', { className: 'tablewrap' }, t);
}

function csvButton(
  label: string,
  file: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): HTMLButtonElement {
  const b = h('button', { className: 'small', textContent: `⇩ ${label} (CSV)` });
  b.addEventListener('click', () => downloadCsv(file, header, rows));
  return b;
}

function select(
  id: string,
  options: readonly [string, string][],
  value: string,
  onChange: (v: string) => void,
): HTMLSelectElement {
  const s = h('select', { id });
  for (const [v, t] of options) s.append(h('option', { value: v, textContent: t, selected: v === value }));
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function finiteRange(...lists: (readonly Num[])[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const l of lists)
    for (const v of l)
      if (v !== null && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
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
  for (const id of [...ids, ...ineqGini]) {
    const k = cur.keyFigures.find((x) => x.id === id);
    const b = base.keyFigures.find((x) => x.id === id);
    if (!k) continue;
    const unit = k.unit === 'fraction' ? '' : k.unit === 'index 0–1' ? '' : ` ${k.unit}`;
    const ci =
      k.p025 !== undefined && k.p025 !== null
        ? ` (95 %: ${formatValue(k.p025, k.unit)}–${formatValue(k.p975 ?? null, k.unit)})`
        : '';
    const card = h(
      'div',
      { className: 'kf' },
      h('div', { className: 'label', textContent: k.label }),
      h(
        'div',
        { className: 'value' },
        k.unit === 'index 0–1' ? (k.value ?? Number.NaN).toFixed(3) : formatValue(k.value, k.unit),
        h('span', { className: 'unit', textContent: unit.trim() }),
      ),
      h(
        'div',
        { className: 'base' },
        `baseline ${k.unit === 'index 0–1' ? (b?.value ?? Number.NaN).toFixed(3) : formatValue(b?.value ?? null, k.unit)}${ci ? '' : ''} · `,
        h('span', {
          className: `delta ${deltaClass(b?.value ?? null, k.value, true)}`,
          textContent: formatDelta(b?.value ?? null, k.value, k.unit === 'index 0–1' ? '' : k.unit),
        }),
      ),
    );
    card.dataset.kf = id;
    if (ci) card.title = `scenario${ci}`;
    box.append(card);
  }
}

function renderTabs(): void {
  const nav = $('tabs');
  nav.replaceChildren();
  for (const [id, label] of TABS) {
    const b = h('button', { textContent: label });
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(state.tab === id));
    b.dataset.tab = id;
    b.addEventListener('click', () => {
      state.tab = id;
      renderTabs();
      renderView();
    });
    nav.append(b);
  }
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
  ({
    map: renderMap,
    inequality: renderInequality,
    flows: renderFlows,
    roles: renderRoles,
    compensation: renderCompensation,
    figures: renderFigures,
  })[state.tab](view, base, cur);
}

function renderMap(view: HTMLElement, base: Result, cur: Result): void {
  const metrics = cur.map.map((m) => [m.id, m.label] as [string, string]);
  if (!cur.map.some((m) => m.id === state.mapMetric)) state.mapMetric = cur.map[0]!.id;
  const m = cur.map.find((x) => x.id === state.mapMetric)!;
  const b = base.map.find((x) => x.id === state.mapMetric);
  const bv = b?.values ?? m.values.map(() => null);
  view.append(
    h(
      'div',
      { className: 'view-controls' },
      h('label', { htmlFor: 'map-metric', textContent: 'Layer' }),
      select('map-metric', metrics, state.mapMetric, (v) => {
        state.mapMetric = v;
        renderView();
      }),
    ),
  );
  const [lo, hi] = finiteRange(bv, m.values);
  const delta = m.values.map((v, i) => (v === null || bv[i] === null ? null : v - bv[i]!));
  const [dlo, dhi] = finiteRange(delta);
  const grid = h('div', { className: 'grid3' });
  const cells = [
    h('div', { className: 'card chart', id: 'map-baseline' }),
    h('div', { className: 'card chart', id: 'map-scenario' }),
    h('div', { className: 'card chart', id: 'map-change' }),
  ];
  grid.append(...cells);
  view.append(grid);
  const unit = unitLabel(m.unit);
  drawProvinceMap(cells[0]!, {
    title: 'Baseline',
    subtitle: `${m.label} (${unit})`,
    regions: cur.regions,
    values: bv,
    unit: m.unit,
    min: lo,
    max: hi,
  });
  drawProvinceMap(cells[1]!, {
    title: 'Scenario',
    subtitle: `${m.label} (${unit})`,
    regions: cur.regions,
    values: m.values,
    unit: m.unit,
    min: lo,
    max: hi,
  });
  drawProvinceMap(cells[2]!, {
    title: 'Change: scenario − baseline',
    subtitle: unit,
    regions: cur.regions,
    values: delta,
    unit: m.unit,
    min: dlo,
    max: dhi,
    diverging: true,
  });
  const header = ['Province', `Baseline (${unit})`, `Scenario (${unit})`, `Change (${unit})`, 'Change (%)'];
  const rows: Cell[][] = cur.regions.map((r, i) => [
    r,
    bv[i],
    m.values[i],
    delta[i],
    bv[i] ? ((delta[i] ?? 0) / bv[i]!) * 100 : null,
  ]);
  view.append(
    h(
      'div',
      { className: 'card' },
      h(
        'div',
        { className: 'view-controls' },
        h('h3', { textContent: `${m.label} by province` }),
        csvButton('table', `map_${m.id.replace(/\W+/g, '_')}.csv`, header, rows),
      ),
      tableEl(header, rows, (c, j) =>
        j === 0
          ? String(c)
          : j === 4
            ? c === null
              ? '–'
              : `${(c as number).toFixed(1)} %`
            : formatValue(c as Num),
      ),
    ),
  );
}

function renderInequality(view: HTMLElement, base: Result, cur: Result): void {
  if (!cur.inequality.length) {
    view.append(h('p', { textContent: 'No inequality measures in this run.' }));
    return;
  }
  if (!cur.inequality.some((m) => m.variable === state.ineqVar))
    state.ineqVar = (
      cur.inequality.find((m) => m.variable === 'damage_suffered') ?? cur.inequality[0]!
    ).variable;
  const m = cur.inequality.find((x) => x.variable === state.ineqVar)!;
  const b = base.inequality.find((x) => x.variable === state.ineqVar);
  view.append(
    h(
      'div',
      { className: 'view-controls' },
      h('label', { htmlFor: 'ineq-var', textContent: 'Per-capita distribution' }),
      select(
        'ineq-var',
        cur.inequality.map((x) => [x.variable, `${x.label} (${x.unit})`]),
        state.ineqVar,
        (v) => {
          state.ineqVar = v;
          renderView();
        },
      ),
    ),
  );
  const grid = h('div', { className: 'grid2' });
  const lorenz = h('div', { className: 'card chart', id: 'lorenz' });
  const bars = h('div', { className: 'card chart', id: 'percapita' });
  grid.append(lorenz, bars);
  view.append(grid);
  drawLorenz(lorenz, {
    title: `Lorenz curve: ${m.label} per capita`,
    baseline: b?.lorenz ?? [],
    scenario: m.lorenz,
    giniBaseline: b?.gini ?? null,
    giniScenario: m.gini,
  });
  const order = cur.regions.map((_, i) => i).sort((i, j) => (m.perCapita[j] ?? 0) - (m.perCapita[i] ?? 0));
  drawBars(bars, {
    title: `${m.label} per capita by province`,
    unit: m.unit,
    categories: order.map((i) => cur.regions[i]!),
    series: [
      { name: 'baseline', values: order.map((i) => b?.perCapita[i] ?? null), color: '#9ca3af' },
      { name: 'scenario', values: order.map((i) => m.perCapita[i] ?? null), color: '#1f6feb' },
    ],
  });
  const header = [
    'Distribution (per capita)',
    'Unit',
    'Gini baseline',
    'Gini scenario',
    'Δ Gini',
    'CV baseline',
    'CV scenario',
    'Top-10 % ratio baseline',
    'Top-10 % ratio scenario',
    'Concentration index scenario',
    'Theil scenario',
  ];
  const rows: Cell[][] = cur.inequality.map((x) => {
    const y = base.inequality.find((z) => z.variable === x.variable);
    return [
      x.label,
      x.unit,
      y?.gini,
      x.gini,
      x.gini !== null && y?.gini != null ? x.gini - y.gini : null,
      y?.cv,
      x.cv,
      y?.topRatio,
      x.topRatio,
      x.concentrationIndex,
      x.theil,
    ];
  });
  const fmt = (c: Cell, j: number) =>
    j < 2 ? String(c ?? '') : c === null || c === undefined ? '–' : (c as number).toFixed(j === 4 ? 4 : 3);
  const t = h(
    'div',
    { className: 'card', id: 'gini-table' },
    h(
      'div',
      { className: 'view-controls' },
      h('h3', { textContent: 'Inequality measures (population-weighted; METHODS §7)' }),
      csvButton('table', 'inequality.csv', header, rows),
    ),
    tableEl(header, rows, fmt),
  );
  view.append(t);
}

function renderFlows(view: HTMLElement, base: Result, cur: Result): void {
  if (!cur.flows.length) {
    view.append(h('p', { textContent: 'No pairwise flows in this run.' }));
    return;
  }
  if (!cur.flows.some((f) => f.indicator === state.flowIndicator))
    state.flowIndicator = cur.flows[0]!.indicator;
  const f = cur.flows.find((x) => x.indicator === state.flowIndicator)!;
  const b = base.flows.find((x) => x.indicator === state.flowIndicator);
  const idx = new Map(cur.regions.map((r, i) => [r, i]));
  view.append(
    h(
      'div',
      { className: 'view-controls' },
      h('label', { htmlFor: 'flow-ind', textContent: 'Indicator' }),
      select(
        'flow-ind',
        cur.flows.map((x) => [x.indicator, `${x.label} (${x.unit})`]),
        state.flowIndicator,
        (v) => {
          state.flowIndicator = v;
          renderView();
        },
      ),
    ),
  );
  const top = f.top.slice(0, 20);
  const chart = h('div', { className: 'card chart tall' });
  view.append(chart);
  drawBars(chart, {
    title: `Top ${top.length} inter-provincial flows: ${f.label}`,
    unit: f.unit,
    horizontal: true,
    categories: top.map((t) => `${t.from} → ${t.to}`),
    series: [
      {
        name: 'baseline',
        values: top.map((t) => b?.matrix[idx.get(t.from)!]?.[idx.get(t.to)!] ?? null),
        color: '#9ca3af',
      },
      { name: 'scenario', values: top.map((t) => t.value), color: '#1f6feb' },
    ],
  });
  const header = ['From', 'To', `Baseline (${f.unit})`, `Scenario (${f.unit})`, 'Scenario share of total'];
  const rows: Cell[][] = top.map((t) => [
    t.from,
    t.to,
    b?.matrix[idx.get(t.from)!]?.[idx.get(t.to)!] ?? null,
    t.value,
    t.share,
  ]);
  const full: Cell[][] = [];
  cur.regions.forEach((r, i) => {
    cur.regions.forEach((s, j) => {
      if (i !== j) full.push([r, s, b?.matrix[i]?.[j] ?? null, f.matrix[i]?.[j] ?? null]);
    });
  });
  view.append(
    h(
      'div',
      { className: 'card' },
      h(
        'div',
        { className: 'view-controls' },
        h('h3', { textContent: `${f.rowsAre} → ${f.colsAre}` }),
        csvButton('top 20', `flows_${f.indicator}_top20.csv`, header, rows),
        csvButton(
          'full matrix',
          `flows_${f.indicator}_matrix.csv`,
          ['From', 'To', `Baseline (${f.unit})`, `Scenario (${f.unit})`],
          full,
        ),
      ),
      tableEl(header, rows, (c, j) =>
        j < 2 ? String(c) : j === 4 ? `${(((c as number) ?? 0) * 100).toFixed(2)} %` : formatValue(c as Num),
      ),
    ),
  );
}

const ROLE_LABEL: Record<string, string> = {
  final: 'final goods',
  resource_energy_intermediate: 'resource & energy intermediates',
  other_intermediate: 'other intermediates',
};
const ROLE_COLOR: Record<string, string> = {
  final: '#4e79a7',
  resource_energy_intermediate: '#e15759',
  other_intermediate: '#f2b134',
};

function renderRoles(view: HTMLElement, base: Result, cur: Result): void {
  if (!cur.roles.length) {
    view.append(h('p', { textContent: 'No value-chain roles in this run.' }));
    return;
  }
  const roles = cur.roles[0]!.roles;
  const cats: string[] = [];
  const series = roles.map((role) => ({
    name: ROLE_LABEL[role] ?? role,
    values: [] as Num[],
    color: ROLE_COLOR[role],
    stack: 'share',
  }));
  for (const s of cur.roles) {
    const b = base.roles.find((x) => x.indicator === s.indicator);
    cats.push(`${s.indicator} · baseline`, `${s.indicator} · scenario`);
    roles.forEach((role, k) => {
      series[k]!.values.push(b?.nationalShare[role] ?? null, s.nationalShare[role] ?? null);
    });
  }
  const chart = h('div', { className: 'card chart' });
  view.append(chart);
  drawBars(chart, {
    title: 'National shares of trade-related amounts carried by each product role (paper §3.4)',
    unit: 'share',
    horizontal: true,
    percent: true,
    categories: cats,
    series,
  });
  const header = ['Indicator', 'Unit', 'Role', 'Baseline', 'Scenario', 'Baseline share', 'Scenario share'];
  const rows: Cell[][] = [];
  for (const s of cur.roles) {
    const b = base.roles.find((x) => x.indicator === s.indicator);
    for (const role of s.roles)
      rows.push([
        s.indicator,
        s.unit,
        ROLE_LABEL[role] ?? role,
        b?.national[role],
        s.national[role],
        b?.nationalShare[role],
        s.nationalShare[role],
      ]);
  }
  view.append(
    h(
      'div',
      { className: 'card' },
      h(
        'div',
        { className: 'view-controls' },
        h('h3', { textContent: 'Roles' }),
        csvButton('table', 'roles.csv', header, rows),
      ),
      tableEl(header, rows, (c, j) =>
        j < 3
          ? String(c ?? '')
          : j >= 5
            ? `${(((c as number) ?? 0) * 100).toFixed(1)} %`
            : formatValue(c as Num),
      ),
    ),
  );
}

function renderCompensation(view: HTMLElement, base: Result, cur: Result): void {
  const c = cur.compensation;
  const b = base.compensation;
  const order = cur.regions.map((_, i) => i).sort((i, j) => (c.net[j] ?? 0) - (c.net[i] ?? 0));
  const chart = h('div', { className: 'card chart' });
  view.append(chart);
  drawBars(chart, {
    title: 'Net compensation position (received − paid; beneficiary pays)',
    unit: c.unit,
    categories: order.map((i) => cur.regions[i]!),
    series: [
      { name: 'baseline', values: order.map((i) => b.net[i] ?? null), color: '#9ca3af' },
      { name: 'scenario', values: order.map((i) => c.net[i] ?? null), color: '#1f6feb' },
    ],
  });
  const g = (x: Num) => (x === null ? '–' : x.toFixed(4));
  view.append(
    h(
      'div',
      { className: 'card' },
      h('h3', { textContent: `Gini of welfare net of damage (${c.perCapitaUnit})` }),
      tableEl(
        ['', 'Before transfers', 'After transfers'],
        [
          ['Baseline', b.giniBefore, b.giniAfter],
          ['Scenario', c.giniBefore, c.giniAfter],
        ],
        (x, j) => (j === 0 ? String(x) : g(x as Num)),
      ),
    ),
  );
  const header = [
    'Province',
    `Paid (${c.unit})`,
    `Received (${c.unit})`,
    `Net baseline (${c.unit})`,
    `Net scenario (${c.unit})`,
  ];
  const rows: Cell[][] = cur.regions.map((r, i) => [r, c.paid[i], c.received[i], b.net[i], c.net[i]]);
  view.append(
    h(
      'div',
      { className: 'card' },
      h(
        'div',
        { className: 'view-controls' },
        h('h3', { textContent: 'Transfers by province (scenario)' }),
        csvButton('table', 'compensation.csv', header, rows),
      ),
      tableEl(header, rows, (x, j) => (j === 0 ? String(x) : formatValue(x as Num))),
    ),
  );
}

function renderFigures(view: HTMLElement, base: Result, cur: Result): void {
  const header = ['Figure', 'Unit', 'Baseline', 'Scenario', 'Change'];
  const rows: Cell[][] = cur.keyFigures.map((k) => {
    const b = base.keyFigures.find((x) => x.id === k.id);
    return [
      k.label,
      k.unit,
      b?.value ?? null,
      k.value,
      k.value !== null && b?.value != null ? k.value - b.value : null,
    ];
  });
  view.append(
    h(
      'div',
      { className: 'card' },
      h(
        'div',
        { className: 'view-controls' },
        h('h3', { textContent: `Key figures (threshold ${cur.threshold} µg/m³)` }),
        csvButton('table', 'key_figures.csv', header, rows),
      ),
      tableEl(header, rows, (c, j) =>
        j < 2 ? String(c ?? '') : formatValue(c as Num, rows[0] && j >= 2 ? '' : ''),
      ),
    ),
  );
  const t = state.current?.timing;
  if (t)
    view.append(
      h('p', {
        className: 'timing',
        textContent: `Last run: ${t.computeMs.toFixed(0)} ms (${t.path}${t.cached ? ', cached' : ''}); stages: ${Object.entries(
          t.stages,
        )
          .map(([k, v]) => `${k} ${(v * 1000).toFixed(1)} ms`)
          .join(', ')}`,
      }),
    );
}

let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: AbortController | undefined;
let panel: ScenarioPanel | undefined;

function scheduleRun(s: ScenarioRequest): void {
  clearTimeout(timer);
  timer = setTimeout(() => void recompute(s), 250);
}

async function recompute(s: ScenarioRequest): Promise<void> {
  const seq = ++state.seq;
  inflight?.abort();
  inflight = new AbortController();
  setStatus('computing…', 'busy');
  try {
    const res = await runScenario(cleanScenario(s), state.baseline!.result, inflight.signal);
    if (seq !== state.seq) return;
    state.current = res;
    panel?.showError(null);
    setStatus(
      `scenario computed in ${res.timing.computeMs.toFixed(0)} ms (${res.timing.path === 'intensity' ? 'intensity change, no refactorisation' : res.timing.path}${res.timing.cached ? ', cached' : ''}${res.timing.evaluation ? `; ${res.timing.evaluation.mode} path, health ${res.timing.evaluation.health}` : ''})`,
    );
    document.body.dataset.runs = String(seq);
    renderKeyFigures(state.baseline!.result, res.result);
    renderView();
  } catch (e) {
    if ((e as Error).name === 'AbortError' || seq !== state.seq) return;
    const msg = e instanceof ApiError ? `${e.message}` : `request failed: ${(e as Error).message}`;
    panel?.showError(msg);
    setStatus('scenario not computed (see panel)', 'error');
  }
}

async function boot(): Promise<void> {
  try {
    const [meta, geo, baseline] = await Promise.all([getMeta(), getMap(), getBaseline()]);
    state.meta = meta;
    state.baseline = baseline;
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
    panel = new ScenarioPanel($('panel'), meta, scheduleRun);
    renderTabs();
    renderKeyFigures(baseline.result, baseline.result);
    renderView();
    setStatus(`baseline loaded (${meta.regions.length} provinces × ${meta.sectors.length} sectors)`);
    document.body.dataset.ready = 'true';
  } catch (e) {
    setStatus(`could not load: ${(e as Error).message}`, 'error');
  }
}

void boot();
