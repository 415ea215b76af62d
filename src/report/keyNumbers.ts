import type { RunResult } from '../analysis/runResult.ts';
import { formatInterval, formatPercent, formatScaled } from './numberFormat.ts';

/** One of the three numbers `vchain run` prints at its end and the report opens with. */
export interface KeyNumber {
  /** Headline-table ids of the paper's values for the same quantity. */
  readonly ids: readonly string[];
  readonly label: string;
  readonly value: string;
  /** 95 % interval and context, e.g. '95 %: 251–349 thousand; 26.2 % of all PM2.5 deaths'. */
  readonly detail: string;
}

export function headlineTriple(r: RunResult): KeyNumber[] {
  const c = r.conventions;
  const head = r.damage.find((d) => d.threshold === c.headlineThreshold) ?? r.damage[0];
  const out: KeyNumber[] = [];
  if (head) {
    const d = head.national.deaths;
    const m = head.national.money;
    out.push(
      {
        ids: ['trade_deaths', 'trade_share_deaths'],
        label: `Premature deaths from trade-related PM2.5 (z_cf ${head.threshold} µg/m³)`,
        value: formatScaled(d.mean, d.unit),
        detail: `95 %: ${formatInterval(d.p025, d.p975, d.unit)}; ${formatPercent(head.tradeShare.deaths)} of all PM2.5 deaths (${formatPercent(head.proportional.share.deaths)} when the burden is split in proportion to each province's trade-related PM2.5)`,
      },
      {
        ids: ['trade_loss'],
        label: 'Health damage of trade',
        value: formatScaled(m.mean, r.labels.currency.label),
        detail: `95 %: ${formatInterval(m.p025, m.p975, r.labels.currency.label)}; ${formatPercent(head.tradeShare.money)} of all PM2.5 damage`,
      },
    );
  }
  const a = r.attribution;
  out.push({
    ids: ['redistributed'],
    label: 'Damage suffered outside the emitting province',
    value: formatPercent(a.redistributedShare),
    detail: `${formatScaled(
      a.exported.values.reduce((x, y) => x + y, 0),
      a.unit,
    )} carried by the atmosphere`,
  });
  return out;
}
