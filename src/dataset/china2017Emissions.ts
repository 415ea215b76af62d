import type { Precursor } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { CEADS_TO_42 } from './china2017Recipe.ts';
import { type China2017Sources, required, SOURCE_FILES } from './china2017Sources.ts';

/**
 * Step 5 of docs/dataset.md: provincial × sector emissions of the five precursors.
 * National control totals by MEIC sector → provinces by REAS v3.2 2015 shares of the matching
 * REAS sectors → the 42 sectors within each province by bottom-up weights (CEADs fuel use ×
 * GAINS/EMEP emission factors, plus process emissions from physical output).
 */
export const MEIC_SECTORS = [
  'power',
  'industry',
  'residential',
  'transportation',
  'solvent_use',
  'agriculture',
] as const;
export type MeicSector = (typeof MEIC_SECTORS)[number];

/** Species label in MEIC/REAS files per precursor. */
export const INVENTORY_SPECIES: Readonly<Record<Precursor, string>> = {
  SO2: 'SO2',
  NOx: 'NOx',
  NH3: 'NH3',
  VOC: 'NMVOC',
  PPM: 'PM2.5',
};

export type ControlTotalsId = 'meic2017' | 'paper-implied';

/**
 * Totals implied by the paper's trade figures (PROVENANCE "Known gaps": ranges in Mt); the
 * midpoints are used, split across MEIC sectors in MEIC 2017 proportions.
 */
export const PAPER_IMPLIED_RANGES_MT: Readonly<Record<Precursor, readonly [number, number]>> = {
  SO2: [10.1, 12.0],
  NOx: [18.0, 21.3],
  PPM: [5.9, 7.0],
  VOC: [18.0, 21.3],
  NH3: [7.9, 9.3],
};

/** National control totals, t, by precursor × MEIC sector. */
export function controlTotals(
  src: China2017Sources,
  id: ControlTotalsId,
): Record<Precursor, Record<MeicSector, number>> {
  const out = {} as Record<Precursor, Record<MeicSector, number>>;
  for (const p of PRECURSORS) {
    const row = required(src.meic2017, INVENTORY_SPECIES[p], SOURCE_FILES.meic, 'species');
    let meicTotal = 0;
    for (const m of MEIC_SECTORS) meicTotal += required(row, m, SOURCE_FILES.meic, 'sector');
    const scale =
      id === 'meic2017' ? 1 : (PAPER_IMPLIED_RANGES_MT[p][0] + PAPER_IMPLIED_RANGES_MT[p][1]) / 2 / meicTotal;
    const rec = {} as Record<MeicSector, number>;
    for (const m of MEIC_SECTORS) rec[m] = (row.get(m) as number) * scale * 1e6; // Tg → t
    out[p] = rec;
  }
  return out;
}

/** REAS v3.2 sector columns whose 2015 provincial distribution splits each MEIC sector. */
const REAS_COLUMNS: Readonly<Record<Precursor, Partial<Record<MeicSector, readonly string[]>>>> = {
  SO2: {
    power: ['SO2_PP'],
    industry: ['SO2_IND'],
    residential: ['SO2_RESI', 'SO2_ODOM'],
    transportation: ['SO2_ROAD', 'SO2_OTRA'],
  },
  NOx: {
    power: ['NOx_PP'],
    industry: ['NOx_IND'],
    residential: ['NOx_RESI', 'NOx_ODOM'],
    transportation: ['NOx_ROAD', 'NOx_OTRA'],
  },
  PPM: {
    power: ['PM2.5_PP'],
    industry: ['PM2.5_IND'],
    residential: ['PM2.5_RESI', 'PM2.5_ODOM'],
    transportation: ['PM2.5_ROAD', 'PM2.5_OTRA'],
  },
  // REAS has no NMVOC power column: power-plant NOx is the proxy. INDPRC + EXT = industrial
  // processes and fuel extraction/distribution; CMB = (mostly residential) combustion.
  VOC: {
    power: ['NOx_PP'],
    industry: ['NMVOC_INDPRC', 'NMVOC_EXT'],
    residential: ['NMVOC_CMB'],
    transportation: ['NMVOC_ROAD'],
    solvent_use: ['NMVOC_PAINT', 'NMVOC_SLV'],
  },
  // REAS NH3 has no transport column: road NOx is the proxy.
  NH3: {
    agriculture: ['NH3_MM', 'NH3_FER'],
    industry: ['NH3_INDPRC', 'NH3_CMB'],
    residential: ['NH3_CMB'],
    transportation: ['NOx_ROAD'],
  },
};

/** IPCC 2006 Guidelines Vol. 2 Table 1.4 default CO2 factors (kg CO2/GJ) to turn CEADs fuel CO2 into energy. */
export const FUELS: Readonly<
  Record<string, { readonly cls: 'coal' | 'hlf' | 'llf' | 'gas'; readonly co2PerGJ: number }>
> = {
  'Raw Coal': { cls: 'coal', co2PerGJ: 94.6 },
  'Cleaned Coal': { cls: 'coal', co2PerGJ: 94.6 },
  'Other Washed Coal': { cls: 'coal', co2PerGJ: 94.6 },
  Briquettes: { cls: 'coal', co2PerGJ: 97.5 },
  Coke: { cls: 'coal', co2PerGJ: 107 },
  'Other Coking Products': { cls: 'coal', co2PerGJ: 107 },
  'Crude Oil': { cls: 'hlf', co2PerGJ: 73.3 },
  'Fuel Oil': { cls: 'hlf', co2PerGJ: 77.4 },
  'Other Petroleum Products': { cls: 'hlf', co2PerGJ: 73.3 },
  Gasoline: { cls: 'llf', co2PerGJ: 69.3 },
  Kerosene: { cls: 'llf', co2PerGJ: 71.9 },
  'Diesel Oil': { cls: 'llf', co2PerGJ: 74.1 },
  LPG: { cls: 'llf', co2PerGJ: 63.1 },
  'Refinery Gas': { cls: 'gas', co2PerGJ: 57.6 },
  'Natural Gas': { cls: 'gas', co2PerGJ: 56.1 },
  'Coke Oven Gas': { cls: 'gas', co2PerGJ: 44.4 },
  'Other Gas': { cls: 'gas', co2PerGJ: 44.4 },
};

/** GAINS transport rows used per fuel, for the sector-29 vs households split of transport emissions. */
const TRANSPORT_FUEL_ROW: Readonly<Record<string, string>> = {
  Gasoline: 'End_Use_Transport_LDT_LLF',
  Kerosene: 'End_Use_Transport_LDT_LLF',
  LPG: 'End_Use_Transport_LDT_LLF',
  'Diesel Oil': 'End_Use_Transport_HDT_HLF',
  'Fuel Oil': 'End_Use_Transport_OFF_HLF',
  'Natural Gas': 'End_Use_Transport_NatGas',
};
const HOUSEHOLD_VEHICLE_FUEL_ROW: Readonly<Record<string, string>> = {
  Gasoline: 'End_Use_Transport_LDT_LLF',
  'Diesel Oil': 'End_Use_Transport_LDT_HLF',
};

/** 1-based NBS-42 sectors that take MEIC 'industry' emissions, and those that take solvent VOC. */
export const INDUSTRY_SECTORS: readonly number[] = [
  2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27,
];
export const SOLVENT_SECTORS: readonly number[] = [7, 8, 9, 10, 12, 15, 16, 17, 18, 19, 20, 21, 22, 27];

export interface EmissionAllocation {
  /** values[p][r·N + i] in t. */
  readonly values: Record<Precursor, Float64Array>;
  /** households' direct emissions per region, t. */
  readonly direct: Record<Precursor, Float64Array>;
  /** National totals by MEIC sector, t (the control totals as used). */
  readonly control: Record<Precursor, Record<MeicSector, number>>;
  /** Share of national transport emissions booked to households, per precursor. */
  readonly householdTransportShare: Record<Precursor, number>;
}

interface EfSet {
  readonly comb: Record<Precursor, Record<'coal' | 'hlf' | 'llf' | 'gas', number>>; // kg/GJ
  readonly steel: Record<Precursor, number>; // kg/t crude steel
  readonly pigIron: Record<Precursor, number>; // kg/t
  readonly cement: Record<Precursor, number>; // kg/t cement
  readonly nonferrous: Record<Precursor, number>; // kg/t
}

function efSet(src: China2017Sources): EfSet {
  const g = (row: string, sp: string): number =>
    required(src.gainsEf2015, `${row}|${sp}`, SOURCE_FILES.gains, 'EF');
  const e = (nfr: string, fuel: string, pol: string): number =>
    required(src.emep, `${nfr}|${fuel}|${pol}`, SOURCE_FILES.emep, 'EF');
  const gainsSp: Record<Precursor, string> = { SO2: 'SO2', NOx: 'NOx', NH3: 'NH3', VOC: 'VOC', PPM: '' };
  const comb = {} as EfSet['comb'];
  for (const p of PRECURSORS) {
    if (p === 'PPM') {
      // EMEP/EEA 1.A.2 Tier 1 PM2.5 (g/GJ → kg/GJ); GAINS gives no PM2.5.
      comb[p] = {
        coal: e('1.A.2.a', 'Solid Fuels', 'PM2.5') / 1000,
        hlf: e('1.A.2.a', "'Other' Liquid Fuels", 'PM2.5') / 1000,
        llf: e('1.A.2.a', "'Other' Liquid Fuels", 'PM2.5') / 1000,
        gas: e('1.A.2.a', 'Gaseous Fuels', 'PM2.5') / 1000,
      };
    } else {
      comb[p] = {
        coal: g('End_Use_Industry_Coal', gainsSp[p]),
        hlf: g('End_Use_Industry_HLF', gainsSp[p]),
        llf: g('End_Use_Industry_LLF', gainsSp[p]),
        gas: g('End_Use_Industry_NatGas', gainsSp[p]),
      };
    }
  }
  const zero = { SO2: 0, NOx: 0, NH3: 0, VOC: 0, PPM: 0 };
  return {
    comb,
    steel: {
      ...zero,
      SO2: g('STEEL', 'SO2'),
      NOx: g('STEEL', 'NOx'),
      VOC: e('2.C.1', 'NA', 'NMVOC') / 1000,
      PPM: e('2.C.1', 'NA', 'PM2.5') / 1000,
    },
    pigIron: { ...zero, SO2: src.pigIronEf.SO2 * 1000, NOx: src.pigIronEf.NOx * 1000 }, // kt/kt → kg/t
    // EMEP's cement PM2.5 is per t clinker; applied per t cement (an upper-bound weight).
    cement: {
      ...zero,
      SO2: g('CEMENT', 'SO2'),
      NOx: g('CEMENT', 'NOx'),
      PPM: e('2.A.1', 'NA', 'PM2.5') / 1000,
    },
    nonferrous: {
      ...zero,
      SO2: e('2.C.3', 'NA', 'SOx'),
      NOx: e('2.C.3', 'NA', 'NOx'),
      PPM: e('2.C.3', 'NA', 'PM2.5'),
    },
  };
}

function transportEf(src: China2017Sources, row: string, p: Precursor): number {
  const g = (sp: string): number => required(src.gainsEf2015, `${row}|${sp}`, SOURCE_FILES.gains, 'EF');
  if (p === 'PPM') return g('BC') + g('OC'); // carbonaceous PM as the PM2.5 proxy (GAINS has no PM2.5)
  return g(p === 'VOC' ? 'VOC' : p);
}

export interface ProvinceActivity {
  readonly code: string;
  readonly nameEn: string;
  readonly crudeSteelT: number;
  readonly pigIronT: number;
  readonly cementT: number;
  readonly nonferrousT: number;
}

export function allocateEmissions(
  src: China2017Sources,
  provinces: readonly ProvinceActivity[],
  N: number,
  x0: Float64Array,
  controlId: ControlTotalsId,
): EmissionAllocation {
  const G = provinces.length;
  const control = controlTotals(src, controlId);
  const ef = efSet(src);
  const values = {} as Record<Precursor, Float64Array>;
  const direct = {} as Record<Precursor, Float64Array>;
  const hhShare = {} as Record<Precursor, number>;

  // Bottom-up industrial weights w[p][r·N + i] (t) and transport activity per province.
  const comb = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) comb[p] = new Float64Array(G * N);
  const cokeCoal = new Float64Array(G); // CEADs coal-class CO2 in petroleum processing & coking
  const trSector = {} as Record<Precursor, Float64Array>;
  const trHouse = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    trSector[p] = new Float64Array(G);
    trHouse[p] = new Float64Array(G);
  }
  const hasCeads = new Array<boolean>(G).fill(false);
  for (let r = 0; r < G; r++) {
    const prov = src.ceads.get(provinces[r].nameEn);
    if (!prov) continue;
    hasCeads[r] = true;
    for (const [sector, fuels] of prov) {
      if (sector === 'Urban' || sector === 'Rural') {
        for (const [fuel, row] of Object.entries(HOUSEHOLD_VEHICLE_FUEL_ROW)) {
          const gj = ((fuels.get(fuel) ?? 0) * 1e9) / FUELS[fuel].co2PerGJ;
          for (const p of PRECURSORS) trHouse[p][r] += (gj * transportEf(src, row, p)) / 1000;
        }
        continue;
      }
      if (sector === 'Total Consumption') continue;
      const targets = CEADS_TO_42.get(sector);
      if (!targets) throw new Error(`${SOURCE_FILES.ceads}: CEADs sector '${sector}' has no NBS-42 mapping`);
      if (sector.startsWith('Transportation')) {
        for (const [fuel, row] of Object.entries(TRANSPORT_FUEL_ROW)) {
          const gj = ((fuels.get(fuel) ?? 0) * 1e9) / FUELS[fuel].co2PerGJ;
          for (const p of PRECURSORS) trSector[p][r] += (gj * transportEf(src, row, p)) / 1000;
        }
        continue; // transport fuel feeds the MEIC transport split, not industry weights
      }
      let xs = 0;
      for (const t of targets) xs += x0[r * N + t - 1];
      for (const [fuel, mt] of fuels) {
        const f = FUELS[fuel];
        if (!f || mt <= 0) continue; // scope-2, process CO2 and totals are not fuel burning
        const gj = (mt * 1e9) / f.co2PerGJ;
        if (sector === 'Petroleum Processing and Coking' && f.cls === 'coal') cokeCoal[r] += mt;
        for (const t of targets) {
          const part = targets.length === 1 ? 1 : xs > 0 ? x0[r * N + t - 1] / xs : 1 / targets.length;
          for (const p of PRECURSORS) comb[p][r * N + t - 1] += (gj * part * ef.comb[p][f.cls]) / 1000;
        }
      }
    }
  }
  // Regions without CEADs data (Tibet): national combustion intensity per unit output × output.
  for (const p of PRECURSORS) {
    for (let i = 0; i < N; i++) {
      let e = 0;
      let xs = 0;
      for (let r = 0; r < G; r++)
        if (hasCeads[r]) {
          e += comb[p][r * N + i];
          xs += x0[r * N + i];
        }
      for (let r = 0; r < G; r++)
        if (!hasCeads[r]) comb[p][r * N + i] = xs > 0 ? (e / xs) * x0[r * N + i] : 0;
    }
  }
  let cokeTotal = 0;
  for (let r = 0; r < G; r++) cokeTotal += cokeCoal[r];

  // Process emissions (t) by region for sectors 11, 13, 14.
  const proc = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    proc[p] = new Float64Array(G * N);
    for (let r = 0; r < G; r++) {
      const a = provinces[r];
      proc[p][r * N + 13] +=
        (a.crudeSteelT * ef.steel[p] + a.pigIronT * ef.pigIron[p] + a.nonferrousT * ef.nonferrous[p]) / 1000;
      proc[p][r * N + 12] += (a.cementT * ef.cement[p]) / 1000;
      if (p === 'SO2' && cokeTotal > 0)
        proc[p][r * N + 10] += (src.cokeSo2_2017_kt * 1000 * cokeCoal[r]) / cokeTotal;
    }
  }
  // VOC from chemical and refining processes: the part of MEIC industry VOC not explained by
  // combustion and steel, split over sectors 11 and 12 in proportion to output.
  {
    let explained = 0;
    for (let k = 0; k < G * N; k++) explained += comb.VOC[k] + proc.VOC[k];
    const residual = Math.max(0, control.VOC.industry - explained);
    let xs = 0;
    for (let r = 0; r < G; r++) xs += x0[r * N + 10] + x0[r * N + 11];
    for (let r = 0; r < G; r++) {
      proc.VOC[r * N + 10] += (residual * x0[r * N + 10]) / xs;
      proc.VOC[r * N + 11] += (residual * x0[r * N + 11]) / xs;
    }
  }

  for (const p of PRECURSORS) {
    const v = new Float64Array(G * N);
    const d = new Float64Array(G);
    const reasCols = REAS_COLUMNS[p];
    let hhTr = 0;
    let allTr = 0;
    for (const m of MEIC_SECTORS) {
      const total = control[p][m];
      if (total === 0) continue;
      const cols = reasCols[m];
      if (!cols) throw new Error(`no REAS split for ${p} ${m} (control total ${total} t)`);
      const provShare = reasShares(src, provinces, cols);
      for (let r = 0; r < G; r++) {
        const e = total * provShare[r];
        if (e === 0) continue;
        switch (m) {
          case 'power':
            v[r * N + 23] += e;
            break;
          case 'agriculture':
            v[r * N + 0] += e;
            break;
          case 'residential':
            d[r] += e;
            break;
          case 'transportation': {
            let sec = trSector[p][r];
            let hh = trHouse[p][r];
            if (!hasCeads[r]) {
              sec = 0;
              hh = 0;
              for (let q = 0; q < G; q++) {
                sec += trSector[p][q];
                hh += trHouse[p][q];
              }
            }
            const fh = sec + hh > 0 ? hh / (sec + hh) : 0;
            d[r] += e * fh;
            v[r * N + 28] += e * (1 - fh);
            hhTr += e * fh;
            allTr += e;
            break;
          }
          case 'solvent_use':
            spread(v, r, N, e, SOLVENT_SECTORS, (i) => x0[r * N + i]);
            break;
          case 'industry':
            if (p === 'NH3') spread(v, r, N, e, [12], (i) => x0[r * N + i]);
            // A sector without output in the province takes nothing (its CEADs fuel use, if any,
            // is burnt by the sectors that produce).
            else
              spread(
                v,
                r,
                N,
                e,
                INDUSTRY_SECTORS,
                (i) => (x0[r * N + i] > 0 ? comb[p][r * N + i] + proc[p][r * N + i] : 0),
                x0,
              );
            break;
        }
      }
    }
    for (let k = 0; k < G * N; k++)
      if (v[k] !== 0 && !(x0[k] > 0))
        throw new Error(
          `${p}: ${v[k]} t placed in region ${Math.floor(k / N)}, sector ${(k % N) + 1}, which has no output`,
        );
    values[p] = v;
    direct[p] = d;
    hhShare[p] = allTr > 0 ? hhTr / allTr : 0;
  }
  return { values, direct, control, householdTransportShare: hhShare };
}

/** Adds `amount` to region r over the 1-based `sectors` by weight; falls back to output weights. */
function spread(
  v: Float64Array,
  r: number,
  N: number,
  amount: number,
  sectors: readonly number[],
  weight: (i: number) => number,
  fallbackOutput?: Float64Array,
): void {
  let s = 0;
  for (const c of sectors) s += weight(c - 1);
  if (s > 0) {
    for (const c of sectors) v[r * N + c - 1] += (amount * weight(c - 1)) / s;
    return;
  }
  const x = fallbackOutput;
  let xs = 0;
  if (x) for (const c of sectors) xs += x[r * N + c - 1];
  if (!(xs > 0)) throw new Error(`cannot place ${amount} t in region ${r}: no weight and no output`);
  for (const c of sectors) v[r * N + c - 1] += (amount * (x as Float64Array)[r * N + c - 1]) / xs;
}

function reasShares(
  src: China2017Sources,
  provinces: readonly ProvinceActivity[],
  cols: readonly string[],
): Float64Array {
  const G = provinces.length;
  const out = new Float64Array(G);
  let s = 0;
  for (let r = 0; r < G; r++) {
    const row = required(src.reas2015, provinces[r].code, SOURCE_FILES.reas, 'province');
    for (const c of cols) out[r] += required(row, c, SOURCE_FILES.reas, 'column');
    s += out[r];
  }
  if (!(s > 0)) throw new Error(`REAS columns ${cols.join('+')} sum to zero`);
  for (let r = 0; r < G; r++) out[r] /= s;
  return out;
}
