import { ExtrapolationError, NegativeConcentrationError } from '../air/validity.ts';
import { ImpossibleNumberError } from '../io/outputGuard.ts';
import type { Precursor } from '../mrio/model.ts';
import { IdentityError } from '../mrio/valueChain.ts';
import { HttpError } from './httpError.ts';
import type { ScenarioRequest } from './scenarioSchema.ts';

/**
 * What-ifs the analysis refuses to answer (docs/explorer.md, "Refused what-ifs"): emissions
 * outside the air-quality model's training range, a negative predicted concentration, a number
 * that cannot be true. Each becomes a 422 naming the request field most likely behind it.
 */
export function whatIfRefusal(e: unknown, s: ScenarioRequest): HttpError | undefined {
  if (e instanceof ExtrapolationError) {
    const o = e.outside[0];
    const field = ruleBehind(s, o.region, o.precursor, o.ratio > o.max ? 'up' : 'down');
    const more = e.outside.length > 1 ? ` (and ${e.outside.length - 1} more province-precursor pair(s))` : '';
    return new HttpError(
      422,
      `${field}: ${o.region} ${o.precursor} emissions would be ${fmt(o.ratio)} × the baseline (emission ratio), outside the air-quality model's training range [${fmt(o.min)}, ${fmt(o.max)}]${more}; vchain does not extrapolate the pf-ERSM`,
      field,
    );
  }
  if (e instanceof NegativeConcentrationError) {
    const field = ruleBehind(s, e.region, undefined, 'down');
    return new HttpError(422, `${field}: ${e.message}`, field);
  }
  if (e instanceof ImpossibleNumberError || e instanceof IdentityError)
    return new HttpError(
      422,
      `(body): this what-if gives a number that cannot be true: ${e.message}`,
      '(body)',
    );
  return undefined;
}

const fmt = (x: number) => String(Number(x.toPrecision(6)));

const covers = (list: 'all' | readonly string[], name: string) => list === 'all' || list.includes(name);

/**
 * The request field behind a change of `region`'s emissions (of `precursor`, if known): the first
 * intensity rule scaling them in the direction of the change, else any intensity rule on them,
 * else a final-demand or trade rule involving the region, else the first demand or trade rule
 * (output changes propagate along supply chains), else the body.
 */
function ruleBehind(
  s: ScenarioRequest,
  region: string,
  precursor: Precursor | undefined,
  direction: 'up' | 'down',
): string {
  const intensity = s.intensity.flatMap((r, i) =>
    covers(r.regions, region)
      ? Object.entries(r.factors)
          .filter(([p, f]) => f !== undefined && f !== 1 && (precursor === undefined || p === precursor))
          .map(([p, f]) => ({ field: `intensity[${i}].factors.${p}`, factor: f as number }))
      : [],
  );
  const moving = intensity.find((x) => (direction === 'up' ? x.factor > 1 : x.factor < 1));
  if (moving ?? intensity[0]) return (moving ?? intensity[0]).field;
  const demand = s.finalDemand.findIndex((r) => covers(r.producers, region) || covers(r.consumers, region));
  if (demand >= 0) return `finalDemand[${demand}].factor`;
  const trade = s.trade.findIndex((r) => covers(r.from, region) || covers(r.to, region));
  if (trade >= 0) return `trade[${trade}].factor`;
  if (s.finalDemand.length > 0) return 'finalDemand[0].factor';
  if (s.trade.length > 0) return 'trade[0].factor';
  return '(body)';
}
