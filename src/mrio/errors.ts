/**
 * A table that cannot be decomposed (non-finite entries, shapes, a column of A summing to ≥ 1,
 * a singular I − A). Names the region and sector where known; readers in src/io turn it into an
 * InputError naming the file.
 */
export class MrioError extends Error {
  constructor(
    readonly detail: string,
    readonly region?: string,
    readonly sector?: string,
    readonly expected?: string,
  ) {
    const where = region !== undefined ? ` [${region}${sector !== undefined ? ` / ${sector}` : ''}]` : '';
    super(`${detail}${where}${expected ? `; expected ${expected}` : ''}`);
    this.name = 'MrioError';
  }
}
