import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AssembleOptions } from '../mrio/construct.ts';
import type { Mrio } from '../mrio/model.ts';
import { InputError } from './inputError.ts';
import { checkTextTableSize } from './textLimits.ts';

/**
 * The MRIO table formats (docs/formats.md §1–3): what each is and how it is read. Readers load
 * on first use, so the command line (which lists these names) starts without them.
 */
export const MRIO_FORMATS = {
  pymrio: {
    what: 'a pymrio text folder (file_parameters.json, Z.txt, Y.txt)',
    read: (path: string, o: AssembleOptions): Mrio | Promise<Mrio> =>
      import('./pymrioReader.ts').then((r) => r.readPymrioFolder(path, o)),
  },
  ceads: {
    what: 'a CEADs provincial MRIO workbook (.xlsx)',
    read: (path: string, o: AssembleOptions): Mrio | Promise<Mrio> =>
      import('./ceadsReader.ts').then((r) => r.readCeadsWorkbook(path, o)),
  },
  csv: {
    what: 'a long-format CSV folder (mrio.json, Z.csv, final_demand.csv)',
    read: (path: string, o: AssembleOptions): Mrio | Promise<Mrio> =>
      import('./csvMrioReader.ts').then((r) => r.readCsvMrio(path, o)),
  },
} as const;

export type MrioFormat = keyof typeof MRIO_FORMATS;
export const MRIO_FORMAT_NAMES = Object.keys(MRIO_FORMATS) as MrioFormat[];

const ANY = `an MRIO table: ${MRIO_FORMAT_NAMES.map((f) => MRIO_FORMATS[f].what).join('; ')}`;

/** Guesses the table format from the path: .xlsx → ceads, folder with file_parameters.json → pymrio, with mrio.json → csv. */
export function detectMrioFormat(path: string): MrioFormat {
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
    throw new InputError(
      path,
      'folder is neither a pymrio folder nor a CSV MRIO',
      undefined,
      undefined,
      'file_parameters.json (pymrio) or mrio.json (CSV) inside, or --format',
    );
  }
  if (/\.xlsx$/i.test(path)) return 'ceads';
  throw new InputError(
    path,
    'unknown table format (a file, not .xlsx)',
    undefined,
    undefined,
    `${ANY}; or --format`,
  );
}

/** Reads an MRIO in any supported format (`format` undefined: detected from the path). */
export async function readMrio(
  path: string,
  format: MrioFormat | undefined,
  options: AssembleOptions = {},
): Promise<Mrio> {
  const f = format ?? detectMrioFormat(path);
  // Text tables are read as one string per file: a file beyond V8's longest string is refused first.
  if (f !== 'ceads') checkTextTableSize(path);
  return MRIO_FORMATS[f].read(path, options);
}
