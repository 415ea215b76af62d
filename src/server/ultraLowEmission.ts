import type { ExplorerPreset } from './explorerView.ts';

/**
 * Ultra-low-emission (ULE) retrofit preset: emission intensities of power, iron & steel and
 * cement scaled by the ratio of the ULE stack-concentration limits to the national standard
 * limits they replace (mg/m³). An assumption stated in the UI and docs/explorer.md: real
 * reductions depend on the pre-retrofit fleet; the user can edit every factor.
 */
const ULE_RULES = [
  {
    label: 'coal power',
    // GB 13223-2011 (new coal units): SO2 100, NOx 100, PM 30 → ULE (2015 work plan): 35, 50, 10.
    match: /electric power|power and heat|electricity/i,
    factors: { SO2: 35 / 100, NOx: 50 / 100, PPM: 10 / 30 },
  },
  {
    label: 'iron & steel',
    // GB 28662-2012 sintering: SO2 200, NOx 300, PM 50 → ULE (2019 steel opinions): 35, 50, 10.
    match: /smelting|ferrous|iron and steel|metal(s)? smelting/i,
    factors: { SO2: 35 / 200, NOx: 50 / 300, PPM: 10 / 50 },
  },
  {
    label: 'cement',
    // GB 4915-2013 kilns: SO2 200, NOx 400, PM 30 → ULE (2024 cement opinions): 35, 50, 10.
    match: /non-?metallic mineral|cement/i,
    factors: { SO2: 35 / 200, NOx: 50 / 400, PPM: 10 / 30 },
  },
] as const;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The ULE preset for a dataset's sector labels (rules whose sector is absent are dropped). */
export function ultraLowEmissionPreset(sectors: readonly string[]): ExplorerPreset | null {
  const rules = ULE_RULES.flatMap((r) => {
    const hit = sectors.find((s) => r.match.test(s));
    if (!hit) return [];
    const factors = Object.fromEntries(Object.entries(r.factors).map(([k, v]) => [k, round(v)]));
    return [{ label: `${r.label} (${hit})`, sectors: [hit], factors }];
  });
  if (rules.length === 0) return null;
  return {
    id: 'ule',
    label: 'Ultra-low-emission retrofit',
    description:
      'Scales SO2, NOx and primary PM2.5 intensities of power, metal smelting and non-metallic minerals (cement) in the provinces you choose (a nationwide retrofit only when “All provinces” is ticked). The IO sectors are broader than the plants covered (smelting includes non-ferrous metals; non-metallic minerals include glass and ceramics), so the preset overstates the reach of a real programme.',
    source:
      'ratio of ULE stack limits to the national standards they replace: power 35/100 SO2, 50/100 NOx, 10/30 PM (GB 13223-2011 → 2015 ULE plan); steel sintering 35/200, 50/300, 10/50 (GB 28662-2012 → 2019 ULE opinions); cement kilns 35/200, 50/400, 10/30 (GB 4915-2013 → 2024 ULE opinions). An assumption; edit the factors.',
    rules,
  };
}
