// The explorer's views (one per tab): baseline and what-if side by side, every chart with a
// text description and a table under it, numbers in the report's formats.

import { CATEGORICAL } from '../../src/report/palette.ts';
import type { ExplorerResponse } from './api.ts';
import {
  BASELINE_COLOUR,
  drawBars,
  drawLorenz,
  drawProvinceMap,
  type MapCell,
  SCENARIO_COLOUR,
} from './charts.ts';
import type { Cell, CsvProvenance } from './csv.ts';
import { csvButton, h, select, tableEl } from './dom.ts';
import {
  chooseScale,
  formatFixed,
  formatInterval,
  formatNumber,
  formatPercent,
  formatScaled,
  inParentheses,
  type Num,
  unitLabel,
} from './format.ts';
import { displayName } from './names.ts';

export type Result = ExplorerResponse['result'];

export interface ViewContext {
  readonly base: Result;
  readonly cur: Result;
  readonly state: { mapMetric: string; ineqVar: string; flowIndicator: string };
  readonly rerender: () => void;
  /** Provinces chosen in the picker map clicks go to (outlined on the maps). */
  readonly outlined: ReadonlySet<string>;
  readonly onProvinceClick: (region: string) => void;
  readonly timing?: ExplorerResponse['timing'];
  /** Why the explorer's numbers differ from `vchain run`'s (draws, flows). */
  readonly precisionNote: string;
  /** Scenario, conventions, draws and dataset: columns of every downloaded table. */
  readonly provenance: CsvProvenance;
}

/** 'Baseline (10 µg/m³ (floor), VSL 4.53 million CNY, ier2015, difference)' for captions. */
const baselineTitle = (base: Result) =>
  base.conventions ? `Baseline (${base.conventions.label})` : 'Baseline';

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

/** 'highest: Hebei 73, Henan 72; lowest: Tibet 12' (chart descriptions). */
function extremes(regions: readonly string[], values: readonly Num[], fmt: (v: number) => string): string {
  const idx = regions.map((_, i) => i).filter((i) => values[i] !== null && Number.isFinite(values[i]!));
  if (!idx.length) return 'no values';
  idx.sort((a, b) => values[b]! - values[a]!);
  const part = (ix: number[]) => ix.map((i) => `${regions[i]} ${fmt(values[i]!)}`).join(', ');
  return `highest: ${part(idx.slice(0, 3))}; lowest: ${part(idx.slice(-1))}`;
}

/** A chart card: heading and full subtitle as HTML above the canvas. */
function chartCard(title: string, subtitle: string, id: string, tall = false): [HTMLElement, HTMLElement] {
  const chart = h('div', { className: `chart${tall ? ' tall' : ''}`, id });
  const card = h(
    'figure',
    { className: 'card' },
    h(
      'figcaption',
      {},
      h('h3', { textContent: title }),
      h('p', { className: 'subtitle', textContent: subtitle }),
    ),
    chart,
  );
  return [card, chart];
}

function controls(...children: (Node | string)[]): HTMLElement {
  return h('div', { className: 'view-controls' }, ...children);
}

export function renderMap(view: HTMLElement, c: ViewContext): void {
  const { base, cur, state } = c;
  const metrics = cur.map.map((m) => [m.id, m.label] as [string, string]);
  if (!cur.map.some((m) => m.id === state.mapMetric)) state.mapMetric = cur.map[0]!.id;
  const m = cur.map.find((x) => x.id === state.mapMetric)!;
  const b = base.map.find((x) => x.id === state.mapMetric);
  const bv = b?.values ?? m.values.map(() => null);
  view.append(
    controls(
      h('label', { htmlFor: 'map-metric', textContent: 'Layer' }),
      select('map-metric', metrics, state.mapMetric, (v) => {
        state.mapMetric = v;
        c.rerender();
      }),
      h('span', {
        className: 'hint',
        textContent:
          'Hover a province for baseline, scenario, change and 95 % intervals; click it to add it to the active province list.',
      }),
    ),
  );
  const [lo, hi] = finiteRange(bv, m.values);
  const delta = m.values.map((v, i) => (v === null || bv[i] === null ? null : v - bv[i]!));
  const [dlo, dhi] = finiteRange(delta);
  const pair = (a?: readonly Num[], z?: readonly Num[], i = 0): readonly [Num, Num] | undefined =>
    a && z ? [a[i] ?? null, z[i] ?? null] : undefined;
  const cells: MapCell[] = cur.regions.map((_, i) => ({
    baseline: bv[i] ?? null,
    scenario: m.values[i] ?? null,
    baselineCi: pair(b?.p025, b?.p975, i),
    scenarioCi: pair(m.p025, m.p975, i),
    changeCi: pair(m.changeP025, m.changeP975, i),
  }));
  const unit = unitLabel(m.unit);
  const scale = chooseScale([lo, hi], m.unit === 'fraction' ? '' : m.unit);
  const shown = m.unit === 'fraction' ? '%' : scale.unit;
  const fmt = (v: number) => (m.unit === 'fraction' ? formatPercent(v) : formatScaled(v, m.unit));
  const grid = h('div', { className: 'grid3' });
  const panels: [string, string, readonly Num[], number, number, boolean][] = [
    [baselineTitle(c.base), `${m.label} ${inParentheses(shown)}`, bv, lo, hi, false],
    ['Scenario', `${m.label} ${inParentheses(shown)}`, m.values, lo, hi, false],
    [
      'Change: scenario − baseline',
      `${m.label}, change ${inParentheses(shown)}; blue = lower`,
      delta,
      dlo,
      dhi,
      true,
    ],
  ];
  panels.forEach(([title, subtitle, values, min, max, diverging], k) => {
    const [card, chart] = chartCard(title, subtitle, ['map-baseline', 'map-scenario', 'map-change'][k]!);
    grid.append(card);
    queueMicrotask(() =>
      drawProvinceMap(chart, {
        regions: cur.regions,
        values,
        unit: m.unit,
        min,
        max,
        diverging,
        cells,
        outlined: c.outlined,
        onClick: c.onProvinceClick,
        description: `Map of ${m.label}, ${title.split(' (')[0]!.toLowerCase()}, by province: ${extremes(cur.regions, values, fmt)}.`,
      }),
    );
  });
  view.append(grid);
  const header = [
    'Province',
    `Baseline (${unit})`,
    `Scenario (${unit})`,
    `Scenario 95 % interval (${unit})`,
    `Change (${unit})`,
    `Change 95 % interval (${unit})`,
    'Change (%)',
  ];
  const changePct = (i: number) => (bv[i] ? ((delta[i] ?? 0) / bv[i]!) * 100 : null);
  // Tidy: one row per province × run (baseline, scenario, change).
  const csvRows: Cell[][] = cur.regions.flatMap((r, i) => [
    [r, m.id, 'baseline', bv[i] ?? null, b?.p025?.[i] ?? null, b?.p975?.[i] ?? null, m.unit],
    [r, m.id, 'scenario', m.values[i] ?? null, m.p025?.[i] ?? null, m.p975?.[i] ?? null, m.unit],
    [r, m.id, 'change', delta[i] ?? null, m.changeP025?.[i] ?? null, m.changeP975?.[i] ?? null, m.unit],
    [r, m.id, 'change_percent', changePct(i), null, null, '%'],
  ]);
  const display = (x: Num) =>
    m.unit === 'fraction' ? formatPercent(x) : formatNumber(x === null ? null : x / scale.factor);
  const ci = (i: number, a?: readonly Num[], z?: readonly Num[]) => {
    const lo = a?.[i] ?? null;
    const up = z?.[i] ?? null;
    return lo === null || up === null ? '–' : formatInterval(lo / scale.factor, up / scale.factor, '');
  };
  const rows: Cell[][] = cur.regions.map((r, i) => [
    r,
    display(bv[i] ?? null),
    display(m.values[i] ?? null),
    ci(i, m.p025, m.p975),
    display(delta[i] ?? null),
    ci(i, m.changeP025, m.changeP975),
    changePct(i) === null ? '–' : `${formatNumber(changePct(i) as number)} %`,
  ]);
  view.append(
    h(
      'div',
      { className: 'card' },
      controls(
        h('h3', { textContent: `${m.label} by province` }),
        csvButton(
          'table',
          `map_${m.id.replace(/\W+/g, '_')}.csv`,
          ['province', 'layer', 'run', 'value', 'p025', 'p975', 'unit'],
          csvRows,
          c.provenance,
        ),
      ),
      tableEl(
        `${m.label} by province`,
        header.map((x) => x.replace(`(${unit})`, `(${shown})`)),
        rows,
        (cell, j) => (j === 0 ? displayName(String(cell)) : String(cell)),
      ),
    ),
  );
}

export function renderInequality(view: HTMLElement, c: ViewContext): void {
  const { base, cur, state } = c;
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
    controls(
      h('label', { htmlFor: 'ineq-var', textContent: 'Per-capita distribution' }),
      select(
        'ineq-var',
        cur.inequality.map((x) => [x.variable, `${x.label} (${unitLabel(x.unit)})`]),
        state.ineqVar,
        (v) => {
          state.ineqVar = v;
          c.rerender();
        },
      ),
    ),
  );
  const grid = h('div', { className: 'grid2' });
  const [lc, lorenz] = chartCard(
    `Lorenz curve: ${m.label} per capita`,
    'Dashed = baseline, solid = scenario, dotted = equality',
    'lorenz',
  );
  const [bc, bars] = chartCard(`${m.label} per capita by province`, unitLabel(m.unit), 'percapita');
  grid.append(lc, bc);
  view.append(grid);
  queueMicrotask(() => {
    drawLorenz(lorenz, {
      baseline: b?.lorenz ?? [],
      scenario: m.lorenz,
      giniBaseline: b?.gini ?? null,
      giniScenario: m.gini,
      description: `Lorenz curves of ${m.label} per capita: Gini ${formatFixed(b?.gini ?? null, 3)} in the baseline, ${formatFixed(m.gini, 3)} in the scenario.`,
    });
    const order = cur.regions.map((_, i) => i).sort((i, j) => (m.perCapita[j] ?? 0) - (m.perCapita[i] ?? 0));
    drawBars(bars, {
      unit: m.unit,
      categories: order.map((i) => displayName(cur.regions[i]!)),
      series: [
        { name: 'baseline', values: order.map((i) => b?.perCapita[i] ?? null), color: BASELINE_COLOUR },
        { name: 'scenario', values: order.map((i) => m.perCapita[i] ?? null), color: SCENARIO_COLOUR },
      ],
      description: `Bars of ${m.label} per capita by province, baseline and scenario: ${extremes(cur.regions, m.perCapita, (v) => formatScaled(v, m.unit))}.`,
    });
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
  const fmt = (cell: Cell, j: number) =>
    j === 0
      ? String(cell ?? '')
      : j === 1
        ? unitLabel(String(cell ?? ''))
        : formatFixed((cell as Num) ?? null, j === 4 ? 4 : 3);
  view.append(
    h(
      'div',
      { className: 'card', id: 'gini-table' },
      controls(
        h('h3', {
          textContent: `Inequality measures (Gini population-weighted, eq. 11; CV ${cur.inequality[0]?.cvWeighting ?? ''}; METHODS §7)`,
        }),
        csvButton(
          'table',
          'inequality.csv',
          ['variable', 'per_capita_unit', 'measure', 'run', 'value'],
          cur.inequality.flatMap((x) => {
            const y = base.inequality.find((z) => z.variable === x.variable);
            const measures: [string, Num | undefined, Num | undefined][] = [
              ['gini', y?.gini, x.gini],
              ['cv', y?.cv, x.cv],
              ['top_ratio', y?.topRatio, x.topRatio],
              ['concentration_index', y?.concentrationIndex, x.concentrationIndex],
              ['theil', y?.theil, x.theil],
            ];
            return measures.flatMap(([k, bb, ss]) => [
              [x.variable, x.unit, k, 'baseline', bb ?? null],
              [x.variable, x.unit, k, 'scenario', ss ?? null],
            ]);
          }),
          c.provenance,
        ),
      ),
      tableEl('Inequality measures', header, rows, fmt),
    ),
  );
}

export function renderFlows(view: HTMLElement, c: ViewContext): void {
  const { base, cur, state } = c;
  if (!cur.flows.length) {
    view.append(h('p', { textContent: 'No pairwise flows in this run.' }));
    return;
  }
  if (!cur.flows.some((f) => f.indicator === state.flowIndicator))
    state.flowIndicator = cur.flows[0]!.indicator;
  const f = cur.flows.find((x) => x.indicator === state.flowIndicator)!;
  const idx = new Map(cur.regions.map((r, i) => [r, i]));
  const b = base.flows.find((x) => x.indicator === state.flowIndicator);
  view.append(
    controls(
      h('label', { htmlFor: 'flow-ind', textContent: 'Indicator' }),
      select(
        'flow-ind',
        cur.flows.map((x) => [x.indicator, `${x.label} (${unitLabel(x.unit)})`]),
        state.flowIndicator,
        (v) => {
          state.flowIndicator = v;
          c.rerender();
        },
      ),
    ),
  );
  const top = f.top.slice(0, 20);
  const baseOf = (t: (typeof top)[number]) => b?.matrix[idx.get(t.from)!]?.[idx.get(t.to)!] ?? null;
  const [card, chart] = chartCard(
    `Top ${top.length} inter-provincial flows: ${f.label}`,
    `${unitLabel(f.unit)}; exporting → importing province${top.some((t) => t.p025 != null) ? '; hover for the 95 % interval' : ''}`,
    'flows-chart',
    true,
  );
  view.append(card);
  queueMicrotask(() =>
    drawBars(chart, {
      unit: f.unit,
      horizontal: true,
      categories: top.map((t) => `${displayName(t.from)} → ${displayName(t.to)}`),
      series: [
        { name: 'baseline', values: top.map(baseOf), color: BASELINE_COLOUR },
        { name: 'scenario', values: top.map((t) => t.value), color: SCENARIO_COLOUR },
      ],
      detail: (k) => {
        const t = top[k];
        return t && t.p025 != null && t.p975 != null
          ? `scenario 95 %: ${formatInterval(t.p025, t.p975, f.unit)}`
          : '';
      },
      description: `Horizontal bars of the ${top.length} largest flows of ${f.label}, baseline and scenario: ${top
        .slice(0, 3)
        .map((t) => `${t.from} to ${t.to} ${formatScaled(t.value, f.unit)}`)
        .join('; ')}.`,
    }),
  );
  const scale = chooseScale(
    top.map((t) => t.value),
    f.unit,
  );
  const header = [
    'From',
    'To',
    `Baseline (${scale.unit})`,
    `Scenario (${scale.unit})`,
    'Scenario 95 % interval',
    'Scenario share of total',
  ];
  const rows: Cell[][] = top.map((t) => [
    t.from,
    t.to,
    baseOf(t),
    t.value,
    t.p025 != null && t.p975 != null ? formatInterval(t.p025 / scale.factor, t.p975 / scale.factor, '') : '–',
    t.share,
  ]);
  const csvHeader = [
    'indicator',
    'rank',
    'from',
    'to',
    'run',
    'value',
    'p025',
    'p975',
    'share_of_total',
    'unit',
  ];
  const csvRows: Cell[][] = top.flatMap((t, k) => [
    [f.indicator, k + 1, t.from, t.to, 'baseline', baseOf(t), null, null, null, f.unit],
    [f.indicator, k + 1, t.from, t.to, 'scenario', t.value, t.p025 ?? null, t.p975 ?? null, t.share, f.unit],
  ]);
  const full: Cell[][] = [];
  cur.regions.forEach((r, i) => {
    cur.regions.forEach((s, j) => {
      if (i === j) return;
      full.push([f.indicator, r, s, 'baseline', b?.matrix[i]?.[j] ?? null, f.unit]);
      full.push([f.indicator, r, s, 'scenario', f.matrix[i]?.[j] ?? null, f.unit]);
    });
  });
  view.append(
    h(
      'div',
      { className: 'card' },
      controls(
        h('h3', { textContent: `${f.rowsAre} → ${f.colsAre}` }),
        csvButton('top 20', `flows_${f.indicator}_top20.csv`, csvHeader, csvRows, c.provenance),
        csvButton(
          'full matrix',
          `flows_${f.indicator}_matrix.csv`,
          ['indicator', 'from', 'to', 'run', 'value', 'unit'],
          full,
          c.provenance,
        ),
      ),
      tableEl(`Top flows of ${f.label}`, header, rows, (cell, j) =>
        j < 2
          ? displayName(String(cell))
          : j === 4
            ? String(cell)
            : j === 5
              ? formatPercent((cell as Num) ?? null, 2)
              : formatNumber(cell === null ? null : (cell as number) / scale.factor),
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
  final: CATEGORICAL[0]!,
  resource_energy_intermediate: CATEGORICAL[5]!,
  other_intermediate: CATEGORICAL[1]!,
};

export function renderRoles(view: HTMLElement, c: ViewContext): void {
  const { base, cur } = c;
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
  const [card, chart] = chartCard(
    'National shares of trade-related amounts by product role (paper §3.4)',
    'share of each indicator, %',
    'roles-chart',
  );
  view.append(card);
  queueMicrotask(() =>
    drawBars(chart, {
      unit: 'share',
      horizontal: true,
      percent: true,
      categories: cats,
      series,
      description: `Stacked bars of the shares carried by final goods, resource and energy intermediates and other intermediates, per indicator, baseline and scenario: ${cur.roles
        .map((s) => `${s.indicator}: final ${formatPercent(s.nationalShare.final ?? null)}`)
        .join('; ')}.`,
    }),
  );
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
      controls(
        h('h3', { textContent: 'Roles' }),
        csvButton(
          'table',
          'roles.csv',
          ['indicator', 'role', 'run', 'amount', 'share', 'unit'],
          cur.roles.flatMap((s) => {
            const bb = base.roles.find((x) => x.indicator === s.indicator);
            return s.roles.flatMap((role) => [
              [
                s.indicator,
                role,
                'baseline',
                bb?.national[role] ?? null,
                bb?.nationalShare[role] ?? null,
                s.unit,
              ],
              [
                s.indicator,
                role,
                'scenario',
                s.national[role] ?? null,
                s.nationalShare[role] ?? null,
                s.unit,
              ],
            ]);
          }),
          c.provenance,
        ),
      ),
      tableEl('Value-chain roles', header, rows, (cell, j, i) => {
        const unit = String(rows[i]![1] ?? '');
        return j < 3
          ? j === 1
            ? unitLabel(String(cell ?? ''))
            : String(cell ?? '')
          : j >= 5
            ? formatPercent((cell as Num) ?? null)
            : formatScaled((cell as Num) ?? null, unit);
      }),
    ),
  );
}

export function renderCompensation(view: HTMLElement, c: ViewContext): void {
  const { base, cur } = c;
  const k = cur.compensation;
  const b = base.compensation;
  const order = cur.regions.map((_, i) => i).sort((i, j) => (k.net[j] ?? 0) - (k.net[i] ?? 0));
  const [card, chart] = chartCard(
    'Net compensation position (received − paid; beneficiary pays)',
    unitLabel(k.unit),
    'comp-chart',
  );
  view.append(card);
  queueMicrotask(() =>
    drawBars(chart, {
      unit: k.unit,
      categories: order.map((i) => displayName(cur.regions[i]!)),
      series: [
        { name: 'baseline', values: order.map((i) => b.net[i] ?? null), color: BASELINE_COLOUR },
        { name: 'scenario', values: order.map((i) => k.net[i] ?? null), color: SCENARIO_COLOUR },
      ],
      description: `Bars of each province's net beneficiary-pays position, baseline and scenario: ${extremes(cur.regions, k.net, (v) => formatScaled(v, k.unit))}.`,
    }),
  );
  const g = (x: Num) => formatFixed(x, 4);
  view.append(
    h(
      'div',
      { className: 'card' },
      h('h3', { textContent: `Gini of welfare net of damage (${unitLabel(k.perCapitaUnit)})` }),
      tableEl(
        'Gini before and after the transfers',
        ['Run', 'Before transfers', 'After transfers'],
        [
          ['Baseline', b.giniBefore, b.giniAfter],
          ['Scenario', k.giniBefore, k.giniAfter],
        ],
        (x, j) => (j === 0 ? String(x) : g(x as Num)),
      ),
      h('p', {
        className: 'hint',
        textContent:
          'Transfers follow who caused the damage (the final demand that drove the emissions), not who is poorer, so the Gini can rise after them; the report explains the change province by province.',
      }),
    ),
  );
  const scale = chooseScale([...k.paid, ...k.received], k.unit);
  const header = [
    'Province',
    `Paid (${scale.unit})`,
    `Received (${scale.unit})`,
    `Net baseline (${scale.unit})`,
    `Net scenario (${scale.unit})`,
  ];
  const rows: Cell[][] = cur.regions.map((r, i) => [r, k.paid[i], k.received[i], b.net[i], k.net[i]]);
  view.append(
    h(
      'div',
      { className: 'card' },
      controls(
        h('h3', { textContent: 'Transfers by province (scenario)' }),
        csvButton(
          'table',
          'compensation.csv',
          ['province', 'measure', 'run', 'value', 'unit'],
          cur.regions.flatMap((r, i) => [
            [r, 'paid', 'baseline', b.paid[i] ?? null, k.unit],
            [r, 'paid', 'scenario', k.paid[i] ?? null, k.unit],
            [r, 'received', 'baseline', b.received[i] ?? null, k.unit],
            [r, 'received', 'scenario', k.received[i] ?? null, k.unit],
            [r, 'net', 'baseline', b.net[i] ?? null, k.unit],
            [r, 'net', 'scenario', k.net[i] ?? null, k.unit],
          ]),
          c.provenance,
        ),
      ),
      tableEl('Transfers by province', header, rows, (x, j) =>
        j === 0 ? displayName(String(x)) : formatNumber(x === null ? null : (x as number) / scale.factor),
      ),
    ),
  );
}

export function renderFigures(view: HTMLElement, c: ViewContext): void {
  const { base, cur } = c;
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
  const value = (x: Cell, unit: string) =>
    unit === 'fraction'
      ? formatPercent((x as Num) ?? null)
      : unit === 'index 0–1'
        ? formatFixed((x as Num) ?? null, 4)
        : formatScaled((x as Num) ?? null, unit);
  view.append(
    h(
      'div',
      { className: 'card' },
      controls(
        h('h3', { textContent: `Key figures (threshold ${cur.threshold} µg/m³)` }),
        csvButton(
          'table',
          'key_figures.csv',
          ['figure', 'label', 'run', 'value', 'p025', 'p975', 'unit', 'note'],
          cur.keyFigures.flatMap((k) => {
            const bb = base.keyFigures.find((x) => x.id === k.id);
            return [
              [
                k.id,
                k.label,
                'baseline',
                bb?.value ?? null,
                bb?.p025 ?? null,
                bb?.p975 ?? null,
                k.unit,
                bb?.note ?? null,
              ],
              [k.id, k.label, 'scenario', k.value, k.p025 ?? null, k.p975 ?? null, k.unit, k.note ?? null],
            ];
          }),
          c.provenance,
        ),
      ),
      tableEl('Key figures', header, rows, (x, j, i) => {
        const unit = String(rows[i]![1]);
        if (j === 0) return String(x ?? '');
        if (j === 1) return unitLabel(unit);
        if (j === 4 && unit === 'fraction')
          return x === null ? '–' : `${formatNumber(100 * (x as number))} points`;
        return value(x, unit);
      }),
    ),
  );
  view.append(h('p', { className: 'hint', id: 'explorer-vs-run', textContent: c.precisionNote }));
  const t = c.timing;
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
