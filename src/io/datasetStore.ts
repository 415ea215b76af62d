import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Dataset, DatasetProvenance, RegionInfo } from '../dataset/model.ts';
import { categoriesOf, expandRegionalisedTable, type RegionalisedTable } from '../dataset/regionalTable.ts';
import {
  expandSourcedUseTable,
  IMPORTS_ROW,
  type SourcedUseTable,
  sourcedCategories,
} from '../dataset/sourcedUseTable.ts';
import type { Matrix } from '../linalg/matrix.ts';
import type { Mrio, Precursor, SatelliteAccount, SatelliteKind, SectorRoleClass } from '../mrio/model.ts';
import { InputError } from './inputError.ts';
import { ImpossibleNumberError } from './outputGuard.ts';

/**
 * On-disk form of a dataset (docs/dataset.md "Stored format"): a folder with
 *   dataset.json    — labels, units, provenance, small vectors, and a manifest of the arrays;
 *   arrays.f64.gz   — the named Float64 arrays, little-endian IEEE-754 doubles concatenated in
 *                     manifest order, gzip level 9 (no timestamp): lossless, byte-reproducible.
 * Encoding 'regionalised-factored' stores the factors of a regionalised table (RegionalisedTable)
 * and derives Z, Y on load; 'sourced-use' stores each province's use tables and the sourcing
 * shares (SourcedUseTable); 'dense' stores Z, Y and x as they are (for real MRIO tables).
 */
export const DATASET_JSON = 'dataset.json';
export const ARRAYS_FILE = 'arrays.f64.gz';
const FORMAT = 'vchain-dataset';
const VERSION = 1;

export interface StoredSatellite {
  readonly name: string;
  readonly unit: string;
  readonly kind: SatelliteKind;
  readonly precursor?: Precursor;
  readonly values: Float64Array;
  readonly direct?: Float64Array;
}

/** What a regionalised build hands to the store (Z and Y are implied by `table`). */
export interface RegionalisedStoreInput {
  readonly provenance: DatasetProvenance;
  readonly table: RegionalisedTable;
  readonly satellites: readonly StoredSatellite[];
  readonly population: Float64Array;
  readonly gdp?: Float64Array;
  readonly gdpUnit?: string;
  readonly pm25?: Float64Array;
  readonly regionInfo: readonly RegionInfo[];
  readonly zones: readonly string[];
  readonly sectorRoleClass: readonly SectorRoleClass[];
  /** Free-form build summary kept in dataset.json (numbers only, deterministic). */
  readonly buildSummary?: unknown;
}

interface ArrayEntry {
  readonly name: string;
  readonly length: number;
}

/** Satellite values (and final users' direct amounts) as named arrays, in account order. */
function satelliteArrays(
  satellites: readonly { readonly values: Float64Array; readonly direct?: Float64Array }[],
): [string, Float64Array][] {
  const out: [string, Float64Array][] = [];
  satellites.forEach((s, k) => {
    out.push([`satellite:${k}:values`, s.values]);
    if (s.direct) out.push([`satellite:${k}:direct`, s.direct]);
  });
  return out;
}

function packArrays(arrays: readonly [string, Float64Array][]): { manifest: ArrayEntry[]; gz: Buffer } {
  let total = 0;
  for (const [, a] of arrays) total += a.length;
  const buf = Buffer.alloc(total * 8);
  let off = 0;
  const manifest: ArrayEntry[] = [];
  for (const [name, a] of arrays) {
    const bad = a.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new ImpossibleNumberError(`the dataset's ${ARRAYS_FILE}`, `array ${name}[${bad}]`, a[bad]);
    for (let k = 0; k < a.length; k++) buf.writeDoubleLE(a[k] === 0 ? 0 : a[k], off + k * 8); // no -0
    off += a.length * 8;
    manifest.push({ name, length: a.length });
  }
  return { manifest, gz: gzipSync(buf, { level: 9 }) };
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Serialises a regionalised dataset to the files of its folder (name → bytes). Pure; no I/O. */
export function encodeRegionalisedDataset(d: RegionalisedStoreInput): Map<string, Uint8Array> {
  const t = d.table;
  return encodeFactored(
    d,
    [
      ['x0', t.x0],
      ['A', t.A.data],
      ['share', t.share],
      ['pooledDemand', t.pooledDemand],
      ['ownDemand', t.ownDemand],
      ...t.primaryCoefficients.map((p, k): [string, Float64Array] => [`primaryCoefficient:${k}`, p.values]),
    ],
    {
      encoding: 'regionalised-factored',
      provenance: d.provenance,
      regions: t.regions,
      sectors: t.sectors,
      monetaryUnit: t.monetaryUnit,
      pooledCategories: t.pooledCategories,
      ownCategories: t.ownCategories,
      primaryInputs: t.primaryCoefficients.map((p) => p.name),
    },
  );
}

/** What a sourced-use build hands to the store (Z and Y are implied by `table`). */
export interface SourcedUseStoreInput extends Omit<RegionalisedStoreInput, 'table'> {
  readonly table: SourcedUseTable;
}

/** Serialises a sourced-use dataset (province-specific use tables × sourcing shares). Pure; no I/O. */
export function encodeSourcedUseDataset(d: SourcedUseStoreInput): Map<string, Uint8Array> {
  const t = d.table;
  return encodeFactored(
    d,
    [
      ['use', t.use],
      ['finalUse', t.finalUse],
      ['source', t.source],
      ['foreign', t.foreign],
      ['ownDemand', t.ownDemand],
      ...t.valueAdded.map((p, k): [string, Float64Array] => [`valueAdded:${k}`, p.values]),
    ],
    {
      encoding: 'sourced-use',
      provenance: d.provenance,
      regions: t.regions,
      sectors: t.sectors,
      monetaryUnit: t.monetaryUnit,
      finalUseCategories: t.finalUseCategories,
      ownCategories: t.ownCategories,
      primaryInputs: [IMPORTS_ROW, ...t.valueAdded.map((p) => p.name)],
    },
  );
}

/**
 * The files of a factored dataset: the table's arrays, then population, GDP, PM2.5 and the
 * satellites; dataset.json = format, version, the table's fields, labels, units, satellite
 * metadata, the arrays manifest and the build summary.
 */
function encodeFactored(
  d: Omit<RegionalisedStoreInput, 'table'>,
  tableArrays: [string, Float64Array][],
  tableJson: Record<string, unknown>,
): Map<string, Uint8Array> {
  const arrays: [string, Float64Array][] = [...tableArrays, ['population', d.population]];
  if (d.gdp) arrays.push(['gdp', d.gdp]);
  if (d.pm25) arrays.push(['pm25', d.pm25]);
  arrays.push(...satelliteArrays(d.satellites));
  const { manifest, gz } = packArrays(arrays);
  const json = {
    format: FORMAT,
    version: VERSION,
    ...tableJson,
    ...commonJson(d),
    arrays: { file: ARRAYS_FILE, sha256: sha256(gz), byteOrder: 'little-endian float64', entries: manifest },
    ...(d.buildSummary !== undefined ? { buildSummary: d.buildSummary } : {}),
  };
  return new Map<string, Uint8Array>([
    [DATASET_JSON, Buffer.from(`${JSON.stringify(json, null, 1)}\n`, 'utf8')],
    [ARRAYS_FILE, gz],
  ]);
}

/** Labels, units and satellite metadata shared by the factored encodings. */
function commonJson(d: Omit<RegionalisedStoreInput, 'table'>) {
  return {
    regionInfo: d.regionInfo,
    zones: d.zones,
    sectorRoleClass: d.sectorRoleClass,
    units: { population: 'persons', gdp: d.gdpUnit ?? '10^8 CNY', pm25: 'µg/m³' },
    satellites: d.satellites.map((s) => ({
      name: s.name,
      unit: s.unit,
      kind: s.kind,
      ...(s.precursor ? { precursor: s.precursor } : {}),
      hasDirect: s.direct !== undefined,
    })),
  };
}

/** Serialises any dataset (e.g. a real MRIO) densely: Z, Y, x and primary inputs as stored. */
export function encodeDenseDataset(ds: Dataset): Map<string, Uint8Array> {
  const m = ds.mrio;
  const arrays: [string, Float64Array][] = [
    ['Z', m.Z.data],
    ['Y', m.finalDemand.Y.data],
    ['x', m.x],
    ...(m.primaryInputs ?? []).map((p, k): [string, Float64Array] => [`primaryInput:${k}`, p.values]),
    ['population', ds.population.values],
  ];
  if (ds.gdp) arrays.push(['gdp', ds.gdp.values]);
  if (ds.pm25Observed) arrays.push(['pm25', ds.pm25Observed.values]);
  arrays.push(...satelliteArrays(m.satellites));
  const { manifest, gz } = packArrays(arrays);
  const json = {
    format: FORMAT,
    version: VERSION,
    encoding: 'dense',
    name: m.name,
    provenance: ds.provenance,
    regions: m.regions,
    sectors: m.sectors,
    monetaryUnit: m.monetaryUnit,
    categories: m.finalDemand.categories,
    primaryInputs: (m.primaryInputs ?? []).map((p) => p.name),
    regionInfo: ds.regionInfo,
    zones: ds.zones,
    sectorRoleClass: ds.sectorRoleClass,
    units: { population: ds.population.unit, gdp: ds.gdp?.unit ?? '', pm25: 'µg/m³' },
    satellites: m.satellites.map((s) => ({
      name: s.name,
      unit: s.unit,
      kind: s.kind,
      ...(s.precursor ? { precursor: s.precursor } : {}),
      hasDirect: s.direct !== undefined,
    })),
    arrays: { file: ARRAYS_FILE, sha256: sha256(gz), byteOrder: 'little-endian float64', entries: manifest },
  };
  return new Map<string, Uint8Array>([
    [DATASET_JSON, Buffer.from(`${JSON.stringify(json, null, 1)}\n`, 'utf8')],
    [ARRAYS_FILE, gz],
  ]);
}

// ---------------------------------------------------------------- reading

const ENCODINGS = ['regionalised-factored', 'sourced-use', 'dense'] as const;
type Encoding = (typeof ENCODINGS)[number];

interface DatasetJson {
  format: string;
  version: number;
  encoding: Encoding;
  name?: string;
  provenance: DatasetProvenance;
  regions: string[];
  sectors: string[];
  monetaryUnit: string;
  pooledCategories?: string[];
  finalUseCategories?: string[];
  ownCategories?: string[];
  categories?: string[];
  primaryInputs: string[];
  regionInfo: RegionInfo[];
  zones: string[];
  sectorRoleClass: SectorRoleClass[];
  units: { population: string; gdp: string; pm25: string };
  satellites: {
    name: string;
    unit: string;
    kind: SatelliteKind;
    precursor?: Precursor;
    hasDirect: boolean;
  }[];
  arrays: { file: string; sha256: string; entries: ArrayEntry[] };
  buildSummary?: unknown;
}

/** The parsed dataset.json of a stored dataset (for `dataset info`). */
export function readDatasetManifest(dir: string): DatasetJson {
  const file = join(dir, DATASET_JSON);
  if (!existsSync(file))
    throw new InputError(
      file,
      'no dataset here',
      undefined,
      undefined,
      `a folder with ${DATASET_JSON} and ${ARRAYS_FILE}`,
    );
  let j: DatasetJson;
  try {
    j = JSON.parse(readFileSync(file, 'utf8')) as DatasetJson;
  } catch (e) {
    throw new InputError(file, `invalid JSON (${(e as Error).message})`);
  }
  if (j.format !== FORMAT)
    throw new InputError(file, `format '${j.format}'`, undefined, 'format', `'${FORMAT}'`);
  if (j.version !== VERSION)
    throw new InputError(file, `version ${j.version}`, undefined, 'version', String(VERSION));
  if (!(ENCODINGS as readonly string[]).includes(j.encoding))
    throw new InputError(
      file,
      `encoding '${j.encoding}'`,
      undefined,
      'encoding',
      ENCODINGS.map((e) => `'${e}'`).join(', '),
    );
  return j;
}

function unpackArrays(dir: string, j: DatasetJson): Map<string, Float64Array> {
  const file = join(dir, j.arrays.file);
  let gz: Buffer;
  try {
    gz = readFileSync(file);
  } catch (e) {
    throw new InputError(file, `cannot read (${(e as Error).message})`);
  }
  if (sha256(gz) !== j.arrays.sha256)
    throw new InputError(
      file,
      'checksum mismatch',
      undefined,
      undefined,
      `sha256 ${j.arrays.sha256} (dataset.json)`,
    );
  const raw = gunzipSync(gz);
  let total = 0;
  for (const e of j.arrays.entries) total += e.length;
  if (raw.length !== total * 8)
    throw new InputError(file, `${raw.length} bytes`, undefined, undefined, `${total * 8}`);
  // Copy into an aligned buffer, then view per entry (machine is little-endian; checked below).
  const all = new Float64Array(total);
  new Uint8Array(all.buffer).set(raw);
  if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f)
    for (let k = 0; k < total; k++) all[k] = raw.readDoubleLE(k * 8);
  const out = new Map<string, Float64Array>();
  let off = 0;
  for (const e of j.arrays.entries) {
    out.set(e.name, all.subarray(off, off + e.length));
    off += e.length;
  }
  return out;
}

function need(arrays: Map<string, Float64Array>, name: string, length: number, file: string): Float64Array {
  const a = arrays.get(name);
  if (!a) throw new InputError(file, `missing array '${name}'`);
  if (a.length !== length)
    throw new InputError(
      file,
      `array '${name}' has ${a.length} values`,
      undefined,
      undefined,
      String(length),
    );
  return a;
}

function rowSums(Z: Matrix, Y: Matrix): Float64Array {
  const n = Z.rows;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const zo = i * Z.cols;
    for (let j = 0; j < Z.cols; j++) s += Z.data[zo + j];
    const yo = i * Y.cols;
    for (let j = 0; j < Y.cols; j++) s += Y.data[yo + j];
    x[i] = s;
  }
  return x;
}

type Arrays = Map<string, Float64Array>;

/** Z, Y, x and primary inputs of a regionalised-factored dataset (x = Z1 + Y1, METHODS §1). */
function regionalisedMrio(j: DatasetJson, arrays: Arrays, file: string): Omit<Mrio, 'satellites'> {
  const G = j.regions.length;
  const N = j.sectors.length;
  const n = G * N;
  const pooledCategories = j.pooledCategories ?? [];
  const ownCategories = j.ownCategories ?? [];
  const table: RegionalisedTable = {
    regions: j.regions,
    sectors: j.sectors,
    monetaryUnit: j.monetaryUnit,
    x0: need(arrays, 'x0', n, file),
    A: { rows: N, cols: N, data: need(arrays, 'A', N * N, file) },
    share: need(arrays, 'share', N * G * G, file),
    pooledCategories,
    pooledDemand: need(arrays, 'pooledDemand', n * pooledCategories.length, file),
    ownCategories,
    ownDemand: need(arrays, 'ownDemand', n * ownCategories.length, file),
    primaryCoefficients: j.primaryInputs.map((name, k) => ({
      name,
      values: need(arrays, `primaryCoefficient:${k}`, N, file),
    })),
  };
  const { Z, Y } = expandRegionalisedTable(table);
  return {
    name: j.provenance.id,
    regions: j.regions,
    sectors: j.sectors,
    monetaryUnit: j.monetaryUnit,
    Z,
    finalDemand: { categories: categoriesOf(table), Y },
    x: rowSums(Z, Y),
    primaryInputs: table.primaryCoefficients.map((p) => ({
      name: p.name,
      values: Float64Array.from(table.x0, (v, k) => v * p.values[k % N]),
    })),
    warnings: j.provenance.isDemonstration ? [j.provenance.note] : [],
  };
}

/** Z, Y, x and primary inputs of a sourced-use dataset (x = Z1 + Y1, METHODS §1). */
function sourcedUseMrio(j: DatasetJson, arrays: Arrays, file: string): Omit<Mrio, 'satellites'> {
  const G = j.regions.length;
  const N = j.sectors.length;
  const n = G * N;
  const finalUseCategories = j.finalUseCategories ?? [];
  const ownCategories = j.ownCategories ?? [];
  if (j.primaryInputs[0] !== IMPORTS_ROW)
    throw new InputError(
      file,
      `first primary input '${j.primaryInputs[0]}'`,
      undefined,
      'primaryInputs',
      `'${IMPORTS_ROW}'`,
    );
  const table: SourcedUseTable = {
    regions: j.regions,
    sectors: j.sectors,
    monetaryUnit: j.monetaryUnit,
    use: need(arrays, 'use', n * N, file),
    finalUseCategories,
    finalUse: need(arrays, 'finalUse', n * finalUseCategories.length, file),
    source: need(arrays, 'source', N * G * G, file),
    foreign: need(arrays, 'foreign', n, file),
    ownCategories,
    ownDemand: need(arrays, 'ownDemand', n * ownCategories.length, file),
    valueAdded: j.primaryInputs
      .slice(1)
      .map((name, k) => ({ name, values: need(arrays, `valueAdded:${k}`, n, file) })),
  };
  const { Z, Y, imports } = expandSourcedUseTable(table);
  return {
    name: j.provenance.id,
    regions: j.regions,
    sectors: j.sectors,
    monetaryUnit: j.monetaryUnit,
    Z,
    finalDemand: { categories: sourcedCategories(table), Y },
    x: rowSums(Z, Y),
    primaryInputs: [{ name: IMPORTS_ROW, values: imports }, ...table.valueAdded],
    warnings: j.provenance.isDemonstration ? [j.provenance.note] : [],
  };
}

/** Z, Y, x and primary inputs stored as they are. */
function denseMrio(j: DatasetJson, arrays: Arrays, file: string): Omit<Mrio, 'satellites'> {
  const n = j.regions.length * j.sectors.length;
  const cats = j.categories ?? [];
  const K = j.regions.length * cats.length;
  return {
    name: j.name ?? j.provenance.id,
    regions: j.regions,
    sectors: j.sectors,
    monetaryUnit: j.monetaryUnit,
    Z: { rows: n, cols: n, data: need(arrays, 'Z', n * n, file) },
    finalDemand: { categories: cats, Y: { rows: n, cols: K, data: need(arrays, 'Y', n * K, file) } },
    x: need(arrays, 'x', n, file),
    primaryInputs: j.primaryInputs.map((name, k) => ({
      name,
      values: need(arrays, `primaryInput:${k}`, n, file),
    })),
  };
}

/** Reads a stored dataset folder; derived quantities are rebuilt (docs/dataset.md). */
export function readDataset(dir: string): Dataset {
  const j = readDatasetManifest(dir);
  const file = join(dir, DATASET_JSON);
  const arrays = unpackArrays(dir, j);
  const G = j.regions.length;
  const N = j.sectors.length;
  const n = G * N;
  const satellites: SatelliteAccount[] = j.satellites.map((s, k) => ({
    name: s.name,
    unit: s.unit,
    kind: s.kind,
    ...(s.precursor ? { precursor: s.precursor } : {}),
    values: need(arrays, `satellite:${k}:values`, n, file),
    ...(s.hasDirect ? { direct: need(arrays, `satellite:${k}:direct`, G, file) } : {}),
  }));
  const build =
    j.encoding === 'regionalised-factored'
      ? regionalisedMrio
      : j.encoding === 'sourced-use'
        ? sourcedUseMrio
        : denseMrio;
  const mrio: Mrio = { ...build(j, arrays, file), satellites };
  const vec = (name: string, unit: string) => {
    const v = arrays.get(name);
    return v ? { regions: j.regions, unit, values: need(arrays, name, G, file) } : undefined;
  };
  const population = vec('population', j.units.population);
  if (!population) throw new InputError(file, "missing array 'population'");
  const gdp = vec('gdp', j.units.gdp);
  const pm25 = vec('pm25', j.units.pm25);
  if (j.zones.length !== G || j.regionInfo.length !== G)
    throw new InputError(file, 'zones/regionInfo length differs from regions', undefined, undefined, `${G}`);
  if (j.sectorRoleClass.length !== N)
    throw new InputError(file, 'sectorRoleClass length differs from sectors', undefined, undefined, `${N}`);
  return {
    provenance: j.provenance,
    mrio,
    population,
    regionInfo: j.regionInfo,
    zones: j.zones,
    sectorRoleClass: j.sectorRoleClass,
    ...(gdp ? { gdp } : {}),
    ...(pm25 ? { pm25Observed: pm25 } : {}),
  };
}
