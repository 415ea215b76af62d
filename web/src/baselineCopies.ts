// What-if replies leave out what equals the baseline (src/server/explorerView.ts,
// SameAsBaseline); the views, CSV downloads and comparisons read full results, so the
// references are filled in here from the baseline the page loaded at start.
import type {
  ExplorerReply,
  ExplorerResponse,
  ExplorerResult,
  SameAsBaseline,
} from '../../src/server/explorerView.ts';

const isRef = (x: object): x is SameAsBaseline => 'sameAsBaseline' in x;

function fill<T extends object>(
  list: readonly (T | SameAsBaseline)[],
  base: readonly T[],
  key: (x: T) => string,
  what: string,
): T[] {
  return list.map((x) => {
    if (!isRef(x)) return x;
    const b = base.find((e) => key(e) === x.sameAsBaseline);
    if (b === undefined)
      throw new Error(`reply refers to baseline ${what} '${x.sameAsBaseline}' it does not have`);
    return b;
  });
}

/** The full result of a what-if reply: each `SameAsBaseline` replaced by the baseline's entry. */
export function withBaselineCopies(reply: ExplorerReply, baseline: ExplorerResult): ExplorerResponse {
  const r = reply.result;
  return {
    ...reply,
    result: {
      ...r,
      flows: fill(r.flows, baseline.flows, (f) => f.indicator, 'flow'),
      inequality: fill(r.inequality, baseline.inequality, (m) => m.variable, 'inequality measure'),
      roles: fill(r.roles, baseline.roles, (s) => s.indicator, 'role block'),
    },
  };
}
