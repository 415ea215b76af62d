/**
 * The China 2017 recipe: which indicator regionalises which of the 42 NBS sectors, the
 * employment concordance, the trade-model parameters and the final-demand rules. Pure data, so
 * another country/year is another recipe object over the same algorithm (docs/dataset.md).
 */

export type ProvincialIndicator =
  | { readonly kind: 'value_added'; readonly part: 'gdpPrimary' | 'gdpSecondary' | 'gdpTertiary' }
  | {
      readonly kind: 'physical';
      /** Weighted mix of provincial shares of physical outputs (weights sum to 1). */
      readonly mix: readonly (readonly [
        'crudeSteel' | 'pigIron' | 'cement' | 'nonferrous' | 'genThermal' | 'genTotal',
        number,
      ])[];
    }
  | { readonly kind: 'ceads_energy'; readonly ceadsSectors: readonly string[] };

const VA1: ProvincialIndicator = { kind: 'value_added', part: 'gdpPrimary' };
const VA2: ProvincialIndicator = { kind: 'value_added', part: 'gdpSecondary' };
const VA3: ProvincialIndicator = { kind: 'value_added', part: 'gdpTertiary' };
const ceads = (...s: string[]): ProvincialIndicator => ({ kind: 'ceads_energy', ceadsSectors: s });

/**
 * Sector 14 (smelting of ferrous AND non-ferrous metals) mixes ferrous and non-ferrous output
 * shares with their national 2017 employment weights (C19 431 : C20 291 × 10^4 persons,
 * china_employment.csv); the ferrous half averages crude steel and pig iron.
 */
const FERROUS_W = 431 / (431 + 291);

export const CHINA2017_INDICATORS: readonly ProvincialIndicator[] = [
  VA1, // 01 agriculture
  ceads('Coal Mining and Dressing'), // 02
  ceads('Petroleum and Natural Gas Extraction'), // 03
  ceads('Ferrous Metals Mining and Dressing', 'Nonferrous Metals Mining and Dressing'), // 04
  ceads('Nonmetal Minerals Mining and Dressing', 'Other Minerals Mining and Dressing'), // 05
  VA2, // 06 food
  VA2, // 07 textiles
  VA2, // 08 apparel
  VA2, // 09 timber
  VA2, // 10 paper
  ceads('Petroleum Processing and Coking'), // 11
  ceads(
    'Raw Chemical Materials and Chemical Products',
    'Medical and Pharmaceutical Products',
    'Chemical Fiber',
    'Rubber Products',
    'Plastic Products',
  ), // 12
  { kind: 'physical', mix: [['cement', 1]] }, // 13
  {
    kind: 'physical',
    mix: [
      ['crudeSteel', FERROUS_W / 2],
      ['pigIron', FERROUS_W / 2],
      ['nonferrous', 1 - FERROUS_W],
    ],
  }, // 14
  VA2, // 15
  VA2, // 16
  VA2, // 17
  VA2, // 18
  VA2, // 19
  VA2, // 20
  VA2, // 21
  VA2, // 22
  VA2, // 23
  {
    kind: 'physical',
    mix: [
      ['genThermal', 0.5],
      ['genTotal', 0.5],
    ],
  }, // 24 electricity and heat
  VA2, // 25 gas
  VA2, // 26 water
  VA2, // 27 construction
  ...Array.from({ length: 15 }, () => VA3), // 28..42 services
];

/** CEADs sector → NBS-42 sector (1-based) for fuel-use weights; arrays split by provincial output. */
export const CEADS_TO_42: ReadonlyMap<string, readonly number[]> = new Map([
  ['Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy', [1]],
  ['Coal Mining and Dressing', [2]],
  ['Petroleum and Natural Gas Extraction', [3]],
  ['Ferrous Metals Mining and Dressing', [4]],
  ['Nonferrous Metals Mining and Dressing', [4]],
  ['Nonmetal Minerals Mining and Dressing', [5]],
  ['Other Minerals Mining and Dressing', [5]],
  ['Logging and Transport of Wood and Bamboo', [1]],
  ['Food Processing', [6]],
  ['Food Production', [6]],
  ['Beverage Production', [6]],
  ['Tobacco Processing', [6]],
  ['Textile Industry', [7]],
  ['Garments and Other Fiber Products', [8]],
  ['Leather, Furs, Down and Related Products', [8]],
  ['Timber Processing, Bamboo, Cane, Palm Fiber & Straw Products', [9]],
  ['Furniture Manufacturing', [9]],
  ['Papermaking and Paper Products', [10]],
  ['Printing and Record Medium Reproduction', [10]],
  ['Cultural, Educational and Sports Articles', [10]],
  ['Petroleum Processing and Coking', [11]],
  ['Raw Chemical Materials and Chemical Products', [12]],
  ['Medical and Pharmaceutical Products', [12]],
  ['Chemical Fiber', [12]],
  ['Rubber Products', [12]],
  ['Plastic Products', [12]],
  ['Nonmetal Mineral Products', [13]],
  ['Smelting and Pressing of Ferrous Metals', [14]],
  ['Smelting and Pressing of Nonferrous Metals', [14]],
  ['Metal Products', [15]],
  ['Ordinary Machinery', [16]],
  ['Equipment for Special Purposes', [17]],
  ['Transportation Equipment', [18]],
  ['Electric Equipment and Machinery', [19]],
  ['Electronic and Telecommunications Equipment', [20]],
  ['Instruments, Meters, Cultural and Office Machinery', [21]],
  ['Other Manufacturing Industry', [22]],
  ['Scrap and waste', [22]],
  ['Production and Supply of Electric Power, Steam and Hot Water', [24]],
  ['Production and Supply of Gas', [25]],
  ['Production and Supply of Tap Water', [26]],
  ['Construction', [27]],
  ['Transportation, Storage, Post and Telecommunication Services', [29]],
  ['Wholesale, Retail Trade and Catering Services', [28, 30]],
  ['Others', [31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42]],
]);

/** NBS employment industry codes (china_employment.csv) → NBS-42 sector (1-based). */
export const EMPLOYMENT_TO_42: readonly (readonly string[])[] = [
  ['A'],
  ['B01'],
  ['B02'],
  ['B03', 'B04'],
  ['B05', 'B06', 'B07'],
  ['C01', 'C02', 'C03', 'C04'],
  ['C05'],
  ['C06', 'C07'],
  ['C08', 'C09'],
  ['C10', 'C11', 'C12'],
  ['C13'],
  ['C14', 'C15', 'C16', 'C17'],
  ['C18'],
  ['C19', 'C20'],
  ['C21'],
  ['C22'],
  ['C23'],
  ['C24', 'C25'],
  ['C26'],
  ['C27'],
  ['C28'],
  ['C29', 'C30'],
  ['C31'],
  ['D01'],
  ['D02'],
  ['D03'],
  ['E'],
  ['F'],
  ['G'],
  ['H'],
  ['I'],
  ['J'],
  ['K'],
  ['L'],
  ['M01'],
  ['M02', 'M03'],
  ['N'],
  ['O'],
  ['P'],
  ['Q'],
  ['R'],
  ['S', 'T'],
];

/**
 * Home bias H multiplies the own-province gravity weight (internal distance alone gives ~20 %
 * own sourcing for goods, implausibly open for provinces of this size); with H = 12 about two
 * thirds of goods use (63.5 %) and 82 % of services use are sourced within the province. An
 * assumption, not a calibration to observed trade (none is public); docs/dataset.md shows the
 * sensitivity of the results to H.
 *
 * Distance-decay exponent β by sector: goods, mining and electricity 1.0; services 2.0;
 * construction, gas and water supply 3.0 (hardly traded across provinces). With the contiguity
 * bonus these are the recipe's assumptions (no provincial trade data is public); the build
 * summary reports the resulting own-province sourcing shares.
 */
export const CHINA2017_TRADE_DECAY: readonly number[] = Array.from({ length: 42 }, (_, k) => {
  const code = k + 1;
  if (code === 25 || code === 26 || code === 27) return 3;
  if (code >= 28) return 2;
  return 1;
});
export const CHINA2017_CONTIGUITY_BONUS = 0.5;
export const CHINA2017_HOME_BIAS = 12;

/** Final-demand categories of the built table (pooled = sourced by the trade model). */
export const POOLED_CATEGORIES = [
  'household_rural',
  'household_urban',
  'government',
  'capital_formation',
] as const;
export const OWN_CATEGORIES = ['inventory_change', 'export'] as const;
