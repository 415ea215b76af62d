// Region names as shown: English, or English with the dataset's local (Chinese) name when the
// reader asks for it. CSV downloads keep the dataset's own labels.
import type { ExplorerMeta } from './api.ts';

let meta: ExplorerMeta | undefined;
let local = false;
const listeners: (() => void)[] = [];

export function setNames(m: ExplorerMeta): void {
  meta = m;
}

export function hasLocalNames(): boolean {
  return !!meta?.regionNamesLocal.some((n) => n);
}

export function useLocalNames(on: boolean): void {
  local = on;
  for (const f of listeners) f();
}

export function localNamesOn(): boolean {
  return local;
}

export function onNamesChange(f: () => void): void {
  listeners.push(f);
}

/** 'Hebei' or, with local names on, 'Hebei 河北'. */
export function displayName(region: string): string {
  if (!local || !meta) return region;
  const k = meta.regions.indexOf(region);
  const n = k >= 0 ? meta.regionNamesLocal[k] : null;
  return n ? `${region} ${n}` : region;
}

/** Zones in first-appearance order with their provinces. */
export function zonesOf(m: ExplorerMeta): { zone: string; regions: string[] }[] {
  const out: { zone: string; regions: string[] }[] = [];
  m.regions.forEach((r, i) => {
    const z = m.zoneOfRegion[i] ?? '';
    let e = out.find((x) => x.zone === z);
    if (!e) out.push((e = { zone: z, regions: [] }));
    e.regions.push(r);
  });
  return out;
}
