/**
 * Colour-blind-safe palettes. Categorical: Okabe & Ito (2008), 8 colours, distinguishable under
 * the common colour-vision deficiencies. Sequential: viridis stops (van der Walt & Smith, 2015).
 * Diverging: the blue–orange pair of Okabe–Ito extended to a light neutral midpoint.
 */
export const OKABE_ITO = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#000000', // black
] as const;

/** Categorical colours in an order that keeps neighbouring categories far apart. */
export const CATEGORICAL = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#555555',
];

/** viridis, 9 stops from dark purple (low) to yellow (high). */
export const SEQUENTIAL = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];

/** Light-to-dark single hue (for heatmaps whose zero must read as "nothing"). */
export const SEQUENTIAL_LIGHT = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];

/** Diverging blue (negative) – light grey – orange/vermillion (positive). */
export const DIVERGING = ['#0072B2', '#6fa8d6', '#f2f2f2', '#f0a35e', '#D55E00'];

/** The two sides of a two-part split (e.g. trade-related vs the rest; local vs upstream). */
export const PAIR = { primary: '#0072B2', secondary: '#E69F00', rest: '#d9d9d9' } as const;

export const TEXT = '#222222';
export const GRID_LINE = '#e0e0e0';
export const FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"; // Arial metrics = ECharts' SSR text-width table

/** Colour per zone, stable across figures (zones in their given order). */
export function zoneColours(zones: readonly string[]): Map<string, string> {
  return new Map(zones.map((z, i) => [z, CATEGORICAL[i % CATEGORICAL.length]]));
}
