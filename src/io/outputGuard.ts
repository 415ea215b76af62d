import { InputError } from './inputError.ts';

/**
 * The last check before a number leaves vchain (docs/analysis.md, "Numbers that cannot be true"):
 * NaN and ±Infinity are never written. A value that honestly cannot be computed (e.g. a Theil
 * index of a distribution with negative entries) is declared by the object holding it, in a
 * `notComputed` record: field name → the reason, printed beside the blank. Any other non-finite
 * number stops the command before anything is committed.
 */
export class ImpossibleNumberError extends InputError {
  constructor(
    /** What would have been written: 'result.json', 'tables/inequality.csv', 'the explorer reply'. */
    readonly output: string,
    /** Where in it: 'concentrations.baseline.values[Hebei]'. */
    readonly field: string,
    readonly value: number,
    /** The inputs it was computed from, when the caller can name them. */
    from?: string,
  ) {
    super(
      output,
      `${field} would be ${value} (${Number.isNaN(value) ? 'not a number' : 'infinite'}); vchain writes no number that cannot be true, so nothing was written${from ? `. It was computed from ${from}` : ''}`,
      undefined,
      undefined,
      'finite numbers only: check the inputs against the ranges in docs/analysis.md ("Numbers that cannot be true")',
    );
    this.name = 'ImpossibleNumberError';
  }
}

export interface NonFiniteNumber {
  /** Path of the offending number, with labels where the data carries them. */
  readonly path: string;
  readonly value: number;
}

/** Keys that identify an element of a list (used to name it in a path instead of its index). */
const LABEL_KEYS = [
  'variable',
  'indicator',
  'precursor',
  'zone',
  'threshold',
  'region',
  'endpoint',
  'quantity',
  'exporter',
  'importer',
  'id',
  'name',
] as const;

type Holder = Record<string, unknown>;

function isTypedArray(v: unknown): v is Float64Array | Float32Array {
  return v instanceof Float64Array || v instanceof Float32Array;
}

function elementLabel(item: unknown, k: number): string {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return `[${k}]`;
  const parts: string[] = [];
  for (const key of LABEL_KEYS) {
    const v = (item as Holder)[key];
    if (typeof v === 'string' || typeof v === 'number') parts.push(`${key}=${v}`);
  }
  return parts.length > 0 ? `[${parts.join(', ')}]` : `[${k}]`;
}

/** `[Hebei]` for a region-indexed vector, `[Hebei, Beijing]` for a G×G matrix's data. */
function indexLabel(k: number, length: number, holder: Holder, regions: readonly string[] | undefined) {
  const rows = holder.rows;
  const cols = holder.cols;
  if (typeof rows === 'number' && typeof cols === 'number' && rows * cols === length) {
    const i = Math.floor(k / cols);
    const j = k % cols;
    if (regions && regions.length === rows && rows === cols) return `[${regions[i]}, ${regions[j]}]`;
    return `[${i}, ${j}]`;
  }
  if (regions && regions.length === length) return `[${regions[k]}]`;
  return `[${k}]`;
}

function regionsOf(holder: Holder): readonly string[] | undefined {
  const r = holder.regions;
  return Array.isArray(r) && r.every((x) => typeof x === 'string') ? (r as string[]) : undefined;
}

/**
 * The first NaN or ±Infinity in `value` (objects, arrays, typed arrays), or undefined. Skipped:
 * fields an object declares in its `notComputed` record (their reason must be a non-empty
 * string), and accessor properties (blocks computed on first read, checked when computed).
 */
export function firstNonFinite(value: unknown, root = ''): NonFiniteNumber | undefined {
  const path: string[] = [];
  const found = visit(value, path, undefined);
  return found === undefined
    ? undefined
    : { path: `${root}${path.join('')}`.replace(/^\./, ''), value: found };
}

function visit(v: unknown, path: string[], regions: readonly string[] | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : v;
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (let k = 0; k < v.length; k++) {
      const item = v[k];
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) {
          path.push(regions && regions.length === v.length ? `[${regions[k]}]` : `[${k}]`);
          return item;
        }
        continue;
      }
      if (item === null || typeof item !== 'object') continue;
      path.push(elementLabel(item, k));
      const bad = visit(item, path, regions);
      if (bad !== undefined) return bad;
      path.pop();
    }
    return undefined;
  }
  if (ArrayBuffer.isView(v)) return undefined; // integer arrays cannot hold NaN
  const holder = v as Holder;
  const declared = holder.notComputed as Record<string, unknown> | undefined;
  const here = regionsOf(holder) ?? regions;
  for (const key of Object.keys(holder)) {
    if (key === 'notComputed') continue;
    if (declared && Object.hasOwn(declared, key)) {
      const reason = declared[key];
      if (typeof reason !== 'string' || reason.trim() === '')
        throw new Error(`notComputed.${key} must give a reason (a non-empty string)`);
      continue;
    }
    if (Object.getOwnPropertyDescriptor(holder, key)?.get) continue;
    const child = holder[key];
    if (isTypedArray(child)) {
      for (let k = 0; k < child.length; k++)
        if (!Number.isFinite(child[k])) {
          path.push(`.${key}`, indexLabel(k, child.length, holder, here));
          return child[k];
        }
      continue;
    }
    if (typeof child === 'number') {
      if (!Number.isFinite(child)) {
        path.push(`.${key}`);
        return child;
      }
      continue;
    }
    if (child === null || typeof child !== 'object') continue;
    path.push(`.${key}`);
    const bad = visit(child, path, here);
    if (bad !== undefined) return bad;
    path.pop();
  }
  return undefined;
}

/** Every declared blank of `value`: the path of the field and its reason (for run.json `notComputed`). */
export function declaredBlanks(value: unknown): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) walk(v[k], `${path}${elementLabel(v[k], k)}`);
      return;
    }
    const holder = v as Holder;
    const declared = holder.notComputed as Record<string, string> | undefined;
    if (declared)
      for (const [key, reason] of Object.entries(declared))
        out.push({ field: `${path}.${key}`.replace(/^\./, ''), reason });
    for (const key of Object.keys(holder))
      if (key !== 'notComputed' && !Object.getOwnPropertyDescriptor(holder, key)?.get)
        walk(holder[key], `${path}.${key}`);
  };
  walk(value, '');
  return out;
}

/** Throws ImpossibleNumberError naming the first undeclared non-finite number of `value`. */
export function assertFiniteOutput(value: unknown, output: string, from?: string): void {
  const bad = firstNonFinite(value);
  if (bad) throw new ImpossibleNumberError(output, bad.path || '(value)', bad.value, from);
}

/** JSON text of `value` (and a newline) after the check; `replacer` e.g. runResultReplacer. */
export function checkedJson(
  value: unknown,
  output: string,
  options: { from?: string; indent?: number; replacer?: (key: string, value: unknown) => unknown } = {},
): string {
  assertFiniteOutput(value, output, options.from);
  return `${JSON.stringify(value, options.replacer as never, options.indent)}\n`;
}
