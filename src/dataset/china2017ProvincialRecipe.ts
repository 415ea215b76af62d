/**
 * The china2017-provincial recipe's parameters (docs/dataset.md, "china2017-provincial"). Pure
 * data: the algorithm is in outflowCleaning.ts, provincialUseBalance.ts, importSplit.ts,
 * originDestination.ts and china2017ProvincialBuild.ts.
 */

/**
 * Distance decay β of the gravity prior per NBS-42 sector (originDestination.ts).
 *
 * CEADs fitted ln T = b0 + b1 ln OF + b2 ln IF + b3 ln d on railway-freight samples per commodity
 * group (Zheng et al. 2021; the published code `LiJie20230/China_MRIO` reads them from a sample
 * workbook that is not public). Without those samples no sector-specific value can be estimated
 * from public data here, so every goods sector (01–24: agriculture, mining, manufacturing incl.
 * repair, electricity and heat, the sectors CEADs treats by gravity) takes the median distance
 * elasticity of structural gravity estimates, 1.14 (Head & Mayer 2014, Handbook of International
 * Economics vol. 4, Table 4: 328 structural estimates, median −1.14, mean −1.10). The remaining
 * sectors (25–42: gas, water, construction, services) follow CEADs' doubly constrained maximum
 * entropy, β = 0. An assumption, stated in every provenance note; docs/dataset.md shows the
 * sensitivity of the results to β.
 */
export const GOODS_DISTANCE_DECAY = 1.14;
/** Sectors 01–24 (1-based) take the gravity prior; the rest maximum entropy. */
export const LAST_GRAVITY_SECTOR = 24;
/** β per sector: goods (01–24) `goodsDecay`; gas, water, construction and services `servicesDecay` (0: CEADs' maximum entropy). */
export function provincialTradeDecay(goodsDecay = GOODS_DISTANCE_DECAY, servicesDecay = 0): number[] {
  return Array.from({ length: 42 }, (_, k) => (k + 1 <= LAST_GRAVITY_SECTOR ? goodsDecay : servicesDecay));
}

/** Final-demand categories of the built table, in the tables' FU101..FU202 order, then exports. */
export const PROVINCIAL_FINAL_USE_CATEGORIES = [
  'household_rural',
  'household_urban',
  'government',
  'capital_formation',
  'inventory_change',
] as const;
export const PROVINCIAL_OWN_CATEGORIES = ['export'] as const;
