/**
 * Employment by province × sector from compensation of employees (docs/employment.md):
 *
 *   E[p,s] = VA001[p,s] / (W_s · ω[p,s]),   ω[p,s] = φ[p,s]·ωF[p,s] + (1 − φ[p,s])·κ·ωO[p,s]
 *
 * W_s is the national earnings level of sector s, fitted so that Σ_p E[p,s] equals national
 * employment in s; ωF is the formal (urban non-private unit) wage of (p,s) relative to the
 * sector's national formal wage, ωO the province's earnings level outside formal units, κ the
 * national ratio of non-formal to formal earnings, φ = F/E the formal share of the cell's
 * workers (F = formal employment). φ depends on E; the fixed point is solved exactly, sector by
 * sector (fitSector). Province totals are bounded below by `floor` (urban-unit employment): an
 * inequality constraint met by iterative proportional fitting (rows below their floor raised,
 * columns restored).
 *
 * Pure: no I/O. Every matrix is province-major (index p·N + s) and labelled.
 */

export interface ProvinceSectorTable {
  readonly provinces: readonly string[];
  readonly sectors: readonly string[];
  readonly unit: string;
  /** Length P·N, index p·N + s. */
  readonly values: Float64Array;
}

export interface ProvinceValues {
  readonly provinces: readonly string[];
  readonly unit: string;
  readonly values: Float64Array;
}

export interface SectorValues {
  readonly sectors: readonly string[];
  readonly unit: string;
  readonly values: Float64Array;
}

/** What the data say about earnings per worker, relative across provinces (unit '1'). */
export interface EarningsModel {
  readonly label: string;
  /** Formal (urban non-private unit) employment per cell, persons: the φ numerator. */
  readonly formalEmployment: ProvinceSectorTable;
  /** ωF: formal wage of the cell relative to the sector's national formal wage. */
  readonly formalWageIndex: ProvinceSectorTable;
  /** ωO: earnings outside formal units relative to the national level. */
  readonly informalEarningsIndex: ProvinceSectorTable;
  /** κ: national earnings outside formal units ÷ formal wage. */
  readonly informalToFormalEarnings: number;
}

export interface EmploymentEstimateInput {
  /** VA001, compensation of employees (incl. mixed income of farm households), 10^4 CNY. */
  readonly compensation: ProvinceSectorTable;
  /** National employment by sector, persons: the column totals. */
  readonly nationalEmployment: SectorValues;
  /** Lower bound of each province's total, persons (urban-unit employment). */
  readonly floor: ProvinceValues;
  /** Persons, for the per-resident diagnostics only. */
  readonly population: ProvinceValues;
  readonly earnings: EarningsModel;
  /** Alternative earnings models: their spread per province is the reported likely error. */
  readonly sensitivity?: readonly EarningsModel[];
  /** Floor tolerance, relative (default 1e-12). */
  readonly tolerance?: number;
  /** Most balancing passes for the floors (default 10 000). */
  readonly maxIterations?: number;
}

export interface ProvinceEmploymentDiagnostics {
  readonly province: string;
  readonly total: number; // persons
  readonly perResident: number;
  readonly floor: number; // persons
  readonly floorBinding: boolean;
  /** floor ÷ total: the share of urban non-private unit employment. */
  readonly urbanUnitShare: number;
  /** Σ_s VA001 ÷ total, CNY per worker and year. */
  readonly compensationPerWorker: number;
  /** Largest |total_variant / total − 1| over the sensitivity models (NaN without them). */
  readonly likelyError: number;
  readonly likelyErrorFrom: string;
  /** Province total under each sensitivity model, persons. */
  readonly byVariant: Readonly<Record<string, number>>;
}

export interface SectorEmploymentDiagnostics {
  readonly sector: string;
  readonly persons: number;
  readonly target: number;
  /** National Σ VA001 ÷ persons, CNY per worker and year. */
  readonly compensationPerWorker: number;
}

export interface EmploymentEstimate {
  readonly employment: ProvinceSectorTable; // persons
  readonly provinces: readonly ProvinceEmploymentDiagnostics[];
  readonly sectors: readonly SectorEmploymentDiagnostics[];
  readonly total: number;
  readonly target: number;
  /** max_s |Σ_p E[p,s] − target_s| / target_s. */
  readonly maxSectorRelResidual: number;
  /** min_p (total_p − floor_p) / floor_p (≥ −tolerance when the floors hold). */
  readonly minFloorMargin: number;
  /** Floor balancing passes (0: no floor binds). */
  readonly iterations: number;
  /** Cells whose formal employment exceeds the estimate (formal wage bill > compensation). */
  readonly cellsFormalAboveEstimate: number;
  readonly perResident: {
    readonly min: number;
    readonly minProvince: string;
    readonly max: number;
    readonly maxProvince: string;
  };
}

/** An input the estimator cannot use, naming the province and/or sector. */
export class EmploymentEstimateError extends Error {
  constructor(detail: string, province?: string, sector?: string) {
    const where = [province, sector].filter((x) => x !== undefined).join(' / ');
    super(`${detail}${where ? ` [${where}]` : ''}`);
    this.name = 'EmploymentEstimateError';
  }
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

function checkTable(t: ProvinceSectorTable, what: string, P: readonly string[], S: readonly string[]): void {
  if (!sameLabels(t.provinces, P) || !sameLabels(t.sectors, S))
    throw new EmploymentEstimateError(
      `${what}: province or sector labels differ from the compensation table`,
    );
  if (t.values.length !== P.length * S.length)
    throw new EmploymentEstimateError(`${what}: ${t.values.length} values, expected ${P.length * S.length}`);
}

function checkInput(inp: EmploymentEstimateInput): void {
  const { provinces: P, sectors: S } = inp.compensation;
  checkTable(inp.compensation, 'compensation', P, S);
  if (!sameLabels(inp.nationalEmployment.sectors, S) || inp.nationalEmployment.values.length !== S.length)
    throw new EmploymentEstimateError(
      'national employment: sector labels differ from the compensation table',
    );
  for (const [v, what] of [
    [inp.floor, 'floor'],
    [inp.population, 'population'],
  ] as const)
    if (!sameLabels(v.provinces, P) || v.values.length !== P.length)
      throw new EmploymentEstimateError(`${what}: province labels differ from the compensation table`);
  const N = S.length;
  inp.compensation.values.forEach((v, k) => {
    if (!(v >= 0) || !Number.isFinite(v))
      throw new EmploymentEstimateError(
        `compensation ${v} (must be finite and ≥ 0)`,
        P[Math.floor(k / N)],
        S[k % N],
      );
  });
  inp.nationalEmployment.values.forEach((v, s) => {
    if (!(v >= 0) || !Number.isFinite(v))
      throw new EmploymentEstimateError(`national employment ${v}`, undefined, S[s]);
    let c = 0;
    for (let p = 0; p < P.length; p++) c += inp.compensation.values[p * N + s];
    if (v > 0 && !(c > 0))
      throw new EmploymentEstimateError(
        'national employment > 0 but no province pays compensation',
        undefined,
        S[s],
      );
  });
  let floors = 0;
  inp.floor.values.forEach((v, p) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new EmploymentEstimateError(`floor ${v}`, P[p]);
    floors += v;
  });
  let total = 0;
  for (const v of inp.nationalEmployment.values) total += v;
  if (floors > total)
    throw new EmploymentEstimateError(`provincial floors sum to ${floors}, more than national ${total}`);
  for (const m of [inp.earnings, ...(inp.sensitivity ?? [])]) checkEarnings(m, P, S);
}

function checkEarnings(m: EarningsModel, P: readonly string[], S: readonly string[]): void {
  checkTable(m.formalEmployment, `${m.label}: formal employment`, P, S);
  checkTable(m.formalWageIndex, `${m.label}: formal wage index`, P, S);
  checkTable(m.informalEarningsIndex, `${m.label}: informal earnings index`, P, S);
  const N = S.length;
  const positive = (t: ProvinceSectorTable, what: string, zeroOk: boolean) =>
    t.values.forEach((v, k) => {
      if (!Number.isFinite(v) || v < 0 || (!zeroOk && v === 0))
        throw new EmploymentEstimateError(`${m.label}: ${what} ${v}`, P[Math.floor(k / N)], S[k % N]);
    });
  positive(m.formalEmployment, 'formal employment', true);
  positive(m.formalWageIndex, 'formal wage index', false);
  positive(m.informalEarningsIndex, 'informal earnings index', false);
  const k = m.informalToFormalEarnings;
  if (!(k > 0) || !Number.isFinite(k))
    throw new EmploymentEstimateError(`${m.label}: informal-to-formal earnings ratio ${k}`);
}

interface CoreResult {
  readonly E: Float64Array;
  readonly iterations: number;
  readonly raised: Uint8Array; // province rows raised to their floor in the last pass
}

/** Scales each column to its target: this is where W_s is fitted. */
function fitColumns(E: Float64Array, P: number, N: number, target: Float64Array): void {
  for (let s = 0; s < N; s++) {
    let c = 0;
    for (let p = 0; p < P; p++) c += E[p * N + s];
    const f = c > 0 ? target[s] / c : 0;
    for (let p = 0; p < P; p++) E[p * N + s] *= f;
  }
}

/**
 * Floors as an inequality (bounded IPF): rows under their floor are raised to it, columns are
 * restored, until no row is under its floor by more than `tol` (relative). Marks raised rows.
 */
function enforceFloors(
  E: Float64Array,
  P: number,
  N: number,
  target: Float64Array,
  floor: Float64Array,
  tol: number,
  maxIter: number,
  raised: Uint8Array,
  provinces: readonly string[],
): number {
  raised.fill(0);
  for (let it = 0; it < maxIter; it++) {
    let under = false;
    for (let p = 0; p < P; p++) {
      let t = 0;
      for (let s = 0; s < N; s++) t += E[p * N + s];
      if (t < floor[p] * (1 - tol)) {
        if (!(t > 0))
          throw new EmploymentEstimateError('floor > 0 but the province pays no compensation', provinces[p]);
        under = true;
        raised[p] = 1;
        const f = floor[p] / t;
        for (let s = 0; s < N; s++) E[p * N + s] *= f;
      }
    }
    if (!under) return it;
    fitColumns(E, P, N, target);
  }
  throw new EmploymentEstimateError(`floors not met after ${maxIter} balancing passes`);
}

/**
 * One sector's cells as functions of μ = 1/W_s (docs/employment.md §2). With φ = F/E the
 * earnings identity E·ω = VA·μ gives E = F + (VA·μ − F·ωF)/(κ·ωO) while that exceeds F, and
 * E = VA·μ/ωF (all formal) below the breakpoint μ_b = F·ωF/VA. Each E_p(μ) is continuous,
 * piecewise linear and increasing, so Σ_p E_p(μ) = target has one solution, found exactly by
 * walking the sorted breakpoints.
 */
function fitSector(
  va: readonly number[],
  F: readonly number[],
  wF: readonly number[],
  wO: readonly number[],
  kappa: number,
  target: number,
): Float64Array {
  const P = va.length;
  const out = new Float64Array(P);
  if (!(target > 0)) return out;
  // Σ_p E_p(μ) = a + b·μ on each segment; start at μ = 0 (every cell below its breakpoint
  // unless it has no formal workers).
  const cells: { mu: number; p: number }[] = [];
  let a = 0;
  let b = 0;
  for (let p = 0; p < P; p++) {
    if (!(va[p] > 0)) continue;
    if (F[p] > 0) {
      b += va[p] / wF[p];
      cells.push({ mu: (F[p] * wF[p]) / va[p], p });
    } else b += va[p] / (kappa * wO[p]);
  }
  cells.sort((x, y) => x.mu - y.mu || x.p - y.p);
  for (const c of cells) {
    if (a + b * c.mu >= target) break;
    // Past the breakpoint: the cell switches to F + (VA·μ − F·ωF)/(κ·ωO).
    const p = c.p;
    b += va[p] / (kappa * wO[p]) - va[p] / wF[p];
    a += F[p] - (F[p] * wF[p]) / (kappa * wO[p]);
  }
  const mu = (target - a) / b;
  for (let p = 0; p < P; p++) {
    if (!(va[p] > 0)) continue;
    const x = va[p] * mu;
    out[p] = F[p] > 0 && x <= F[p] * wF[p] ? x / wF[p] : F[p] + (x - F[p] * wF[p]) / (kappa * wO[p]);
  }
  return out;
}

function solve(inp: EmploymentEstimateInput, m: EarningsModel): CoreResult {
  const P = inp.compensation.provinces.length;
  const N = inp.compensation.sectors.length;
  const va = inp.compensation.values;
  const target = inp.nationalEmployment.values;
  const E = new Float64Array(P * N);
  const col = (a: Float64Array, s: number) => Array.from({ length: P }, (_, p) => a[p * N + s]);
  for (let s = 0; s < N; s++) {
    const e = fitSector(
      col(va, s),
      col(m.formalEmployment.values, s),
      col(m.formalWageIndex.values, s),
      col(m.informalEarningsIndex.values, s),
      m.informalToFormalEarnings,
      target[s],
    );
    for (let p = 0; p < P; p++) E[p * N + s] = e[p];
  }
  const raised = new Uint8Array(P);
  const passes = enforceFloors(
    E,
    P,
    N,
    target,
    inp.floor.values,
    inp.tolerance ?? 1e-12,
    inp.maxIterations ?? 10_000,
    raised,
    inp.compensation.provinces,
  );
  return { E, iterations: passes, raised };
}

function rowTotals(E: Float64Array, P: number, N: number): Float64Array {
  const t = new Float64Array(P);
  for (let p = 0; p < P; p++) for (let s = 0; s < N; s++) t[p] += E[p * N + s];
  return t;
}

/** Estimates employment per province × sector with its diagnostics (see the module comment). */
export function estimateEmployment(inp: EmploymentEstimateInput): EmploymentEstimate {
  checkInput(inp);
  const { provinces, sectors } = inp.compensation;
  const P = provinces.length;
  const N = sectors.length;
  const core = solve(inp, inp.earnings);
  const E = core.E;
  const totals = rowTotals(E, P, N);
  const variants = (inp.sensitivity ?? []).map((m) => ({
    label: m.label,
    totals: rowTotals(solve(inp, m).E, P, N),
  }));
  const va = inp.compensation.values;
  const provinceDiag: ProvinceEmploymentDiagnostics[] = provinces.map((province, p) => {
    let comp = 0;
    for (let s = 0; s < N; s++) comp += va[p * N + s];
    let likelyError = variants.length > 0 ? 0 : Number.NaN;
    let likelyErrorFrom = '';
    const byVariant: Record<string, number> = {};
    for (const v of variants) {
      byVariant[v.label] = v.totals[p];
      const d = Math.abs(v.totals[p] / totals[p] - 1);
      if (d > likelyError) {
        likelyError = d;
        likelyErrorFrom = v.label;
      }
    }
    return {
      province,
      total: totals[p],
      perResident: totals[p] / inp.population.values[p],
      floor: inp.floor.values[p],
      floorBinding: core.raised[p] === 1,
      urbanUnitShare: inp.floor.values[p] / totals[p],
      compensationPerWorker: (comp * 1e4) / totals[p],
      likelyError,
      likelyErrorFrom,
      byVariant,
    };
  });
  let total = 0;
  let target = 0;
  let maxSectorRelResidual = 0;
  const sectorDiag: SectorEmploymentDiagnostics[] = sectors.map((sector, s) => {
    let persons = 0;
    let comp = 0;
    for (let p = 0; p < P; p++) {
      persons += E[p * N + s];
      comp += va[p * N + s];
    }
    const t = inp.nationalEmployment.values[s];
    total += persons;
    target += t;
    if (t > 0) maxSectorRelResidual = Math.max(maxSectorRelResidual, Math.abs(persons - t) / t);
    return { sector, persons, target: t, compensationPerWorker: persons > 0 ? (comp * 1e4) / persons : 0 };
  });
  let minFloorMargin = Number.POSITIVE_INFINITY;
  for (let p = 0; p < P; p++) {
    const f = inp.floor.values[p];
    if (f > 0) minFloorMargin = Math.min(minFloorMargin, (totals[p] - f) / f);
  }
  let cellsFormalAboveEstimate = 0;
  const F = inp.earnings.formalEmployment.values;
  for (let k = 0; k < P * N; k++) if (F[k] > E[k] * (1 + 1e-12)) cellsFormalAboveEstimate++;
  let lo = 0;
  let hi = 0;
  provinceDiag.forEach((d, p) => {
    if (d.perResident < provinceDiag[lo].perResident) lo = p;
    if (d.perResident > provinceDiag[hi].perResident) hi = p;
  });
  return {
    employment: { provinces, sectors, unit: 'persons', values: E },
    provinces: provinceDiag,
    sectors: sectorDiag,
    total,
    target,
    maxSectorRelResidual,
    minFloorMargin,
    iterations: core.iterations,
    cellsFormalAboveEstimate,
    perResident: {
      min: provinceDiag[lo].perResident,
      minProvince: provinces[lo],
      max: provinceDiag[hi].perResident,
      maxProvince: provinces[hi],
    },
  };
}
