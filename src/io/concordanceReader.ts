import type { Concordance, LabelConcordance } from '../mrio/aggregation.ts';
import { csvRecords, readCsvFile } from './csvFile.ts';
import { decimalAt } from './decimalNumber.ts';
import { clipEcho, InputError } from './inputError.ts';

/**
 * A region and sector concordance for `--aggregate` (docs/formats.md §8): one CSV
 *   kind,from,to[,share]
 * with kind `region` or `sector`, `from` a label of the table, `to` the label it becomes, and
 * an optional share (default 1) when a label is split over several targets (shares of one
 * `from` sum to 1). Targets take the order of their first appearance. A kind with no rows is
 * left as it is.
 */
export function readConcordance(path: string): Concordance {
  const t = readCsvFile(path, {
    expected: 'a CSV kind,from,to[,share] (kind region or sector)',
    required: ['kind', 'from', 'to'],
  });
  const hasShare = t.header.includes('share');
  const kinds: Record<
    'region' | 'sector',
    { targets: string[]; entries: LabelConcordance['entries'][number][]; rows: Map<string, number> }
  > = {
    region: { targets: [], entries: [], rows: new Map() },
    sector: { targets: [], entries: [], rows: new Map() },
  };
  csvRecords(t).forEach((r, k) => {
    const line = t.lines[k];
    const kind = r.kind.trim().toLowerCase();
    if (kind !== 'region' && kind !== 'sector')
      throw new InputError(path, `kind ${clipEcho(r.kind)}`, line, 'kind', "'region' or 'sector'");
    const from = r.from.trim();
    const to = r.to.trim();
    if (from === '') throw new InputError(path, 'empty label', line, 'from', 'a label of the table');
    if (to === '') throw new InputError(path, 'empty label', line, 'to', 'the label it becomes');
    const share =
      hasShare && r.share.trim() !== '' ? decimalAt(r.share, path, line, 'share', 'a share in (0, 1]') : 1;
    if (!(share > 0 && share <= 1))
      throw new InputError(path, `share ${share}`, line, 'share', 'a share in (0, 1]');
    const c = kinds[kind];
    const key = `${from}\u0000${to}`;
    const prev = c.rows.get(key);
    if (prev !== undefined)
      throw new InputError(
        path,
        `${kind} ${clipEcho(from)} → ${clipEcho(to)} given twice (first in row ${prev})`,
        line,
        undefined,
        'one row per pair',
      );
    c.rows.set(key, line);
    if (!c.targets.includes(to)) c.targets.push(to);
    c.entries.push({ from, to, share });
  });
  for (const kind of ['region', 'sector'] as const) {
    const sums = new Map<string, number>();
    for (const e of kinds[kind].entries) sums.set(e.from, (sums.get(e.from) ?? 0) + e.share);
    for (const [from, sum] of sums)
      if (Math.abs(sum - 1) > 1e-9)
        throw new InputError(
          path,
          `the shares of ${kind} ${clipEcho(from)} sum to ${sum}`,
          undefined,
          'share',
          'shares of one label summing to 1',
        );
  }
  const pick = (kind: 'region' | 'sector'): LabelConcordance | undefined =>
    kinds[kind].entries.length > 0
      ? { targets: kinds[kind].targets, entries: kinds[kind].entries }
      : undefined;
  const regions = pick('region');
  const sectors = pick('sector');
  return { source: path, ...(regions ? { regions } : {}), ...(sectors ? { sectors } : {}) };
}
