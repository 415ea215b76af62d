import { type HealthModel, vslMode } from './model.ts';
import { RandomStream, STREAMS } from './sampling.ts';
import { summariseDraws } from './summary.ts';
import {
  type AgeStructure,
  type AssessOptions,
  type BaselineMortality,
  type DrawTotals,
  type EndpointInfo,
  type HealthAssessment,
  type HealthConventions,
  type HealthInput,
  type HealthMeanDamage,
  type HealthSummaryRow,
  MORTALITY_CAUSES,
} from './types.ts';
import { vslTransferFactors } from './valuation.ts';

/** Annual-mean PM2.5 accepted as input, µg/m³ (docs/health.md §Input checks). */
export const PM25_RANGE_UGM3: readonly [number, number] = [0, 500];

/**
 * Population of one region, persons (docs/health.md §Input checks): more than 0 (a region
 * without inhabitants has no rates or per-capita values) and at most 10¹⁰, more than the
 * world's population (8.0·10⁹ in 2022, UN World Population Prospects 2022).
 */
export const POPULATION_MAX_PERSONS = 1e10;

/** Per-iteration results of one assessment, before summarising. */
interface DrawResults {
  readonly G: number;
  readonly N: number;
  readonly T: number;
  readonly E: number; // endpoints = 5 causes + morbidity endpoints
  /** Per endpoint per draw, index ((t·E + e)·N + d)·G + r: deaths or cases. */
  readonly count: Float64Array;
  /** Same layout: money in model.moneyUnit (0 for unvalued endpoints). */
  readonly money: Float64Array;
  readonly vslFactors: Float64Array;
}

/**
 * Deaths, cases and money per region × endpoint × threshold with Monte Carlo summaries, plus
 * per-draw totals per region (for aggregation and sharing by the analysis).
 * Baseline and counterfactual use the same draws in every iteration (common random numbers).
 */
export function assessDamage(
  model: HealthModel,
  input: HealthInput,
  options: AssessOptions = {},
): HealthAssessment {
  return summarise(model, input, evaluateDraws(model, input), options);
}

/**
 * The damage of `input` and the burden of its baseline concentrations (against 0 µg/m³, i.e.
 * `assessDamage` with pmCounterfactual = 0) in one Monte Carlo pass that shares the baseline
 * relative risks. Each equals its separate `assessDamage` bit for bit (same draws and order).
 */
export function assessDamageAndBurden(
  model: HealthModel,
  input: HealthInput,
  options: AssessOptions = {},
): { readonly damage: HealthAssessment; readonly burden: HealthAssessment } {
  const zero: HealthInput = {
    ...input,
    pmCounterfactual: { ...input.pmCounterfactual, values: new Float64Array(input.regions.length) },
  };
  const [d, b] = evaluateDrawsAgainst(model, input, [
    input.pmCounterfactual.values,
    zero.pmCounterfactual.values,
  ]);
  return { damage: summarise(model, input, d, options), burden: summarise(model, zero, b, options) };
}

function summarise(
  model: HealthModel,
  input: HealthInput,
  res: DrawResults,
  options: AssessOptions,
): HealthAssessment {
  const { G, N, T, E, count, money } = res;
  const nM = MORTALITY_CAUSES.length;
  const endpoints = endpointInfo(model);
  const rows: HealthSummaryRow[] = [];
  const drawTotals: DrawTotals[] = [];
  const regions = [...input.regions, 'TOTAL'];
  const buf = new Float64Array(N);
  const meansOnly = options.summaries === 'means';
  const endpointMeans = meansOnly ? new Float64Array(T * E * G) : undefined;

  for (let t = 0; t < T; t++) {
    const threshold = model.thresholds[t];
    const deaths = new Float64Array(N * G);
    const cases = new Float64Array(N * G);
    const moneyTot = new Float64Array(N * G);
    for (let e = 0; e < E; e++) {
      const o = (t * E + e) * N * G;
      const target = e < nM ? deaths : cases;
      for (let i = 0; i < N * G; i++) {
        target[i] += count[o + i];
        moneyTot[i] += money[o + i];
      }
    }
    drawTotals.push({ threshold, deaths, morbidityCases: cases, money: moneyTot });
    if (endpointMeans) {
      // Same order as summariseDraws: Σ over draws ascending, then ÷ N.
      for (let e = 0; e < E; e++) {
        const o = (t * E + e) * N * G;
        for (let r = 0; r < G; r++) {
          let sum = 0;
          for (let d = 0; d < N; d++) sum += count[o + d * G + r];
          endpointMeans[(t * E + e) * G + r] = sum / N;
        }
      }
      continue;
    }

    // arr[base + d·G + r] holds draw d of region r; the TOTAL row sums regions per draw.
    const pushRows = (
      endpoint: string,
      quantity: 'deaths' | 'cases' | 'money',
      unit: string,
      arr: Float64Array,
      base: number,
    ) => {
      for (let r = 0; r <= G; r++) {
        for (let d = 0; d < N; d++) {
          const o = base + d * G;
          if (r < G) buf[d] = arr[o + r];
          else {
            let s = 0;
            for (let q = 0; q < G; q++) s += arr[o + q];
            buf[d] = s;
          }
        }
        rows.push({ region: regions[r], endpoint, threshold, quantity, unit, summary: summariseDraws(buf) });
      }
    };
    for (let e = 0; e < E; e++) {
      const info = endpoints[e];
      pushRows(info.id, e < nM ? 'deaths' : 'cases', info.unit, count, (t * E + e) * N * G);
    }
    pushRows('deaths_total', 'deaths', 'deaths per year', deaths, 0);
    pushRows('morbidity_cases_total', 'cases', 'cases per year', cases, 0);
    for (let e = 0; e < E; e++) {
      const info = endpoints[e];
      if (info.valued) pushRows(info.id, 'money', model.moneyUnit, money, (t * E + e) * N * G);
    }
    pushRows('money_total', 'money', model.moneyUnit, moneyTot, 0);
  }

  return {
    regions: [...input.regions],
    thresholds: [...model.thresholds],
    draws: N,
    endpoints,
    moneyUnit: model.moneyUnit,
    conventions: conventionsOf(model, input.incomePerCapita !== undefined),
    rows,
    drawTotals,
    ...(endpointMeans ? { endpointMeans } : {}),
    notes: notesOf(model, input.incomePerCapita !== undefined),
  };
}

/** Means over draws only: deaths, morbidity cases and money per threshold and region (fast path). */
export function meanDamage(model: HealthModel, input: HealthInput): HealthMeanDamage {
  const { G, N, T, E, count, money } = evaluateDraws(model, input);
  const nM = MORTALITY_CAUSES.length;
  const deaths: Float64Array[] = [];
  const cases: Float64Array[] = [];
  const moneyOut: Float64Array[] = [];
  for (let t = 0; t < T; t++) {
    const dt = new Float64Array(G);
    const ct = new Float64Array(G);
    const mt = new Float64Array(G);
    for (let r = 0; r < G; r++) {
      // Same summation order as assessDamage: per-draw totals first, then the mean.
      let sd = 0;
      let sc = 0;
      let sm = 0;
      for (let d = 0; d < N; d++) {
        let td = 0;
        let tc = 0;
        let tm = 0;
        for (let e = 0; e < E; e++) {
          const o = ((t * E + e) * N + d) * G + r;
          if (e < nM) td += count[o];
          else tc += count[o];
          tm += money[o];
        }
        sd += td;
        sc += tc;
        sm += tm;
      }
      dt[r] = sd / N;
      ct[r] = sc / N;
      mt[r] = sm / N;
    }
    deaths.push(dt);
    cases.push(ct);
    moneyOut.push(mt);
  }
  return {
    regions: [...input.regions],
    thresholds: [...model.thresholds],
    moneyUnit: model.moneyUnit,
    deaths,
    morbidityCases: cases,
    money: moneyOut,
  };
}

/** Endpoint list in result order: the five causes, then the morbidity endpoints. */
export function endpointInfo(model: HealthModel): EndpointInfo[] {
  const erfSource =
    model.options.erf === 'gemm'
      ? 'Burnett et al. 2018 PNAS 115:9592 (GEMM with the Chinese cohort)'
      : model.options.erf === 'ier2015'
        ? 'Cohen et al. 2017 Lancet 389:1907 (GBD 2015 IER draws)'
        : 'GBD 2017 IER draws';
  const out: EndpointInfo[] = MORTALITY_CAUSES.map((c) => ({
    id: c,
    kind: 'mortality',
    label: CAUSE_LABELS[c],
    unit: 'deaths per year',
    valued: true,
    source: `${erfSource}; baseline rates ${model.parameters.mortality.source}`,
  }));
  for (const m of model.morbidity) {
    out.push({
      id: m.endpoint.id,
      kind: 'morbidity',
      label: m.endpoint.label,
      unit: 'cases per year',
      valued: m.unitValue !== null,
      source: `coefficient: ${m.endpoint.coefficientSource}; incidence: ${m.endpoint.incidenceSource}; unit value: ${m.endpoint.unitValue?.source ?? 'none sourced'}`,
      coefficient: { ...m.endpoint.beta },
    });
  }
  return out;
}

const CAUSE_LABELS: Record<(typeof MORTALITY_CAUSES)[number], string> = {
  IHD: 'ischaemic heart disease deaths',
  STROKE: 'stroke deaths',
  COPD: 'chronic obstructive pulmonary disease deaths',
  LC: 'tracheal, bronchus and lung cancer deaths',
  LRI: 'lower respiratory infection deaths',
};

function conventionsOf(model: HealthModel, hasIncome: boolean): HealthConventions {
  const o = model.options;
  const v = model.parameters.vsl;
  return {
    erf: o.erf,
    accounting: o.accounting,
    thresholdReading: o.thresholdReading,
    thresholds: [...o.thresholds],
    draws: o.draws,
    seed: o.seed,
    currency: model.currency,
    priceYear: o.priceYear,
    vsl: {
      central: v.central,
      low: v.low,
      high: v.high,
      mode: vslMode(v),
      reference: v.central * model.vslPriceFactor,
      distribution:
        'triangular on [low, high] with mean = central (mode = 3·central − low − high); money uses its draws, so the mean money is deaths × central (× the income transfer)',
      sourcePriceYear: v.priceYear,
      priceFactor: model.vslPriceFactor,
      source: v.source,
    },
    vslIncomeElasticity: o.vslIncomeElasticity,
    vslTransfer: hasIncome ? 'income-elasticity' : 'uniform',
    airModelRelativeSd: o.airModelRelativeSd,
    mortalityRateRelativeSd: o.mortalityRateRelativeSd,
    quantileMethod: 'linear interpolation between order statistics (R type 7, numpy linear)',
  };
}

function notesOf(model: HealthModel, hasIncome: boolean): string[] {
  const n = [...model.notes];
  n.push(
    hasIncome
      ? `VSL transferred across regions with income elasticity ${model.options.vslIncomeElasticity}, reference = population-weighted mean income.`
      : 'No income per capita given: the same VSL for every region.',
  );
  if (model.options.airModelRelativeSd > 0) {
    n.push(
      `Air-quality prediction error: C_cf = C_base − (C_base − C_cf)·(1 + ${model.options.airModelRelativeSd}·ε), ε ~ N(0,1) per region and iteration, C_cf floored at 0.`,
    );
  }
  return n;
}

function sameRegions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Checks the input (core-level RangeError; the io layer reports file/row/column first). */
function checkInput(input: HealthInput): void {
  const G = input.regions.length;
  if (G === 0) throw new RangeError('no regions');
  if (new Set(input.regions).size !== G) throw new RangeError('duplicate region names');
  const vecs = [
    ['population', input.population],
    ['pmBaseline', input.pmBaseline],
    ['pmCounterfactual', input.pmCounterfactual],
    ['incomePerCapita', input.incomePerCapita],
  ] as const;
  for (const [name, v] of vecs) {
    if (!v) continue;
    if (v.values.length !== G || !sameRegions(v.regions, input.regions)) {
      throw new RangeError(`${name}: regions differ from input.regions`);
    }
    for (let r = 0; r < G; r++) {
      const x = v.values[r];
      if (!Number.isFinite(x)) throw new RangeError(`${name}: non-finite value for ${input.regions[r]}`);
      if (name === 'population' && !(x > 0 && x <= POPULATION_MAX_PERSONS))
        throw new RangeError(
          `population: ${x} for ${input.regions[r]}; expected more than 0 and at most ${POPULATION_MAX_PERSONS} persons`,
        );
      if (name === 'incomePerCapita' && !(x > 0))
        throw new RangeError(`incomePerCapita: must be > 0 for ${input.regions[r]}`);
      if (
        (name === 'pmBaseline' || name === 'pmCounterfactual') &&
        (x < PM25_RANGE_UGM3[0] || x > PM25_RANGE_UGM3[1])
      ) {
        throw new RangeError(
          `${name}: ${x} µg/m³ for ${input.regions[r]} outside ${PM25_RANGE_UGM3.join('–')}`,
        );
      }
    }
  }
}

/** Mortality and age structure for one region (provincial override or national). */
function regionBaseline(model: HealthModel, region: string): { mort: BaselineMortality; age: AgeStructure } {
  const p = model.parameters;
  return {
    mort: p.regionalMortality?.get(region) ?? p.mortality,
    age: p.regionalAgeStructure?.get(region) ?? p.ageStructure,
  };
}

/** Σ_a share_a · rate_{c,a} / 1e5 over the bands a curve covers: deaths per person per year at RR → ∞ scale. */
function curveWeight(
  mort: BaselineMortality,
  age: AgeStructure,
  cause: (typeof MORTALITY_CAUSES)[number],
  from: number,
  to: number,
  region: string,
): number {
  const rates = mort.rates.get(cause);
  let w = 0;
  for (let i = 0; i < age.ageStarts.length; i++) {
    const a = age.ageStarts[i];
    if (a < from || a > to) continue;
    const y0 = rates?.get(a);
    if (y0 === undefined) throw new RangeError(`${region}: no baseline ${cause} mortality for age band ${a}`);
    w += age.shares[i] * (y0 / 1e5);
  }
  return w;
}

/**
 * Share of the population aged [from, to] (inclusive years), assuming ages uniform within each
 * 5-year band; the open top band counts as 5 years wide when only part of it is covered.
 */
export function ageShare(age: AgeStructure, from: number, to: number | null): number {
  const hi = to === null ? Number.POSITIVE_INFINITY : to + 1;
  let s = 0;
  const n = age.ageStarts.length;
  for (let i = 0; i < n; i++) {
    const a = age.ageStarts[i];
    const b = i + 1 < n ? age.ageStarts[i + 1] : a + 5;
    const open = i + 1 === n;
    const lo = Math.max(a, from);
    const up = open && hi === Number.POSITIVE_INFINITY ? b : Math.min(b, hi);
    if (up <= lo) continue;
    s += age.shares[i] * ((up - lo) / (b - a));
  }
  return s;
}

const weightCache = new WeakMap<
  HealthModel,
  {
    regions: readonly string[];
    pop: Float64Array;
    popW: Float64Array;
    popM: Float64Array;
  }
>();

/**
 * popW[r·K + k] = P_r · Σ_a share · y0 (deaths per year at AF = 1) per curve k; popM[r·M + e] =
 * P_r · share of the endpoint's ages. Kept per model for the last regions and population seen
 * (what-ifs change concentrations, not people), compared value by value before reuse.
 */
function populationWeights(
  model: HealthModel,
  regions: readonly string[],
  pop: Float64Array,
): { popW: Float64Array; popM: Float64Array } {
  const hit = weightCache.get(model);
  if (
    hit &&
    hit.regions.length === regions.length &&
    hit.regions.every((x, r) => x === regions[r]) &&
    hit.pop.length === pop.length &&
    hit.pop.every((x, r) => Object.is(x, pop[r]))
  )
    return hit;
  const G = regions.length;
  const K = model.curves.length;
  const M = model.morbidity.length;
  const popW = new Float64Array(G * K);
  const popM = new Float64Array(G * M);
  for (let r = 0; r < G; r++) {
    const { mort, age } = regionBaseline(model, regions[r]);
    for (let k = 0; k < K; k++) {
      const c = model.curves[k];
      popW[r * K + k] = pop[r] * curveWeight(mort, age, c.cause, c.bandFrom, c.bandTo, regions[r]);
    }
    for (let e = 0; e < M; e++) {
      const ep = model.morbidity[e].endpoint;
      popM[r * M + e] = pop[r] * ageShare(age, ep.ageFrom, ep.ageTo);
    }
  }
  weightCache.set(model, { regions: [...regions], pop: Float64Array.from(pop), popW, popM });
  return { popW, popM };
}

/** The Monte Carlo kernel: every draw × threshold × curve × region, both scenarios. */
function evaluateDraws(model: HealthModel, input: HealthInput): DrawResults {
  return evaluateDrawsAgainst(model, input, [input.pmCounterfactual.values])[0];
}

/**
 * The Monte Carlo kernel: every draw × threshold × curve × region, the baseline against one or
 * more counterfactual concentration vectors. RR at the baseline is computed once per draw and
 * shared; each counterfactual's arithmetic is exactly that of a separate evaluation (same draws,
 * same air-model errors, same summation order), so the results are bit-identical to it.
 */
function evaluateDrawsAgainst(
  model: HealthModel,
  input: HealthInput,
  counterfactuals: readonly Float64Array[],
): DrawResults[] {
  checkInput(input);
  const G = input.regions.length;
  const N = model.draws;
  const T = model.thresholds.length;
  const nM = MORTALITY_CAUSES.length;
  const M = model.morbidity.length;
  const E = nM + M;
  const K = model.curves.length;
  const V = counterfactuals.length;
  const pop = input.population.values;
  const pb = input.pmBaseline.values;
  const isDiff = model.options.accounting === 'difference';
  for (const pc of counterfactuals) {
    if (pc.length !== G) throw new RangeError('counterfactual: regions differ from input.regions');
    for (let r = 0; r < G; r++)
      if (!(pc[r] >= PM25_RANGE_UGM3[0] && pc[r] <= PM25_RANGE_UGM3[1]))
        throw new RangeError(
          `pmCounterfactual: ${pc[r]} µg/m³ for ${input.regions[r]} outside ${PM25_RANGE_UGM3.join('–')}`,
        );
  }

  const { popW, popM } = populationWeights(model, input.regions, pop);

  // Counterfactual concentration per draw (air-model error on the change), else the input.
  const s = model.options.airModelRelativeSd;
  const pcds: (Float64Array | null)[] = counterfactuals.map((pc) => {
    if (!(s > 0)) return null;
    const air = new RandomStream(model.options.seed, STREAMS.airModelError);
    const pcd = new Float64Array(N * G);
    for (let d = 0; d < N; d++) {
      for (let r = 0; r < G; r++) {
        const v = pb[r] - (pb[r] - pc[r]) * (1 + s * air.normal());
        pcd[d * G + r] = Math.max(v, 0);
      }
    }
    return pcd;
  });
  const perDraw = s > 0;

  const { factors: vslFactors } = vslTransferFactors(
    pop,
    input.incomePerCapita?.values,
    model.options.vslIncomeElasticity,
  );
  const counts = counterfactuals.map(() => new Float64Array(T * E * G * N));
  const moneys = counterfactuals.map(() => new Float64Array(T * E * G * N));

  // ln(C − T) per region (per draw with the air-model error), shared by every IER curve whose
  // counterfactual level equals the threshold ('floor' with T ≥ z_cf, 'shift'): one log fewer per RR.
  const ccAll = counterfactuals.map((pc, v) => pcds[v] ?? pc);
  const nC = perDraw ? N * G : G;
  const lnB = new Float64Array(G);
  const lnC = counterfactuals.map(() => new Float64Array(nC));
  // GEMM: only θ is drawn, so the shape S(x) = ln(1 + x/α)/(1 + exp(−(x − μ)/ν)) is per curve and region.
  const sB = new Float64Array(G);
  const sC = counterfactuals.map(() => new Float64Array(nC));
  const rrbs = new Float64Array(G);

  for (let t = 0; t < T; t++) {
    const th = model.thresholds[t];
    for (let r = 0; r < G; r++) lnB[r] = pb[r] > th ? Math.log(pb[r] - th) : Number.NaN;
    for (let v = 0; v < V; v++) {
      const cc = ccAll[v];
      const ln = lnC[v];
      for (let i = 0; i < nC; i++) ln[i] = cc[i] > th ? Math.log(cc[i] - th) : Number.NaN;
    }
    for (let k = 0; k < K; k++) {
      const cv = model.curves[k];
      const mult = model.mortalityMultiplier[cv.causeIndex];
      const base = (t * E + cv.causeIndex) * N * G;
      if (cv.kind === 'ier') {
        for (let d = 0; d < N; d++) {
          const alpha = cv.p1[d];
          const gamma = cv.p2[d];
          const delta = cv.p3[d];
          const z0 = cv.zEff[t * N + d];
          const cut = cv.cut[t * N + d];
          const div = cv.divisor[t * N + d];
          const m = mult[d];
          const cached = z0 === th;
          const off = perDraw ? d * G : 0;
          const o = base + d * G;
          // METHODS §6 IER: RR = 1 + α(1 − exp(−γ (z − z0)^δ)), then the threshold reading's divisor
          for (let r = 0; r < G; r++) {
            const cb = pb[r];
            let rrb = 1;
            if (cb > cut) {
              const lx = cached ? lnB[r] : Math.log(cb - z0);
              rrb = (1 + alpha * (1 - Math.exp(-gamma * Math.exp(delta * lx)))) / div;
            }
            rrbs[r] = rrb;
          }
          for (let v = 0; v < V; v++) {
            const cc0 = ccAll[v];
            const ln = lnC[v];
            const count = counts[v];
            for (let r = 0; r < G; r++) {
              const cc = cc0[off + r];
              const rrb = rrbs[r];
              let rrc = 1;
              if (cc > cut) {
                const lx = cached ? ln[off + r] : Math.log(cc - z0);
                rrc = (1 + alpha * (1 - Math.exp(-gamma * Math.exp(delta * lx)))) / div;
              }
              const frac = isDiff ? 1 / rrc - 1 / rrb : (rrb - rrc) / rrb;
              count[o + r] += popW[r * K + k] * m * frac;
            }
          }
        }
      } else {
        // GEMM: RR = exp(θ · S(x)), x = z − cf; α, μ, ν, cf (hence zEff and cut) are the same in every draw.
        const a = cv.p2[0];
        const mu = cv.p3[0];
        const nu = cv.p4[0];
        const z0 = cv.zEff[t * N];
        const cut = cv.cut[t * N];
        for (let r = 0; r < G; r++) {
          const x = pb[r] - z0;
          sB[r] = pb[r] > cut ? Math.log1p(x / a) / (1 + Math.exp(-(x - mu) / nu)) : 0;
        }
        for (let v = 0; v < V; v++) {
          const cc = ccAll[v];
          const sc = sC[v];
          for (let i = 0; i < nC; i++) {
            const x = cc[i] - z0;
            sc[i] = cc[i] > cut ? Math.log1p(x / a) / (1 + Math.exp(-(x - mu) / nu)) : 0;
          }
        }
        for (let d = 0; d < N; d++) {
          const theta = cv.p1[d];
          const div = cv.divisor[t * N + d];
          const m = mult[d];
          const off = perDraw ? d * G : 0;
          const o = base + d * G;
          for (let r = 0; r < G; r++) rrbs[r] = pb[r] > cut ? Math.exp(theta * sB[r]) / div : 1;
          for (let v = 0; v < V; v++) {
            const cc = ccAll[v];
            const sc = sC[v];
            const count = counts[v];
            for (let r = 0; r < G; r++) {
              const rrb = rrbs[r];
              const rrc = cc[off + r] > cut ? Math.exp(theta * sc[off + r]) / div : 1;
              const frac = isDiff ? 1 / rrc - 1 / rrb : (rrb - rrc) / rrb;
              count[o + r] += popW[r * K + k] * m * frac;
            }
          }
        }
      }
    }
    for (let v = 0; v < V; v++) {
      const count = counts[v];
      const money = moneys[v];
      const cc = ccAll[v];
      // Money for deaths: deaths × VSL_d × transfer factor of the region.
      for (let c = 0; c < nM; c++) {
        const base = (t * E + c) * N * G;
        for (let d = 0; d < N; d++) {
          const vsl = model.vsl[d];
          const o = base + d * G;
          for (let r = 0; r < G; r++) money[o + r] = count[o + r] * vsl * vslFactors[r];
        }
      }
      // Morbidity: cases = P · share · y0 · fraction, RR = exp(β·max(0, C − T)) (METHODS §6).
      for (let e = 0; e < M; e++) {
        const mb = model.morbidity[e];
        const base = (t * E + nM + e) * N * G;
        for (let d = 0; d < N; d++) {
          const beta = mb.beta[d];
          const y0 = mb.incidence[d];
          const uv = mb.unitValue === null ? 0 : mb.unitValue[d];
          const off = perDraw ? d * G : 0;
          for (let r = 0; r < G; r++) {
            const cb = pb[r];
            const c = cc[off + r];
            const rrb = cb > th ? Math.exp(beta * (cb - th)) : 1;
            const rrc = c > th ? Math.exp(beta * (c - th)) : 1;
            const frac = isDiff ? 1 / rrc - 1 / rrb : (rrb - rrc) / rrb;
            const val = popM[r * M + e] * y0 * frac;
            count[base + d * G + r] = val;
            money[base + d * G + r] = val * uv;
          }
        }
      }
    }
  }
  return counterfactuals.map((_, v) => ({
    G,
    N,
    T,
    E,
    count: counts[v],
    money: moneys[v],
    vslFactors,
  }));
}
