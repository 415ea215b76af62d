import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AssembleOptions } from '../mrio/construct.ts';
import type { Mrio } from '../mrio/model.ts';
import { InputError } from './inputError.ts';

/** Options every MRIO reader takes: validation, the export category, a CEADs worksheet. */
export interface MrioReadOptions extends AssembleOptions {
  /** Worksheet of a CEADs workbook (default: one named like 'English…', else the first). */
  readonly sheet?: string;
  /** A region/sector concordance file (docs/formats.md §8): the table is aggregated after reading. */
  readonly aggregate?: string;
}

/**
 * The MRIO table formats (docs/formats.md §1–3, §7): what each is and how it is read. Readers
 * load on first use, so the command line (which lists these names) starts without them.
 */
export const MRIO_FORMATS = {
  pymrio: {
    what: 'a pymrio folder saved by save_all (file_parameters.json; tables as .txt, .txt.gz or .parquet)',
    read: (path: string, o: MrioReadOptions): Promise<Mrio> =>
      import('./pymrioReader.ts').then((r) => r.readPymrioFolderAsync(path, o)),
  },
  ceads: {
    what: 'a CEADs provincial MRIO workbook (.xlsx)',
    read: (path: string, o: MrioReadOptions): Promise<Mrio> =>
      import('./ceadsReader.ts').then((r) => r.readCeadsWorkbook(path, o)),
  },
  csv: {
    what: 'a long-format CSV folder (mrio.json, Z.csv, final_demand.csv)',
    read: (path: string, o: MrioReadOptions): Promise<Mrio> =>
      import('./csvMrioReader.ts').then((r) => r.readCsvMrio(path, o)),
  },
  wide: {
    what: 'a wide labelled layout: a folder with Z.csv (or A.csv and x.csv) and Y.csv, or an .xlsx with sheets Z (or A and x) and Y',
    read: (path: string, o: MrioReadOptions): Promise<Mrio> =>
      import('./wideMrioReader.ts').then((r) => r.readWide(path, o)),
  },
} as const;

export type MrioFormat = keyof typeof MRIO_FORMATS;
export const MRIO_FORMAT_NAMES = Object.keys(MRIO_FORMATS) as MrioFormat[];

const ANY = `an MRIO table: ${MRIO_FORMAT_NAMES.map((f) => MRIO_FORMATS[f].what).join('; ')}`;

const hasCsv = (dir: string, name: string) =>
  existsSync(join(dir, `${name}.csv`)) || existsSync(join(dir, `${name}.csv.gz`));

/**
 * The table format of `path`: a folder with file_parameters.json → pymrio, with mrio.json → csv,
 * with Z.csv or A.csv → wide; an .xlsx with sheets Z (or A) and Y → wide, any other .xlsx → ceads.
 */
export async function detectMrioFormat(path: string): Promise<MrioFormat> {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      path,
      code === 'ENOENT' ? 'not found' : `cannot read (${code})`,
      undefined,
      undefined,
      ANY,
    );
  }
  if (isFolder) {
    if (existsSync(join(path, 'file_parameters.json'))) return 'pymrio';
    if (existsSync(join(path, 'mrio.json'))) return 'csv';
    if (hasCsv(path, 'Z') || hasCsv(path, 'A')) return 'wide';
    throw new InputError(
      path,
      'folder is neither a pymrio folder, a CSV MRIO nor a wide layout',
      undefined,
      undefined,
      'file_parameters.json (pymrio), mrio.json (long CSV) or Z.csv and Y.csv (wide) inside, or --format',
    );
  }
  if (/\.xlsx$/i.test(path)) {
    let names: string[] = [];
    const { readWorkbookSheets } = await import('./workbookSheets.ts');
    try {
      ({ names } = await readWorkbookSheets(path, () => new Set()));
    } catch (e) {
      throw new InputError(path, `cannot read as xlsx (${(e as Error).message})`, undefined, undefined, ANY);
    }
    return (names.includes('Z') || names.includes('A')) && names.includes('Y') ? 'wide' : 'ceads';
  }
  throw new InputError(
    path,
    'unknown table format (a file, not .xlsx)',
    undefined,
    undefined,
    `${ANY}; or --format`,
  );
}

/** Reads an MRIO in any supported format (`format` undefined: detected), aggregated when asked. */
export async function readMrioTable(
  path: string,
  format: MrioFormat | undefined,
  options: MrioReadOptions = {},
): Promise<{ mrio: Mrio; format: MrioFormat }> {
  const f = format ?? (await detectMrioFormat(path));
  if (options.sheet !== undefined && f !== 'ceads')
    throw new InputError(
      '--sheet',
      `applies to CEADs workbooks, not to the ${f} format`,
      undefined,
      undefined,
      '--sheet only with a CEADs .xlsx',
    );
  let mrio = await MRIO_FORMATS[f].read(path, options);
  if (options.aggregate !== undefined) {
    const [{ readConcordance }, { aggregateMrio }, { MrioError }] = await Promise.all([
      import('./concordanceReader.ts'),
      import('../mrio/aggregation.ts'),
      import('../mrio/errors.ts'),
    ]);
    const concordance = readConcordance(options.aggregate);
    try {
      mrio = aggregateMrio(mrio, concordance, options);
    } catch (e) {
      if (e instanceof MrioError) throw new InputError(options.aggregate, e.message);
      throw e;
    }
  }
  return { mrio, format: f };
}

/** Reads an MRIO in any supported format (`format` undefined: detected from the path). */
export async function readMrio(
  path: string,
  format: MrioFormat | undefined,
  options: MrioReadOptions = {},
): Promise<Mrio> {
  return (await readMrioTable(path, format, options)).mrio;
}
