import type { Precursor, PrecursorEmissions, RegionVector } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import type { CtmRunSet } from './fitting.ts';
import { pearson } from './metrics.ts';
import { PRECURSOR_COUNT } from './responseSurface.ts';

/**
 * STAND-IN chemical transport model (reduced form; NOT CMAQ). It exists only to train the
 * embedded default pf-ERSM; users with real CTM runs import them instead (docs/air.md).
 *
 * One well-mixed layer of height H with effective transport wind u; provinces are discs of
 * their area (radius R_i = √(area_i/π)). An emission of precursor p travels for t = r/u and is
 * present at age t as a fraction F_p(t) of the emitted mass (in the precursor's own mass units):
 *   primary (NH3, PPM):      F(t) = exp(−k_loss t)
 *   secondary (SO2 → sulfate, NOx → total nitrate, VOC → SOA), first-order conversion k_c,
 *   precursor deposition k_d, product loss k_s (first-order chain, Bateman):
 *                            F(t) = k_c/(k_c + k_d − k_s) · (exp(−k_s t) − exp(−(k_c + k_d) t))
 * so secondary aerosol forms on the way and is spread further than primary PM.
 * Kernel (µg/m³ per t/yr, before the mixing factor), the annual-mean plume of a source with
 * the wind direction distributed as w(θ) over the circle, spread over H:
 *   transported j → i: K = F(d_ij/u) · w_ij / (2π · max(d_ij, d_min) · H · u)
 *   local i → i:       K = (8/(3π)) · ∫_0^R F(r/u) dr / (π R² H u)
 * the local term is the same plume kernel averaged over a uniform disc (centre integral × 8/(3π),
 * the disc-mean/centre ratio of ∫ dA/|x − y|, exact without decay), so local and transported
 * contributions come from one physics. w_ij = exp(κ cos θ_ij)/I0(κ) is the prevailing-wind
 * asymmetry (θ: angle between j→i and the direction the wind blows toward).
 * Chemistry at the receptor (molar units, µmol/m³ via µg / molar mass): sulfate S = g_SO2/64;
 * total nitrate N = g_NOx/46; available ammonia A = β·g_NH3/17; ammonium sulfate then ammonium
 * nitrate by gas–particle equilibrium (see `chemistry`); SOA = y·g_VOC; primary = g_PPM;
 * background b_i (natural + dust).
 * Calibration: a global ventilation factor by least squares, then a per-province mixing factor
 * m_i (bounded to [1/3, 3] × global) so that the baseline matches observed 2017 PM2.5; where the
 * bound binds, the background takes the remainder (never below 0).
 */
export interface SpeciesProcess {
  /** Conversion of the precursor to particulate product (h⁻¹); 0 for primary species. */
  readonly conversionPerHour: number;
  /** Loss of the precursor by deposition (h⁻¹); for primary species the only loss. */
  readonly precursorLossPerHour: number;
  /** Loss of the particulate (or total-nitrate) product by deposition (h⁻¹). */
  readonly productLossPerHour: number;
}

export interface StandinParameters {
  /** Depth over which transported (aged) material is mixed (m). */
  readonly mixingHeightM: number;
  /** Effective mixing depth of fresh emissions inside their own province (m). */
  readonly nearSourceMixingHeightM: number;
  readonly windSpeedMs: number;
  readonly minDistanceKm: number;
  /** Formation and removal per precursor (annual-mean first-order rates). */
  readonly process: Readonly<Record<Precursor, SpeciesProcess>>;
  readonly windBearingDeg: number; // direction the prevailing wind blows toward (110 = ESE)
  readonly windConcentration: number; // κ
  /**
   * β: share of NHx present when ammonium nitrate forms. NH3 emissions peak in the warm season
   * (fertiliser, livestock) while nitrate forms in the cold season, so about half the annual-mean
   * NHx meets the nitric acid (deposition is already in the kernel).
   */
  readonly ammoniaAvailable: number;
  readonly nitratePartition: number; // φ
  readonly soaYield: number; // y, SOA mass per VOC mass oxidised
  /** Effective NH4NO3 dissociation constant (µmol/m³)², annual mean. */
  readonly nitrateDissociationK: number;
  /** Smoothing constant of sulfate neutralisation (µmol/m³)² (small: (NH4)2SO4 forms first). */
  readonly sulfateNeutralisationK: number;
  /** σ of ln(available NH3) within the year and the province (lognormal, mean-preserving). */
  readonly ammoniaVariability: number;
  readonly naturalBackground: number; // µg/m³ everywhere
  /** Prior dust background by region name (µg/m³), arid provinces. */
  readonly dustBackground: Readonly<Record<string, number>>;
  readonly mixingBounds: readonly [number, number];
}

const primary = (lossPerHour: number): SpeciesProcess => ({
  conversionPerHour: 0,
  precursorLossPerHour: lossPerHour,
  productLossPerHour: 0,
});

/**
 * Rates are annual-mean first-order values inside the ranges of the literature (Seinfeld &
 * Pandis 2016, ch. 6, 19): SO2 oxidation (gas + aqueous) 1–5 %/h [1.5 %/h], SO2 dry deposition
 * 0.3–1 cm/s over 1 km ≈ 1–4 %/h [2 %/h]; NOx lifetime against oxidation 0.5–1 day [20 h];
 * total nitrate (HNO3 deposits within a day, NO3⁻ slowly) 1–3 days [1 day]; sulfate and SOA
 * aerosol 3–7 days [4 days]; NHx (NH3 deposits within hours, NH4⁺ travels with the aerosol)
 * ≈ 0.5–2 days [1 day]; primary PM2.5 2–5 days [2 days: emitted near the ground, coarser
 * end of the PM2.5 range]. Transport wind 3 m/s (annual-mean boundary-layer wind over eastern
 * China ≈ 2–5 m/s); aged material is mixed through 1000 m, fresh emissions inside their own
 * province through 400 m (nocturnal and winter boundary layers over eastern China ≈ 200–500 m,
 * when most PM2.5 accumulates).
 */
export const STANDIN_PARAMETERS: StandinParameters = {
  mixingHeightM: 1000,
  nearSourceMixingHeightM: 400,
  windSpeedMs: 3,
  minDistanceKm: 100,
  process: {
    SO2: { conversionPerHour: 0.015, precursorLossPerHour: 0.02, productLossPerHour: 1 / 96 },
    NOx: { conversionPerHour: 0.05, precursorLossPerHour: 0.005, productLossPerHour: 1 / 24 },
    NH3: primary(1 / 24),
    VOC: { conversionPerHour: 0.03, precursorLossPerHour: 0.01, productLossPerHour: 1 / 96 },
    PPM: primary(1 / 48),
  },
  windBearingDeg: 110,
  windConcentration: 0.8,
  ammoniaAvailable: 0.5,
  nitratePartition: 0.8,
  soaYield: 0.1,
  nitrateDissociationK: 0.0093,
  sulfateNeutralisationK: 0.01,
  ammoniaVariability: 1.0,
  naturalBackground: 3,
  dustBackground: {
    Xinjiang: 20,
    Gansu: 8,
    Qinghai: 10,
    Ningxia: 6,
    'Inner Mongolia': 5,
    Tibet: 8,
  },
  mixingBounds: [1 / 3, 3],
};

export const STANDIN_LABEL = 'STAND-IN CTM (reduced-form box model, not CMAQ)';

export interface StandinGeography {
  readonly regions: readonly string[];
  readonly lon: Float64Array; // centroid, degrees
  readonly lat: Float64Array;
  readonly areaKm2: Float64Array;
}

export interface StandinCtm {
  readonly label: string;
  readonly regions: readonly string[];
  readonly params: StandinParameters;
  readonly baselineEmissions: PrecursorEmissions;
  /** K_p as G×G receptor-major (K[i·G + j]), µg/m³ per t/yr. */
  readonly kernel: Readonly<Record<Precursor, Float64Array>>;
  readonly mixing: Float64Array;
  readonly background: Float64Array;
}

export interface StandinCalibration {
  readonly observedSource: string;
  readonly globalFactor: number;
  readonly rBeforeCalibration: number;
  readonly nmbBeforeCalibration: number;
  readonly r: number;
  readonly nmb: number;
  readonly boundHit: readonly string[];
}

/** Aerosol components at each receptor (µg/m³). */
export interface StandinComponents {
  readonly sulfate: Float64Array; // SO4 + its ammonium
  readonly nitrate: Float64Array; // NO3 + its ammonium
  readonly soa: Float64Array;
  readonly primary: Float64Array;
  readonly background: Float64Array;
  readonly total: Float64Array;
  /** Free ammonia / nitric acid (molar): < 1 means ammonia-limited nitrate. */
  readonly freeAmmoniaRatio: Float64Array;
}

const SECONDS_PER_YEAR = 365.25 * 86400;
const UG_PER_T = 1e12;
const EARTH_RADIUS_KM = 6371;

function besselI0(x: number): number {
  let s = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    s += term;
  }
  return s;
}

// 7-point Gauss–Hermite nodes and weights (∫ e^{-x²} f(x) dx)
const HERMITE_X = [
  -2.651961356835233, -1.6735516287674714, -0.8162878828589647, 0, 0.8162878828589647, 1.6735516287674714,
  2.651961356835233,
];
const HERMITE_W = [
  0.0009717812450995193, 0.05451558281912703, 0.4256072526101278, 0.8102646175568073, 0.4256072526101278,
  0.05451558281912703, 0.0009717812450995193,
];

/** Root n ≤ min(x, y) of (x − n)(y − n) = K: gas–particle equilibrium of a 1:1 salt. */
function equilibriumMin(x: number, y: number, K: number): number {
  return 0.5 * (x + y - Math.sqrt((x - y) * (x - y) + 4 * K));
}

/** Fraction of an emission present (as precursor or product, precursor mass) at age t (h). */
export function ageFraction(q: SpeciesProcess, hours: number): number {
  const kp = q.conversionPerHour + q.precursorLossPerHour;
  if (q.conversionPerHour === 0) return Math.exp(-q.precursorLossPerHour * hours);
  const ks = q.productLossPerHour;
  if (Math.abs(kp - ks) < 1e-12 * kp) return q.conversionPerHour * hours * Math.exp(-ks * hours);
  return (q.conversionPerHour / (kp - ks)) * (Math.exp(-ks * hours) - Math.exp(-kp * hours));
}

/** ∫_0^R F(r/u) dr (m) for R in m, u in m/s (closed form). */
function ageFractionIntegral(q: SpeciesProcess, radiusM: number, windMs: number): number {
  const tMax = radiusM / windMs / 3600; // h
  const expInt = (k: number) => (k > 0 ? (1 - Math.exp(-k * tMax)) / k : tMax); // ∫_0^tMax e^{−kt} dt
  const kp = q.conversionPerHour + q.precursorLossPerHour;
  let hours: number;
  if (q.conversionPerHour === 0) hours = expInt(q.precursorLossPerHour);
  else if (Math.abs(kp - q.productLossPerHour) < 1e-12 * kp) {
    // ∫ k_c t e^{−k t} dt
    const k = kp;
    hours = (q.conversionPerHour * (1 - Math.exp(-k * tMax) * (1 + k * tMax))) / (k * k);
  } else
    hours = (q.conversionPerHour / (kp - q.productLossPerHour)) * (expInt(q.productLossPerHour) - expInt(kp));
  return hours * 3600 * windMs;
}

/** Transport kernels K_p (before the mixing factor), receptor-major K[i·G + j]. */
export function standinKernels(
  geo: StandinGeography,
  params: StandinParameters,
): Record<Precursor, Float64Array> {
  const G = geo.regions.length;
  const conv = UG_PER_T / SECONDS_PER_YEAR;
  const u = params.windSpeedMs;
  const Hu = params.mixingHeightM * u;
  const bearing = (params.windBearingDeg * Math.PI) / 180;
  const wind = [Math.sin(bearing), Math.cos(bearing)]; // (east, north)
  const i0 = besselI0(params.windConcentration);
  const out = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) out[p] = new Float64Array(G * G);
  for (let i = 0; i < G; i++)
    for (let j = 0; j < G; j++) {
      if (i === j) {
        const R = Math.sqrt((geo.areaKm2[i] * 1e6) / Math.PI);
        const HuLocal = params.nearSourceMixingHeightM * u;
        for (const p of PRECURSORS)
          out[p][i * G + i] =
            (conv * (8 / (3 * Math.PI)) * ageFractionIntegral(params.process[p], R, u)) /
            (Math.PI * R * R * HuLocal);
        continue;
      }
      const la1 = (geo.lat[j] * Math.PI) / 180;
      const la2 = (geo.lat[i] * Math.PI) / 180;
      const dLa = la2 - la1;
      const dLo = ((geo.lon[i] - geo.lon[j]) * Math.PI) / 180;
      const h = Math.sin(dLa / 2) ** 2 + Math.cos(la1) * Math.cos(la2) * Math.sin(dLo / 2) ** 2;
      const dKm = 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
      const east = dLo * Math.cos((la1 + la2) / 2);
      const north = dLa;
      const len = Math.hypot(east, north);
      const cosTheta = len > 0 ? (east * wind[0] + north * wind[1]) / len : 0;
      const w = Math.exp(params.windConcentration * cosTheta) / i0;
      const dEff = Math.max(dKm, params.minDistanceKm) * 1000;
      const hours = (dKm * 1000) / u / 3600;
      for (const p of PRECURSORS)
        out[p][i * G + j] = (conv * ageFraction(params.process[p], hours) * w) / (2 * Math.PI * dEff * Hu);
    }
  return out;
}

/** Runs the stand-in for one scenario: ratios e (length G·5, index v = j·5 + p). */
export function standinComponents(ctm: StandinCtm, ratios: ArrayLike<number>): StandinComponents {
  const G = ctm.regions.length;
  const gas = new Float64Array(G * PRECURSOR_COUNT);
  for (let p = 0; p < PRECURSOR_COUNT; p++) {
    const K = ctm.kernel[PRECURSORS[p]];
    const E = ctm.baselineEmissions.byPrecursor[PRECURSORS[p]];
    for (let i = 0; i < G; i++) {
      let s = 0;
      for (let j = 0; j < G; j++) s += K[i * G + j] * E[j] * ratios[j * PRECURSOR_COUNT + p];
      gas[i * PRECURSOR_COUNT + p] = s;
    }
  }
  return chemistry(ctm, gas, ctm.mixing);
}

function chemistry(ctm: StandinCtm, gas: Float64Array, mixing: ArrayLike<number>): StandinComponents {
  const G = ctm.regions.length;
  const q = ctm.params;
  const res: StandinComponents = {
    sulfate: new Float64Array(G),
    nitrate: new Float64Array(G),
    soa: new Float64Array(G),
    primary: new Float64Array(G),
    background: new Float64Array(ctm.background),
    total: new Float64Array(G),
    freeAmmoniaRatio: new Float64Array(G),
  };
  for (let i = 0; i < G; i++) {
    const m = mixing[i];
    const o = i * PRECURSOR_COUNT;
    const S = (m * gas[o]) / 64; // mol SO4 formed (SO2 converted, 64 g/mol)
    const N = (m * gas[o + 1]) / 46; // mol total nitrate (NOx as NO2 converted)
    const A = (q.ammoniaAvailable * m * gas[o + 2]) / 17; // mol NH3
    // average the partitioning over the within-year variability of available ammonia
    let aS = 0;
    let n = 0;
    let freeMean = 0;
    for (let k = 0; k < HERMITE_X.length; k++) {
      const u = Math.exp(
        q.ammoniaVariability * Math.SQRT2 * HERMITE_X[k] - (q.ammoniaVariability * q.ammoniaVariability) / 2,
      );
      const wk = HERMITE_W[k] / Math.sqrt(Math.PI);
      const Ak = A * u;
      const aSk = Math.max(0, equilibriumMin(2 * S, Ak, q.sulfateNeutralisationK));
      const freeK = Math.max(Ak - aSk, 0);
      aS += wk * aSk;
      freeMean += wk * freeK;
      n += wk * q.nitratePartition * Math.max(0, equilibriumMin(N, freeK, q.nitrateDissociationK));
    }
    const free = freeMean;
    res.sulfate[i] = 96 * S + 18 * aS;
    res.nitrate[i] = 80 * n;
    res.soa[i] = q.soaYield * m * gas[o + 3];
    res.primary[i] = m * gas[o + 4];
    res.total[i] = res.sulfate[i] + res.nitrate[i] + res.soa[i] + res.primary[i] + ctm.background[i];
    res.freeAmmoniaRatio[i] = N > 0 ? free / N : Number.POSITIVE_INFINITY;
  }
  return res;
}

/** PM2.5 (µg/m³) per receptor for one scenario. */
export function standinConcentrations(ctm: StandinCtm, ratios: ArrayLike<number>): Float64Array {
  return standinComponents(ctm, ratios).total;
}

/**
 * Builds and calibrates the stand-in against observed baseline PM2.5 (same region order).
 */
export function buildStandinCtm(
  geo: StandinGeography,
  baselineEmissions: PrecursorEmissions,
  observed: RegionVector,
  observedSource: string,
  params: StandinParameters = STANDIN_PARAMETERS,
): { ctm: StandinCtm; calibration: StandinCalibration } {
  const G = geo.regions.length;
  for (const [name, list] of [
    ['emissions', baselineEmissions.regions],
    ['observed PM2.5', observed.regions],
  ] as const)
    if (list.length !== G || list.some((r, i) => r !== geo.regions[i]))
      throw new Error(`stand-in CTM: ${name} regions differ from the geography regions`);
  const kernel = standinKernels(geo, params);
  const background = Float64Array.from(
    geo.regions,
    (r) => params.naturalBackground + (params.dustBackground[r] ?? 0),
  );
  const draft: StandinCtm = {
    label: STANDIN_LABEL,
    regions: geo.regions,
    params,
    baselineEmissions,
    kernel,
    mixing: new Float64Array(G).fill(1),
    background,
  };
  const ones = new Float64Array(G * PRECURSOR_COUNT).fill(1);
  const gasBase = new Float64Array(G * PRECURSOR_COUNT);
  // gas at unit mixing (chemistry applies m inside)
  for (let p = 0; p < PRECURSOR_COUNT; p++) {
    const K = kernel[PRECURSORS[p]];
    const E = baselineEmissions.byPrecursor[PRECURSORS[p]];
    for (let i = 0; i < G; i++) {
      let s = 0;
      for (let j = 0; j < G; j++) s += K[i * G + j] * E[j] * ones[j * PRECURSOR_COUNT + p];
      gasBase[i * PRECURSOR_COUNT + p] = s;
    }
  }
  const obs = observed.values;
  const totalAt = (mix: ArrayLike<number>) => chemistry(draft, gasBase, mix).total;
  // global factor: golden-section search on Σ (C − O)²
  const sse = (g: number) => {
    const c = totalAt(new Float64Array(G).fill(g));
    let s = 0;
    for (let i = 0; i < G; i++) s += (c[i] - obs[i]) ** 2;
    return s;
  };
  let lo = 0.05;
  let hi = 20;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 100; it++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (sse(a) < sse(b)) hi = b;
    else lo = a;
  }
  const globalFactor = (lo + hi) / 2;
  const before = totalAt(new Float64Array(G).fill(globalFactor));
  const mixing = new Float64Array(G);
  const boundHit: string[] = [];
  const [bLo, bHi] = params.mixingBounds;
  for (let i = 0; i < G; i++) {
    const at = (m: number) => {
      const mix = new Float64Array(G).fill(globalFactor);
      mix[i] = m;
      return totalAt(mix)[i];
    };
    let a = globalFactor * bLo;
    let b = globalFactor * bHi;
    if (at(a) >= obs[i]) {
      mixing[i] = a;
      background[i] = Math.max(0, background[i] - (at(a) - obs[i]));
      boundHit.push(geo.regions[i]);
      continue;
    }
    if (at(b) <= obs[i]) {
      mixing[i] = b;
      background[i] += obs[i] - at(b);
      boundHit.push(geo.regions[i]);
      continue;
    }
    for (let it = 0; it < 200 && b - a > 1e-14 * b; it++) {
      const c = 0.5 * (a + b);
      if (at(c) < obs[i]) a = c;
      else b = c;
    }
    mixing[i] = 0.5 * (a + b);
  }
  const ctm: StandinCtm = { ...draft, mixing, background };
  const after = standinConcentrations(ctm, ones);
  const nmb = (c: Float64Array) => {
    let s = 0;
    let o = 0;
    for (let i = 0; i < G; i++) {
      s += c[i] - obs[i];
      o += obs[i];
    }
    return s / o;
  };
  return {
    ctm,
    calibration: {
      observedSource,
      globalFactor,
      rBeforeCalibration: pearson(obs, before),
      nmbBeforeCalibration: nmb(before),
      r: pearson(obs, after),
      nmb: nmb(after),
      boundHit,
    },
  };
}

/** Runs a design (row-major runs × G·5 ratios) through the stand-in. */
export function runStandinDesign(ctm: StandinCtm, names: readonly string[], ratios: Float64Array): CtmRunSet {
  const G = ctm.regions.length;
  const nInputs = G * PRECURSOR_COUNT;
  const runs = names.length;
  const conc = new Float64Array(runs * G);
  for (let k = 0; k < runs; k++)
    conc.set(standinConcentrations(ctm, ratios.subarray(k * nInputs, (k + 1) * nInputs)), k * G);
  return { regions: ctm.regions, scenarios: names, ratios, concentrations: conc };
}
