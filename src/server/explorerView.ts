import { changeInterval } from '../analysis/drawStatistics.ts';
import type { NotComputed, RegionInterval, RunResult } from '../analysis/runResult.ts';
import type { Matrix } from '../linalg/matrix.ts';
import type { ScenarioRequest } from './scenarioSchema.ts';

/**
 * The JSON the explorer front end receives for one run (baseline or what-if): the parts of a
 * RunResult its views draw, as plain arrays in `regions` order, every block with its unit.
 * Numbers are copied from the RunResult unchanged; non-finite values become null.
 */
export type Num = number | null;

export interface RegionSeries {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly values: readonly Num[];
  /** 95 % interval per region over the Monte Carlo draws (damage and deaths layers). */
  readonly p025?: readonly Num[];
  readonly p975?: readonly Num[];
  /**
   * 95 % interval of the change against the baseline reply, per region: both runs use the same
   * seed (common random numbers), so it is the 2.5/97.5 percentiles of the per-draw differences.
   */
  readonly changeP025?: readonly Num[];
  readonly changeP975?: readonly Num[];
}

export interface ExplorerInequality {
  readonly variable: string;
  readonly label: string;
  readonly unit: string;
  readonly perCapita: readonly Num[];
  readonly gini: Num;
  readonly cv: Num;
  /** 'unweighted' (the paper's CV) or 'population-weighted'. */
  readonly cvWeighting: string;
  readonly topRatio: Num;
  readonly concentrationIndex: Num;
  readonly theil: Num;
  readonly lorenz: readonly { readonly p: number; readonly v: number; readonly region?: string }[];
  /** Why a measure above is null (e.g. `theil`: the index needs non-negative values), by field. */
  readonly notComputed?: NotComputed;
}

export interface ExplorerFlows {
  readonly indicator: string;
  readonly label: string;
  readonly unit: string;
  readonly total: Num;
  readonly top: readonly {
    readonly from: string;
    readonly to: string;
    readonly value: Num;
    readonly share: Num;
    /** Why `share` is null (the flows add up to 0). */
    readonly note?: string;
    /** 95 % interval over the Monte Carlo draws (damage flows). */
    readonly p025?: Num;
    readonly p975?: Num;
  }[];
  /** Full G×G matrix, rows = from, columns = to. */
  readonly matrix: readonly (readonly Num[])[];
  readonly rowsAre: string;
  readonly colsAre: string;
}

export interface ExplorerKeyFigure {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly value: Num;
  readonly p025?: Num;
  readonly p975?: Num;
  /** Why `value` is null, when it is. */
  readonly note?: string;
}

/**
 * The measurement conventions a run was computed with (docs/explorer.md "Conventions"): a
 * what-if is compared only with the baseline of the same conventions.
 */
export interface ExplorerConventions {
  /** Headline counterfactual concentration C₀, µg/m³. */
  readonly threshold: number;
  /** Reference VSL (mean of its distribution) in the output currency, before the income transfer. */
  readonly vsl: number;
  readonly erf: 'ier2015' | 'ier2017' | 'gemm';
  readonly accounting: 'difference' | 'pif';
  readonly thresholdReading: 'floor' | 'shift' | 'ratio' | 'gbd-tmrel';
  readonly draws: number;
  readonly seed: number;
  /** One line naming them, e.g. '10 µg/m³ (floor), VSL 4.53 million CNY, ier2015, difference'. */
  readonly label: string;
}

export interface ExplorerResult {
  readonly threshold: number;
  /** The conventions of this run; its baseline (GET or POST /api/baseline) has the same. */
  readonly conventions?: ExplorerConventions;
  readonly regions: readonly string[];
  readonly population: RegionSeries;
  /** Map layers: PM2.5, trade-related PM2.5, damage triggered / suffered, welfare per capita, mismatch. */
  readonly map: readonly RegionSeries[];
  readonly emissions: readonly RegionSeries[];
  readonly keyFigures: readonly ExplorerKeyFigure[];
  readonly inequality: readonly ExplorerInequality[];
  readonly flows: readonly ExplorerFlows[];
  readonly roles: readonly {
    readonly indicator: string;
    readonly unit: string;
    readonly roles: readonly string[];
    readonly national: Readonly<Record<string, Num>>;
    readonly nationalShare: Readonly<Record<string, Num>>;
    readonly byRegion: Readonly<Record<string, readonly Num[]>>;
    /** Why `nationalShare` is null (nothing carried in total). */
    readonly notComputed?: NotComputed;
  }[];
  readonly compensation: {
    readonly unit: string;
    readonly paid: readonly Num[];
    readonly received: readonly Num[];
    readonly net: readonly Num[];
    readonly netSum: Num;
    readonly perCapitaUnit: string;
    readonly welfareNetBefore: readonly Num[];
    readonly welfareNetAfter: readonly Num[];
    readonly giniBefore: Num;
    readonly giniAfter: Num;
    readonly top: readonly { readonly from: string; readonly to: string; readonly value: Num }[];
  };
  readonly warnings: readonly string[];
}

export interface ExplorerResponse {
  readonly scenario: ScenarioRequest;
  readonly result: ExplorerResult;
  /** Wall time of this request's computation and how it was obtained. */
  readonly timing: {
    readonly computeMs: number;
    /** 'intensity' = no refactorisation (precomputed decomposition reused); 'refactorised' = demand/trade changed. */
    readonly path: 'baseline' | 'intensity' | 'refactorised';
    readonly cached: boolean;
    /** Time spent waiting behind other what-ifs before computing (ms). */
    readonly queueMs?: number;
    readonly stages: Readonly<Record<string, number>>;
    /** How the run was computed: live or full path, emission accounts, health Monte Carlo (draws, seed). */
    readonly evaluation?: NonNullable<RunResult['provenance']['evaluation']>;
  };
}

/**
 * Stands, in a what-if reply, for an entry equal to the baseline's entry with this key (the
 * `indicator` of a flow or role block, the `variable` of an inequality measure): the front end
 * reuses its copy from GET /api/baseline. A live intensity what-if cannot move the employment
 * and social-income flows, roles and inequality (about half of a full reply), so they are
 * sent once, with the baseline.
 */
export interface SameAsBaseline {
  readonly sameAsBaseline: string;
}

/** `result` of a what-if reply as sent: entries equal to the baseline's replaced by references. */
export interface ExplorerReplyResult extends Omit<ExplorerResult, 'flows' | 'inequality' | 'roles'> {
  readonly flows: readonly (ExplorerFlows | SameAsBaseline)[];
  readonly inequality: readonly (ExplorerInequality | SameAsBaseline)[];
  readonly roles: readonly (ExplorerResult['roles'][number] | SameAsBaseline)[];
}

/** A what-if reply as sent by POST /api/scenario (see `withBaselineCopies` in web/src/baselineCopies.ts). */
export interface ExplorerReply extends Omit<ExplorerResponse, 'result'> {
  readonly result: ExplorerReplyResult;
}

/** Deep equality of two view values (plain JSON-like data; numbers compared exactly). */
function sameView(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameView(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) if (!Object.hasOwn(rb, k) || !sameView(ra[k], rb[k])) return false;
  return true;
}

function slimList<T extends object>(
  list: readonly (T | SameAsBaseline)[],
  base: readonly T[],
  key: (x: T) => string,
): (T | SameAsBaseline)[] {
  const byKey = new Map(base.map((b) => [key(b), b]));
  return list.map((x) => {
    if ('sameAsBaseline' in x) return x;
    const b = byKey.get(key(x));
    return b !== undefined && sameView(x, b) ? { sameAsBaseline: key(x) } : x;
  });
}

/**
 * The what-if view with every flow, role and inequality entry that equals the baseline's
 * (value for value) replaced by a `SameAsBaseline` reference.
 */
export function slimAgainstBaseline(view: ExplorerReplyResult, base: ExplorerResult): ExplorerReplyResult {
  return {
    ...view,
    flows: slimList(view.flows, base.flows, (f) => f.indicator),
    inequality: slimList(view.inequality, base.inequality, (m) => m.variable),
    roles: slimList(view.roles, base.roles, (r) => r.indicator),
  };
}

const num = (x: number): Num => (Number.isFinite(x) ? x : null);

/** `{ note }` with the reason `holder` declares for `key` (RunResult `notComputed`), or `{}`. */
const noteFor = (holder: { readonly notComputed?: NotComputed }, key: string) =>
  holder.notComputed?.[key] !== undefined ? { note: holder.notComputed[key] } : {};

/** The view's inequality fields that are null, with the reasons the measure declares. */
function inequalityNotes(m: RunResult['mismatch']['measures'][number]): { notComputed?: NotComputed } {
  const out: Record<string, string> = {};
  const put = (key: string, why: string | undefined) => {
    if (why !== undefined) out[key] = why;
  };
  put('gini', m.notComputed?.gini);
  put('cv', m.notComputed?.cv);
  put('concentrationIndex', m.notComputed?.concentrationIndex);
  put('topRatio', m.topRatio.notComputed?.ratio);
  put('theil', m.theil.notComputed?.total);
  put('lorenz', m.notComputed?.lorenz);
  return Object.keys(out).length > 0 ? { notComputed: out } : {};
}
const arr = (a: ArrayLike<number>): Num[] => Array.from(a, num);

function matrixRows(m: Matrix): Num[][] {
  const out: Num[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(arr(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** The k largest positive off-diagonal cells, descending, ties in row-major order (a stable sort's). */
function topCells(m: Matrix, regions: readonly string[], k: number) {
  const top: number[] = [];
  const d = m.data;
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) {
      const q = i * m.cols + j;
      const v = d[q]!;
      if (i === j || !(v > 0)) continue;
      if (top.length === k && !(v > d[top[k - 1]!]!)) continue;
      let at = top.length;
      while (at > 0 && d[top[at - 1]!]! < v) at--;
      top.splice(at, 0, q);
      if (top.length > k) top.pop();
    }
  return top.map((q) => ({
    from: regions[Math.floor(q / m.cols)]!,
    to: regions[q % m.cols]!,
    value: d[q]! as Num,
  }));
}

/**
 * Selects and flattens what the explorer draws from one RunResult. With `baselineRun`, flow,
 * role and inequality blocks that are the very objects of the baseline's run (the live path
 * reuses its cached employment and income accounts) are not built but sent as references.
 */
export function toExplorerResult(run: RunResult, threshold: number): ExplorerResult;
export function toExplorerResult(
  run: RunResult,
  threshold: number,
  baselineRun: RunResult,
): ExplorerReplyResult;
export function toExplorerResult(
  run: RunResult,
  threshold: number,
  baselineRun?: RunResult,
): ExplorerReplyResult {
  const regions = run.labels.regions;
  const money = run.labels.currency.label;
  const warnings: string[] = [...run.provenance.warnings];
  const dmg = run.damage.find((d) => d.threshold === threshold);
  if (!dmg) warnings.push(`no damage block for threshold ${threshold} µg/m³ in this run`);
  const map = mapLayers(run, dmg, baselineRun);
  const keyFigures = keyFiguresOf(run, dmg);
  return {
    threshold,
    regions,
    population: {
      id: 'population',
      label: 'Population',
      unit: run.population.unit,
      values: arr(run.population.values),
    },
    map,
    emissions: run.emissions.map((e) => ({
      id: e.precursor,
      label: `${e.precursor} emissions (production + direct)`,
      unit: e.unit,
      values: arr(e.baseline.values),
    })),
    keyFigures,
    inequality: run.mismatch.measures.map((m) =>
      baselineRun?.mismatch.measures.includes(m) ? { sameAsBaseline: m.variable } : inequalityView(m),
    ),
    flows: run.pairwise.map((f) =>
      baselineRun?.pairwise.includes(f) ? { sameAsBaseline: f.indicator } : flowView(f),
    ),
    roles: run.roles.shares.map((s) =>
      baselineRun?.roles.shares.includes(s) ? { sameAsBaseline: s.indicator } : roleView(s),
    ),
    compensation: compensationView(run, money),
    warnings,
  };
}

/** The map layers of a run: PM2.5, damage and deaths with intervals (and, against a baseline run, the intervals of their change), per-capita and mismatch layers. */
function mapLayers(
  run: RunResult,
  dmg: RunResult['damage'][number] | undefined,
  baselineRun: RunResult | undefined,
): RegionSeries[] {
  const att = run.attribution;
  const conc = run.concentrations;
  const baseDmg = baselineRun?.damage.find((d) => d.threshold === baselineRun.conventions.headlineThreshold);
  // A map layer with its interval and, against the baseline run, the interval of its change.
  const uncertain = (
    id: string,
    label: string,
    x: RegionInterval,
    base: RegionInterval | undefined,
    scale?: Float64Array,
  ): RegionSeries => {
    const by = (v: Float64Array) => (scale ? Float64Array.from(v, (y, i) => y / scale[i]) : v);
    const change = base ? changeInterval(base, x) : undefined;
    return {
      id,
      label,
      unit: scale ? `${x.unit} per person` : x.unit,
      values: arr(by(x.mean)),
      p025: arr(by(x.p025)),
      p975: arr(by(x.p975)),
      ...(change ? { changeP025: arr(by(change.p025)), changeP975: arr(by(change.p975)) } : {}),
    };
  };
  const map: RegionSeries[] = [
    { id: 'pm25', label: 'Annual-mean PM2.5', unit: conc.unit, values: arr(conc.baseline.values) },
    {
      id: 'pm25_trade',
      label: 'Trade-related PM2.5 (baseline − counterfactual)',
      unit: conc.unit,
      values: arr(conc.tradeRelated.values),
    },
    uncertain(
      'damage_triggered',
      `Damage triggered (by emitting province, ${att.threshold} µg/m³ threshold)`,
      att.triggered,
      baselineRun?.attribution.triggered,
    ),
    uncertain(
      'damage_suffered',
      `Damage suffered (by receptor province, ${att.threshold} µg/m³ threshold)`,
      att.suffered,
      baselineRun?.attribution.suffered,
    ),
  ];
  if (dmg)
    map.push(
      uncertain(
        'deaths_suffered',
        `Premature deaths from trade-related PM2.5 (${dmg.threshold} µg/m³ threshold)`,
        dmg.deaths,
        baseDmg?.deaths,
      ),
    );
  const pop = run.population.values;
  for (const m of run.mismatch.measures) {
    const source =
      m.variable === 'damage_triggered'
        ? [att.triggered, baselineRun?.attribution.triggered]
        : m.variable === 'damage_suffered'
          ? [att.suffered, baselineRun?.attribution.suffered]
          : null;
    map.push(
      source?.[0]
        ? {
            ...uncertain(`pc:${m.variable}`, `${m.label} per capita`, source[0], source[1], pop),
            unit: m.unit,
            values: arr(m.perCapita.values),
          }
        : {
            id: `pc:${m.variable}`,
            label: `${m.label} per capita`,
            unit: m.unit,
            values: arr(m.perCapita.values),
          },
    );
  }
  for (const d of run.mismatch.damagePerWelfare)
    map.push({
      id: `ratio:${d.variable}`,
      label: `Damage/welfare mismatch: ${d.variable}`,
      unit: d.unit,
      values: arr(d.values.values),
    });
  return map;
}

/** The key figures of a run at its threshold, with intervals where the Monte Carlo gives them. */
function keyFiguresOf(run: RunResult, dmg: RunResult['damage'][number] | undefined): ExplorerKeyFigure[] {
  const att = run.attribution;
  const keyFigures: ExplorerKeyFigure[] = [];
  if (dmg) {
    const n = dmg.national;
    keyFigures.push(
      {
        id: 'deaths',
        label: 'Premature deaths from trade-related PM2.5',
        unit: n.deaths.unit,
        value: num(n.deaths.mean),
        p025: num(n.deaths.p025),
        p975: num(n.deaths.p975),
      },
      {
        id: 'money',
        label: 'Monetised health damage of trade',
        unit: n.money.unit,
        value: num(n.money.mean),
        p025: num(n.money.p025),
        p975: num(n.money.p975),
      },
      {
        id: 'cases',
        label: 'Morbidity cases from trade-related PM2.5',
        unit: n.cases.unit,
        value: num(n.cases.mean),
        p025: num(n.cases.p025),
        p975: num(n.cases.p975),
      },
      {
        id: 'trade_share_deaths',
        label: 'Trade share of all PM2.5 deaths (counterfactual: burden(C_base) − burden(C_cf))',
        unit: 'fraction',
        value: num(dmg.tradeShare.deaths),
        ...noteFor(dmg.tradeShare, 'deaths'),
      },
      {
        id: 'trade_share_deaths_proportional',
        label: "Trade share of all PM2.5 deaths (proportional: each province's burden × ΔC/C)",
        unit: 'fraction',
        value: num(dmg.proportional.share.deaths),
        ...noteFor(dmg.proportional.share, 'deaths'),
      },
    );
  }
  keyFigures.push(
    {
      id: 'redistributed',
      label: 'Share of triggered damage carried to other provinces',
      unit: 'fraction',
      value: num(att.redistributedShare),
      ...noteFor(att, 'redistributedShare'),
    },
    {
      id: 'suffer_more_pop',
      label: 'Population share in provinces suffering more than they trigger',
      unit: 'fraction',
      value: num(att.sufferMore.populationShare),
    },
    {
      id: 'all_source',
      label: 'Damage, all sources removed at once',
      unit: att.unit,
      value: num(att.allSource),
      ...noteFor(att, 'allSource'),
    },
    {
      id: 'one_at_a_time',
      label: 'Damage, Σ one-source-at-a-time removals',
      unit: att.unit,
      value: num(att.oneAtATimeSum),
      ...noteFor(att, 'oneAtATimeSum'),
    },
  );
  for (const e of run.emissions)
    keyFigures.push({
      id: `trade_share_${e.precursor}`,
      label: `Trade-related share of ${e.precursor} emissions`,
      unit: 'fraction',
      value: num(e.nationalTradeShare),
      ...noteFor(e, 'nationalTradeShare'),
    });
  for (const m of run.mismatch.measures)
    keyFigures.push({
      id: `gini:${m.variable}`,
      label: `Gini of ${m.label} per capita`,
      unit: 'index 0–1',
      value: num(m.gini),
      ...noteFor(m, 'gini'),
    });
  return keyFigures;
}

function inequalityView(m: RunResult['mismatch']['measures'][number]): ExplorerInequality {
  return {
    variable: m.variable,
    label: m.label,
    unit: m.unit,
    perCapita: arr(m.perCapita.values),
    gini: num(m.gini),
    cv: num(m.cv),
    cvWeighting: m.cvWeighting,
    topRatio: num(m.topRatio.ratio),
    concentrationIndex: num(m.concentrationIndex),
    theil: num(m.theil.total),
    lorenz: m.lorenz.map((pt) => ({ p: pt.populationShare, v: pt.valueShare, region: pt.region })),
    ...inequalityNotes(m),
  };
}

function flowView(f: RunResult['pairwise'][number]): ExplorerFlows {
  return {
    indicator: f.indicator,
    label: f.label,
    unit: f.matrix.unit,
    total: num(f.total),
    top: f.top.map((t) => ({
      from: t.from,
      to: t.to,
      value: num(t.value),
      share: num(t.share),
      ...noteFor(t, 'share'),
      ...(t.p025 !== undefined && t.p975 !== undefined ? { p025: num(t.p025), p975: num(t.p975) } : {}),
    })),
    matrix: matrixRows(f.matrix.values),
    rowsAre: f.matrix.rowsAre,
    colsAre: f.matrix.colsAre,
  };
}

function roleView(s: RunResult['roles']['shares'][number]): ExplorerResult['roles'][number] {
  return {
    indicator: s.indicator,
    unit: s.unit,
    roles: s.roles,
    national: Object.fromEntries(s.roles.map((r) => [r, num(s.national[r])])),
    nationalShare: Object.fromEntries(s.roles.map((r) => [r, num(s.nationalShare[r])])),
    byRegion: Object.fromEntries(s.roles.map((r) => [r, arr(s.byRegion[r])])),
    ...(s.notComputed ? { notComputed: s.notComputed } : {}),
  };
}

function compensationView(run: RunResult, money: string): ExplorerResult['compensation'] {
  const comp = run.compensation;
  const regions = run.labels.regions;
  return {
    unit: comp.unit || money,
    paid: arr(comp.paid.values),
    received: arr(comp.received.values),
    net: arr(comp.net.values),
    netSum: num(comp.netSum),
    perCapitaUnit: comp.welfareNetOfDamage.unit,
    welfareNetBefore: arr(comp.welfareNetOfDamage.before.values),
    welfareNetAfter: arr(comp.welfareNetOfDamage.after.values),
    giniBefore: num(comp.welfareNetOfDamage.giniBefore),
    giniAfter: num(comp.welfareNetOfDamage.giniAfter),
    top: topCells(comp.transfers.values, regions, 20),
  };
}

/** One preset the what-if panel offers: intensity rules applied to provinces the user picks. */
export interface ExplorerPreset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** Where the factors come from (stated as an assumption in the UI and docs/explorer.md). */
  readonly source: string;
  readonly rules: readonly {
    readonly label: string;
    readonly sectors: readonly string[];
    readonly factors: Readonly<Partial<Record<string, number>>>;
  }[];
}

/** Labels, conventions and limits the front end needs before the first run. */
export interface ExplorerMeta {
  readonly dataset: {
    readonly id: string;
    readonly title: string;
    readonly isDemonstration: boolean;
    readonly note: string;
  };
  readonly airModel: { readonly id: string; readonly description: string; readonly isStandIn: boolean };
  readonly healthModel: { readonly id: string; readonly description: string };
  readonly regions: readonly string[];
  readonly regionCodes: readonly (string | null)[];
  readonly regionNamesLocal: readonly (string | null)[];
  readonly zoneOfRegion: readonly string[];
  readonly sectors: readonly string[];
  readonly precursors: readonly string[];
  readonly currency: { readonly code: string; readonly priceYear: number; readonly label: string };
  readonly thresholds: readonly number[];
  readonly defaultThreshold: number;
  readonly vsl: { readonly default: number | null; readonly unit: string; readonly note: string };
  /** The conventions of GET /api/baseline and the choices the panel offers for each. */
  readonly conventions: {
    readonly defaults: ExplorerConventions;
    readonly erf: readonly { readonly id: string; readonly label: string }[];
    readonly accounting: readonly { readonly id: string; readonly label: string }[];
    readonly thresholdReading: readonly { readonly id: string; readonly label: string }[];
  };
  /**
   * How to re-run a saved scenario with `vchain run` (docs/explorer.md "Save"): the explorer's
   * draws and seed reproduce its numbers; without them the CLI runs at full precision.
   */
  readonly reproduce: {
    readonly draws: number;
    readonly seed: number;
    /** Input options `vchain serve` was given (e.g. ['--dataset', 'my-dataset/']). */
    readonly inputArgs: readonly string[];
    /** Why the explorer's numbers differ from `vchain run`'s (draws, flows). */
    readonly note: string;
  };
  readonly presets: readonly ExplorerPreset[];
  readonly limits: {
    readonly maxFactor: number;
    readonly maxRules: number;
    readonly bodyLimitBytes: number;
    /**
     * Emission ratios (scenario / baseline emissions per province and precursor) the air-quality
     * model accepts: its training range (the narrowest over inputs). A what-if outside gets 422.
     */
    readonly emissionRatio: { readonly min: number; readonly max: number };
  };
  readonly monteCarloDraws: number;
}
