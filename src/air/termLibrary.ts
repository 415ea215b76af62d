import type { Precursor } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { type MonomialTerm, PRECURSOR_COUNT, type TermSetConfig } from './responseSurface.ts';

/** Input index of (region j, precursor p): v = j·5 + p. */
export function inputIndex(region: number, precursor: Precursor): number {
  return region * PRECURSOR_COUNT + PRECURSORS.indexOf(precursor);
}

/** All monomials of total degree 1..maxDegree in the given variables (each once, canonical order). */
export function monomialsUpTo(vars: readonly number[], maxDegree: number): MonomialTerm[] {
  const out: MonomialTerm[] = [];
  const exps = new Array<number>(vars.length).fill(0);
  const rec = (pos: number, left: number): void => {
    if (pos === vars.length) {
      const used = exps.map((a, f) => [vars[f], a] as const).filter(([, a]) => a > 0);
      if (used.length > 0) out.push({ vars: used.map(([v]) => v), exps: used.map(([, a]) => a) });
      return;
    }
    for (let a = 0; a <= left; a++) {
      exps[pos] = a;
      rec(pos + 1, left - a);
    }
    exps[pos] = 0;
  };
  rec(0, maxDegree);
  return out.sort((x, y) => degreeOf(x) - degreeOf(y));
}

function degreeOf(t: MonomialTerm): number {
  return t.exps.reduce((a, b) => a + b, 0);
}

/** Canonical string key of a term (to deduplicate). */
export function termKey(t: MonomialTerm): string {
  const pairs = t.vars.map((v, f) => [v, t.exps[f]] as const).sort((a, b) => a[0] - b[0]);
  return pairs.map(([v, a]) => `${v}^${a}`).join('*');
}

/** Human-readable term, e.g. "Δe[Hebei,NOx]·Δe[Beijing,NH3]^2". */
export function describeTerm(t: MonomialTerm, regions: readonly string[]): string {
  return t.vars
    .map((v, f) => {
      const name = `Δe[${regions[Math.floor(v / PRECURSOR_COUNT)]},${PRECURSORS[v % PRECURSOR_COUNT]}]`;
      return t.exps[f] === 1 ? name : `${name}^${t.exps[f]}`;
    })
    .join('·');
}

/**
 * Candidate term library of receptor i (METHODS §5):
 * - local: every monomial of degree ≤ localDegree in i's five precursors (55 for degree 3);
 * - nearby sources j: linear terms of j's precursors, squares if nearbyDegree ≥ 2, j's own
 *   SO2/NOx/NH3 pairwise interactions (nearbyDegree ≥ 2), and cross terms of j's SO2/NOx/NH3 with
 *   the receptor's nearbyCrossWithReceptor precursors (sulfate/nitrate formed with local ammonia);
 * - far sources: linear terms of their five precursors (if farLinear).
 */
export function candidateTerms(
  receptor: number,
  nearby: readonly number[],
  regionCount: number,
  config: TermSetConfig,
): MonomialTerm[] {
  const out: MonomialTerm[] = [];
  const keys = new Set<string>();
  const add = (t: MonomialTerm): void => {
    const k = termKey(t);
    if (!keys.has(k)) {
      keys.add(k);
      out.push(t);
    }
  };
  const local = PRECURSORS.map((p) => inputIndex(receptor, p));
  for (const t of monomialsUpTo(local, config.localDegree)) add(t);
  const inorganic: Precursor[] = ['SO2', 'NOx', 'NH3'];
  for (const j of nearby) {
    if (j === receptor) continue;
    for (const p of PRECURSORS) {
      add({ vars: [inputIndex(j, p)], exps: [1] });
      for (let a = 2; a <= config.nearbyDegree; a++) add({ vars: [inputIndex(j, p)], exps: [a] });
    }
    if (config.nearbyDegree >= 2)
      for (let a = 0; a < inorganic.length; a++)
        for (let b = a + 1; b < inorganic.length; b++)
          add({ vars: [inputIndex(j, inorganic[a]), inputIndex(j, inorganic[b])], exps: [1, 1] });
    for (const q of inorganic)
      for (const p of config.nearbyCrossWithReceptor)
        add({ vars: [inputIndex(j, q), inputIndex(receptor, p)], exps: [1, 1] });
  }
  // two nearby sources meeting at the receptor (e.g. one's NOx with another's NH3)
  if (config.nearbyPairs) {
    const others = nearby.filter((j) => j !== receptor);
    for (let x = 0; x < others.length; x++)
      for (let y = x + 1; y < others.length; y++)
        for (const q of inorganic)
          for (const r of inorganic)
            add({ vars: [inputIndex(others[x], q), inputIndex(others[y], r)], exps: [1, 1] });
  }
  if (config.farLinear) {
    const near = new Set(nearby);
    for (let j = 0; j < regionCount; j++) {
      if (j === receptor || near.has(j)) continue;
      for (const p of PRECURSORS) add({ vars: [inputIndex(j, p)], exps: [1] });
    }
  }
  return out;
}

/** Evaluates one term for a run of Δe values. */
export function evaluateTerm(t: MonomialTerm, delta: ArrayLike<number>, offset = 0): number {
  let v = 1;
  for (let f = 0; f < t.vars.length; f++) {
    const d = delta[offset + t.vars[f]];
    const a = t.exps[f];
    v *= a === 1 ? d : a === 2 ? d * d : d ** a;
  }
  return v;
}
