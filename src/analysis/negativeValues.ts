import type { EndpointInfo } from '../health/types.ts';
import { PRECURSORS, type Precursor } from '../mrio/model.ts';
import type { Interval, NegativeValueNote, RegionInterval, RunResult } from './runResult.ts';

/** What the causes of negative values are read from, beside the result itself. */
export interface NegativeValueContext {
  readonly endpoints: readonly EndpointInfo[];
  /** Mean damage triggered by each (province, precursor) input at the headline threshold. */
  readonly triggeredByInput?: Readonly<Record<Precursor, Float64Array>>;
}

const sig = (x: number) =>
  Number(x.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 }).replace('-', '−');
const range = (x: { p025: number; p975: number }, unit: string) => `${sig(x.p025)} to ${sig(x.p975)} ${unit}`;

/**
 * Every negative value of a run with its cause, found from the numbers (docs/analysis.md
 * "Negative values"): Monte Carlo intervals of damage, burden and the proportional attribution
 * reaching below zero, and negative damage triggered, suffered or carried by a flow. run.json,
 * the report and the workbook print these notes wherever such a value appears.
 */
export function negativeValueNotes(r: RunResult, ctx: NegativeValueContext): NegativeValueNote[] {
  return [
    ...negativeDamageIntervals(r, ctx, 'cases'),
    ...negativeDamageIntervals(r, ctx, 'money'),
    ...negativeDamageIntervals(r, ctx, 'deaths'),
    ...negativeAttribution(r, ctx),
    ...negativeFlows(r),
  ];
}

function negativeDamageIntervals(
  r: RunResult,
  ctx: NegativeValueContext,
  q: 'deaths' | 'cases' | 'money',
): NegativeValueNote[] {
  const fields: string[] = [];
  const examples: string[] = [];
  const regions = new Set<string>();
  const check = (path: string, x: Interval, label: string) => {
    if (!(x.p025 < 0)) return;
    fields.push(path);
    if (examples.length < 2) examples.push(`${label} ${range(x, x.unit)} (mean ${sig(x.mean)})`);
  };
  const checkRegions = (path: string, x: RegionInterval) => {
    let any = false;
    for (let i = 0; i < x.regions.length; i++)
      if (x.p025[i] < 0) {
        regions.add(x.regions[i]);
        any = true;
      }
    if (any) fields.push(path);
  };
  for (const d of r.damage) {
    const at = `damage[threshold=${d.threshold}]`;
    check(`${at}.national.${q}`, d.national[q], `trade-related ${q} at ${d.threshold} µg/m³:`);
    check(`${at}.baselineBurden.${q}`, d.baselineBurden[q], `baseline burden at ${d.threshold} µg/m³:`);
    check(`${at}.proportional.${q}`, d.proportional[q], `proportional attribution at ${d.threshold} µg/m³:`);
    checkRegions(`${at}.${q}`, d[q]);
    if (d.baselineBurdenByRegion)
      checkRegions(`${at}.baselineBurdenByRegion.${q}`, d.baselineBurdenByRegion[q]);
  }
  if (fields.length === 0) return [];
  const where = regions.size > 0 ? `; per province in ${regions.size} of ${r.labels.regions.length}` : '';
  return [
    {
      id: `negative-interval-${q}`,
      fields,
      what: `95 % intervals of ${q === 'money' ? 'money' : q} reach below zero: ${examples.join('; ')}${where}`,
      cause: intervalCause(r, ctx, q),
    },
  ];
}

function intervalCause(r: RunResult, ctx: NegativeValueContext, q: 'deaths' | 'cases' | 'money'): string {
  const causes: string[] = [];
  if (q !== 'deaths') {
    const crossing = ctx.endpoints.filter(
      (e) => e.kind === 'morbidity' && e.coefficient && e.coefficient.low < 0 && (q === 'cases' || e.valued),
    );
    for (const e of crossing) {
      const c = e.coefficient!;
      causes.push(
        `the published 95 % interval of the ${e.label.toLowerCase()} coefficient (β ${sig(c.low)} to ${sig(c.high)} per µg/m³, central ${sig(c.central)}) includes zero and β is drawn from a normal distribution with that interval, so in some draws more PM2.5 means fewer cases: the Monte Carlo carries the published uncertainty rather than truncating it at zero`,
      );
    }
  }
  const up = r.concentrations.tradeRelated.values.reduce((n, v) => n + (v < 0 ? 1 : 0), 0);
  if (up > 0)
    causes.push(
      `the trade counterfactual raises PM2.5 in ${up} province(s) (a negative trade-related concentration), so removing trade's emissions adds damage there`,
    );
  if (causes.length === 0)
    causes.push(
      'draws of the exposure–response and valuation parameters in which the damage changes sign (no published coefficient interval crosses zero and no province has a negative trade-related concentration)',
    );
  return causes.join('; ');
}

function negativeAttribution(r: RunResult, ctx: NegativeValueContext): NegativeValueNote[] {
  const a = r.attribution;
  const out: NegativeValueNote[] = [];
  const negTrig: string[] = [];
  for (let i = 0; i < a.triggered.regions.length; i++)
    if (a.triggered.mean[i] < 0) {
      const name = a.triggered.regions[i];
      const byP = ctx.triggeredByInput
        ? PRECURSORS.filter((p) => ctx.triggeredByInput![p][i] < 0).map(
            (p) => `${p} ${sig(ctx.triggeredByInput![p][i])}`,
          )
        : [];
      negTrig.push(
        `${name} ${sig(a.triggered.mean[i])} ${a.unit}${byP.length ? ` (negative inputs: ${byP.join(', ')})` : ''}`,
      );
    }
  if (negTrig.length > 0)
    out.push({
      id: 'negative-triggered-damage',
      fields: [
        'attribution.triggered',
        'mismatch.measures[variable=damage_triggered]',
        'roles.shares[indicator=damage]',
      ],
      what: `damage triggered (by emitting province) is negative for ${negTrig.join('; ')}`,
      cause: `the exact Shapley split of the air-quality model gives these provinces' trade-related emissions a negative share of the receptors' PM2.5 change: in the ${r.provenance.airModel.isStandIn ? 'stand-in chemistry' : 'response surface'}, removing them alone would raise PM2.5 somewhere (nonlinear secondary aerosol chemistry, e.g. less NOx or SO2 leaving more ammonia for nitrate), so their emissions lower the damage others trigger; the per-capita inequality measures that need non-negative values (Theil) are left blank for this distribution`,
    });
  const negSuff: string[] = [];
  for (let i = 0; i < a.suffered.regions.length; i++)
    if (a.suffered.mean[i] < 0) negSuff.push(`${a.suffered.regions[i]} ${sig(a.suffered.mean[i])} ${a.unit}`);
  if (negSuff.length > 0)
    out.push({
      id: 'negative-suffered-damage',
      fields: ['attribution.suffered', 'damage[].money'],
      what: `damage suffered is negative in ${negSuff.join('; ')}`,
      cause: 'the trade counterfactual gives these receptors a higher PM2.5 than the scenario (ΔC < 0)',
    });
  return out;
}

function negativeFlows(r: RunResult): NegativeValueNote[] {
  const out: NegativeValueNote[] = [];
  for (const p of r.pairwise) {
    if (!p.indicator.startsWith('damage')) continue;
    const m = p.matrix.values;
    let n = 0;
    let worst = 0;
    let at = '';
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j];
        if (v < 0) {
          n++;
          if (v < worst) {
            worst = v;
            at = `${p.matrix.regions[i]} → ${p.matrix.regions[j]}`;
          }
        }
      }
    if (n > 0)
      out.push({
        id: `negative-flows-${p.indicator}`,
        fields: [`pairwise[indicator=${p.indicator}].matrix`],
        what: `${n} export flows carry negative damage (${p.label}); the most negative is ${at}, ${sig(worst)} ${p.matrix.unit}`,
        cause:
          p.indicator === 'damage_linear'
            ? 'the flows carry tonnes emitted by inputs whose average Shapley damage per tonne is negative (see the negative damage triggered)'
            : 'removing these flows alone raises PM2.5 somewhere in the nonlinear air-quality model',
      });
  }
  return out;
}
