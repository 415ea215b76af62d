import { type CommonBuildChecks, emissionTotals, industrialCorrelation, productionTop3 } from './checks.ts';
import type { ControlTotalsId } from './china2017Emissions.ts';
import type { ProvincialBuildDiagnostics, ProvincialDatasetParts } from './china2017ProvincialBuild.ts';
import { SOURCE_FILES } from './china2017Sources.ts';
import { EMPLOYMENT_SOURCE_FILES } from './employmentSources.ts';
import { PROVINCIAL_IO_FILES } from './provincialTables.ts';
import { expandSourcedUseTable } from './sourcedUseTable.ts';
import { sourceFileHashes } from './sourceHashes.ts';

/** Sums before and after each cleaning step, trillion CNY (docs/dataset.md, step 2). */
export interface CleaningSums {
  readonly raw: number;
  readonly afterReExports: number;
  readonly afterReflows: number;
  readonly final: number;
}

/** Check figures of a china2017-provincial build (printed by the CLI, stored in dataset.json). */
export interface ProvincialBuildSummary extends CommonBuildChecks {
  readonly recipe: 'china2017-provincial';
  readonly controlTotals: ControlTotalsId;
  readonly scaleToNational: boolean;
  /** Factor on every money value: 1, or Σ national output ÷ Σ provincial output. */
  readonly moneyScale: number;
  readonly regions: number;
  readonly sectors: number;
  /** Σ output of the 31 tables and of the national table, trillion CNY (unscaled). */
  readonly output: { readonly provincialTables: number; readonly nationalTable: number };
  /** Published identities of the tables as read (largest relative residual). */
  readonly publishedIdentities: { readonly row: number; readonly column: number };
  readonly cleaning: {
    readonly OF: CleaningSums;
    readonly IF: CleaningSums;
    readonly EX: { readonly raw: number; readonly final: number };
    readonly IM: { readonly raw: number; readonly final: number };
    readonly reExports: number;
    readonly reflows: number;
    readonly reflowCellsSkipped: number;
    /** Chongqing's OF / GO at each step (PROVENANCE: 1.38 → 0.51 → 0.32). */
    readonly chongqingOutflowShare: Omit<CleaningSums, 'final'>;
    /** Per sector, in sector order 01..42: Σ OF / Σ IF applied to the inflows (step 5). */
    readonly inflowScale: readonly number[];
  };
  readonly useBalance: {
    readonly maxIterations: number;
    readonly maxRelError: number;
    /** Per province: factor on final-use totals; Σ|Δ| / Σ of intermediate use and of final use. */
    readonly byProvince: Record<
      string,
      { readonly finalUseScale: number; readonly intermediateChange: number; readonly finalUseChange: number }
    >;
  };
  readonly trade: {
    readonly goodsDistanceDecay: number;
    readonly rasMaxRelError: number;
    readonly rasMaxIterations: number;
    /** National shares of total use supplied by the own province, other provinces, abroad. */
    readonly useShares: { readonly own: number; readonly otherProvinces: number; readonly foreign: number };
    /** Flow-weighted mean shipping distance, km (goods 01–24, rest 25–42). */
    readonly meanDistanceKm: { readonly goods: number; readonly services: number };
  };
  /** Largest relative residuals of the assembled MRIO. */
  readonly identities: {
    readonly row: number; // x = Z1 + Y1 vs the tables' output
    readonly column: number; // x = column sums of Z + imports + VA
    readonly outflow: number; // sales to other provinces vs cleaned OF
    readonly outputShare: number; // max |provincial share by sector − the tables'|
  };
  readonly employment: {
    readonly method: string;
    readonly total: number; // persons
    readonly target: number; // national employment 2017, persons
    readonly maxSectorRelResidual: number;
    /** min over provinces of (total − urban-unit floor) / floor. */
    readonly minFloorMargin: number;
    readonly perResident: { readonly min: [string, number]; readonly max: [string, number] };
    /** Per province: persons, per resident, whether the floor binds, likely error (docs/employment.md). */
    readonly byProvince: Record<
      string,
      {
        readonly persons: number;
        readonly perResident: number;
        readonly floorBinding: boolean;
        readonly likelyError: number;
      }
    >;
  };
}

const TRILLION = 1e8; // 10^4 CNY per trillion CNY

function total(v: Float64Array): number {
  let s = 0;
  for (const a of v) s += a;
  return s;
}

export function provincialSummary(
  parts: ProvincialDatasetParts,
  d: ProvincialBuildDiagnostics,
  options: {
    readonly sourcesDir: string;
    readonly controlTotals: ControlTotalsId;
    readonly scaleToNational: boolean;
  },
): ProvincialBuildSummary {
  const t = d.tables;
  const c = d.cleaning;
  const G = t.provinces.length;
  const N = t.sectorCodes.length;
  const cq = t.provinces.indexOf('Chongqing');
  const cqShare = (v: Float64Array) => {
    let a = 0;
    let b = 0;
    for (let i = 0; i < N; i++) {
      a += v[cq * N + i];
      b += t.GO[cq * N + i];
    }
    return a / b;
  };
  const sums = (raw: Float64Array, s1: Float64Array, s4: Float64Array, fin: Float64Array): CleaningSums => ({
    raw: total(raw) / TRILLION,
    afterReExports: total(s1) / TRILLION,
    afterReflows: total(s4) / TRILLION,
    final: total(fin) / TRILLION,
  });
  let own = 0;
  let other = 0;
  let foreign = 0;
  for (let k = 0; k < G * N; k++) {
    own += c.localSupply[k];
    other += c.IF[k];
    foreign += c.IM[k];
  }
  const use = own + other + foreign;
  const meanDist = (from: number, to: number) => {
    let a = 0;
    let b = 0;
    for (let i = from; i < to; i++) {
      let flow = 0;
      for (let r = 0; r < G; r++) flow += c.OF[r * N + i];
      a += d.trade.meanDistanceKm[i] * flow;
      b += flow;
    }
    return b > 0 ? a / b : 0;
  };
  return {
    recipe: 'china2017-provincial',
    controlTotals: options.controlTotals,
    scaleToNational: options.scaleToNational,
    moneyScale: d.moneyScale,
    regions: G,
    sectors: N,
    output: { provincialTables: total(t.GO) / TRILLION, nationalTable: total(d.nationalOutput) / TRILLION },
    publishedIdentities: { row: t.rowIdentityMaxRel, column: t.columnIdentityMaxRel },
    cleaning: {
      OF: sums(t.OF, c.afterReExports.OF, c.afterReflows.OF, c.OF),
      IF: sums(t.IF, c.afterReExports.IF, c.afterReflows.IF, c.IF),
      EX: { raw: total(t.EX) / TRILLION, final: total(c.EX) / TRILLION },
      IM: { raw: total(t.IM) / TRILLION, final: total(c.IM) / TRILLION },
      reExports: total(c.reExport) / TRILLION,
      reflows: total(c.reflow) / TRILLION,
      reflowCellsSkipped: c.reflowSkipped,
      chongqingOutflowShare: {
        raw: cqShare(t.OF),
        afterReExports: cqShare(c.afterReExports.OF),
        afterReflows: cqShare(c.afterReflows.OF),
      },
      inflowScale: Array.from(c.inflowScale),
    },
    useBalance: {
      maxIterations: Math.max(...d.useBalance.map((b) => b.iterations)),
      maxRelError: Math.max(...d.useBalance.map((b) => b.maxRelError)),
      byProvince: Object.fromEntries(
        d.useBalance.map((b, r) => [
          t.provinces[r],
          {
            finalUseScale: b.finalUseScale,
            intermediateChange: b.intermediateChange,
            finalUseChange: b.finalUseChange,
          },
        ]),
      ),
    },
    trade: {
      goodsDistanceDecay: d.goodsDistanceDecay,
      rasMaxRelError: d.trade.maxRelError,
      rasMaxIterations: d.trade.maxIterations,
      useShares: { own: own / use, otherProvinces: other / use, foreign: foreign / use },
      meanDistanceKm: { goods: meanDist(0, 24), services: meanDist(24, N) },
    },
    identities: assembledIdentities(parts, d),
    employment: employmentSummary(d),
    top3: productionTop3(t.GO, t.provinces, d.sources.provinces, N),
    industrialCorrelation: industrialCorrelation(parts.satellites, d.sources.provinces, N),
    nationalTotals_t: emissionTotals(parts.satellites, d.emissions.control),
    householdTransportShare: d.emissions.householdTransportShare,
    sourceFiles: sourceFileHashes(options.sourcesDir, [
      ...new Set([
        PROVINCIAL_IO_FILES.cells,
        ...Object.values(SOURCE_FILES),
        ...Object.values(EMPLOYMENT_SOURCE_FILES),
      ]),
    ]),
  };
}

/** Row, column and outflow identities of the expanded table against the (scaled) tables. */
function assembledIdentities(p: ProvincialDatasetParts, d: ProvincialBuildDiagnostics) {
  const t = p.table;
  const G = t.regions.length;
  const N = t.sectors.length;
  const n = G * N;
  const { Z, Y, imports } = expandSourcedUseTable(t);
  const K = Y.cols / G;
  const s = d.moneyScale;
  const colSum = new Float64Array(n);
  let row = 0;
  let outflow = 0;
  const x = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const sa = Math.floor(a / N);
    let all = 0;
    let toOthers = 0;
    for (let b = 0; b < n; b++) {
      const z = Z.data[a * n + b];
      all += z;
      colSum[b] += z;
      if (Math.floor(b / N) !== sa) toOthers += z;
    }
    for (let k = 0; k < Y.cols; k++) {
      const y = Y.data[a * Y.cols + k];
      all += y;
      if (Math.floor(k / K) !== sa) toOthers += y;
    }
    x[a] = all;
    const go = d.tables.GO[a] * s;
    if (go > 0) row = Math.max(row, Math.abs(all - go) / go);
    const of = d.cleaning.OF[a] * s;
    if (of > 0) outflow = Math.max(outflow, Math.abs(toOthers - of) / of);
  }
  let column = 0;
  for (let b = 0; b < n; b++) {
    let v = colSum[b] + imports[b];
    for (const va of t.valueAdded) v += va.values[b];
    if (x[b] > 0) column = Math.max(column, Math.abs(v - x[b]) / x[b]);
  }
  let outputShare = 0;
  for (let i = 0; i < N; i++) {
    let model = 0;
    let data = 0;
    for (let r = 0; r < G; r++) {
      model += x[r * N + i];
      data += d.tables.GO[r * N + i];
    }
    if (!(data > 0)) continue;
    for (let r = 0; r < G; r++)
      outputShare = Math.max(outputShare, Math.abs(x[r * N + i] / model - d.tables.GO[r * N + i] / data));
  }
  return { row, column, outflow, outputShare };
}

function employmentSummary(d: ProvincialBuildDiagnostics): ProvincialBuildSummary['employment'] {
  const e = d.employment;
  return {
    method:
      'compensation ÷ province-and-sector wage, fitted to national employment by sector, urban-unit floors (docs/employment.md)',
    total: e.total,
    target: e.target,
    maxSectorRelResidual: e.maxSectorRelResidual,
    minFloorMargin: e.minFloorMargin,
    perResident: {
      min: [e.perResident.minProvince, e.perResident.min],
      max: [e.perResident.maxProvince, e.perResident.max],
    },
    byProvince: Object.fromEntries(
      e.provinces.map((p) => [
        p.province,
        {
          persons: p.total,
          perResident: p.perResident,
          floorBinding: p.floorBinding,
          likelyError: p.likelyError,
        },
      ]),
    ),
  };
}
