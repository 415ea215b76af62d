import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** sha256[0:16] of each source file (the convention of data/sources/PROVENANCE.md). */
export function sourceFileHashes(sourcesDir: string, files: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    files.map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(sourcesDir, f)))
        .digest('hex')
        .slice(0, 16),
    ]),
  );
}
