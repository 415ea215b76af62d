/**
 * Splits each province's competitive-import use of a product into own-province, other-province
 * and foreign parts by proportionality (docs/dataset.md, step 4): every use of product i in
 * province r, intermediate and final alike, is supplied in the shares
 *
 *   own = L / T,  other provinces = IF / T,  foreign = IM / T,   T = L + IF + IM,
 *
 * the usual assumption when only the margins are known. The shares add to 1 wherever T > 0;
 * a product with no use gets all three 0. All vectors are G·N region-major.
 */
export interface SourceShares {
  readonly own: Float64Array;
  readonly otherProvinces: Float64Array;
  readonly foreign: Float64Array;
}

export function importSplit(local: Float64Array, inflow: Float64Array, imports: Float64Array): SourceShares {
  const n = local.length;
  const own = new Float64Array(n);
  const otherProvinces = new Float64Array(n);
  const foreign = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const t = local[k] + inflow[k] + imports[k];
    if (!(t > 0)) continue;
    own[k] = local[k] / t;
    otherProvinces[k] = inflow[k] / t;
    foreign[k] = imports[k] / t;
  }
  return { own, otherProvinces, foreign };
}
