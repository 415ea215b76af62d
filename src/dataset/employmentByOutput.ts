import { join } from 'node:path';
import { InputError } from '../io/inputError.ts';
import { EMPLOYMENT_TO_42 } from './china2017Recipe.ts';
import { type China2017Sources, SOURCE_FILES } from './china2017Sources.ts';

/** National employment 2017 (persons) by NBS-42 sector via EMPLOYMENT_TO_42 (docs/dataset.md §5). */
export function nationalEmploymentBySector(src: China2017Sources): Float64Array {
  const file = join(src.dir, SOURCE_FILES.employment);
  return Float64Array.from(EMPLOYMENT_TO_42, (codes) => {
    let s = 0;
    for (const c of codes) {
      const v = src.employment2017.get(c);
      if (v === undefined) throw new InputError(file, `no industry '${c}'`, undefined, 'Code');
      s += v;
    }
    return s * 1e4;
  });
}
