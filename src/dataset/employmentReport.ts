import { pearson } from './checks.ts';
import { provincialFormalWageLevel } from './employmentEarnings.ts';
import type { EarningsModel, EmploymentEstimate } from './employmentEstimate.ts';
import type { EmploymentSources } from './employmentSources.ts';

/**
 * Cross-checks and the Markdown report of the employment estimate (docs/employment.md §3–5).
 * Pure: returns numbers and text.
 */

/**
 * The estimator the issue calls "plain": VA001 ÷ (national sector wage × provincial wage level),
 * i.e. no formal/informal split and the industrial formal wage level for every sector.
 */
export function plainEarningsModel(src: EmploymentSources): EarningsModel {
  const P = src.provinces.length;
  const N = src.sectors.length;
  const level = provincialFormalWageLevel(src);
  const provinces = src.provinces.map((p) => p.name);
  const perCell = Float64Array.from({ length: P * N }, (_, k) => level[Math.floor(k / N)]);
  return {
    label: 'plain',
    formalEmployment: { provinces, sectors: src.sectors, unit: 'persons', values: new Float64Array(P * N) },
    formalWageIndex: { provinces, sectors: src.sectors, unit: '1', values: perCell },
    informalEarningsIndex: { provinces, sectors: src.sectors, unit: '1', values: perCell },
    informalToFormalEarnings: 1,
  };
}

export interface EmploymentCrossChecks {
  /** Pearson correlation over provinces of industrial employment (sectors 02–26) with the census persons column. */
  readonly industryVsCensusCorrelation: number;
  /** Per province: estimated industrial employment ÷ census persons scaled to the same national total. */
  readonly industryVsCensusRatio: Float64Array;
  /** National VA001 per farm worker (sector 01), CNY. */
  readonly farmCompensationPerWorker: number;
}

export function employmentCrossChecks(
  src: EmploymentSources,
  est: EmploymentEstimate,
): EmploymentCrossChecks {
  const P = src.provinces.length;
  const N = src.sectors.length;
  const E = est.employment.values;
  const ind = new Float64Array(P);
  const census = new Float64Array(P);
  let totalInd = 0;
  let totalCensus = 0;
  for (let p = 0; p < P; p++)
    for (let s = 1; s <= 25; s++) {
      ind[p] += E[p * N + s];
      census[p] += src.census.persons[p * N + s];
    }
  for (let p = 0; p < P; p++) {
    totalInd += ind[p];
    totalCensus += census[p];
  }
  let farmComp = 0;
  let farm = 0;
  for (let p = 0; p < P; p++) {
    farmComp += src.compensation[p * N] * 1e4;
    farm += E[p * N];
  }
  return {
    industryVsCensusCorrelation: pearson(Array.from(ind), Array.from(census)),
    industryVsCensusRatio: Float64Array.from(ind, (v, p) => v / ((census[p] * totalInd) / totalCensus)),
    farmCompensationPerWorker: farmComp / farm,
  };
}

const f2 = (v: number) => v.toFixed(2);
const f3 = (v: number) => v.toFixed(3);

/** The per-province table of docs/employment.md §5 (and of a dataset's build report). */
export function employmentReportMarkdown(
  src: EmploymentSources,
  est: EmploymentEstimate,
  plain: EmploymentEstimate,
): string {
  const N = src.sectors.length;
  const checks = employmentCrossChecks(src, est);
  const lines = [
    '| province | employed (M) | per resident | plain estimator | urban-unit floor (M) | floor binds | urban-unit share | farm share | VA001 per worker (CNY) | industry ÷ census | likely error | largest from |',
    '|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|',
  ];
  est.provinces.forEach((d, p) => {
    lines.push(
      `| ${d.province} | ${f2(d.total / 1e6)} | ${f3(d.perResident)} | ${f3(plain.provinces[p].perResident)} | ${f2(d.floor / 1e6)} | ${d.floorBinding ? 'yes' : 'no'} | ${f2(d.urbanUnitShare)} | ${f2(est.employment.values[p * N] / d.total)} | ${d.compensationPerWorker.toFixed(0)} | ${f2(checks.industryVsCensusRatio[p])} | ±${(d.likelyError * 100).toFixed(0)} % | ${d.likelyErrorFrom} |`,
    );
  });
  const pr = est.perResident;
  const pp = plain.perResident;
  lines.push(
    '',
    `National: ${f2(est.total / 1e6)} M employed (target ${f2(est.target / 1e6)} M; largest sector residual ${est.maxSectorRelResidual.toExponential(1)}). ` +
      `Employed per resident ${f3(pr.min)} (${pr.minProvince}) – ${f3(pr.max)} (${pr.maxProvince}); plain estimator ${f3(pp.min)} (${pp.minProvince}) – ${f3(pp.max)} (${pp.maxProvince}). ` +
      `Floors binding: ${est.provinces.filter((d) => d.floorBinding).length}; smallest margin above the floor ${(est.minFloorMargin * 100).toFixed(0)} %. ` +
      `Cells whose urban-unit count exceeds the estimate: ${est.cellsFormalAboveEstimate} of ${est.employment.values.length}. ` +
      `Industrial employment vs census persons, correlation over provinces ${f3(checks.industryVsCensusCorrelation)}; ` +
      `VA001 per farm worker ${checks.farmCompensationPerWorker.toFixed(0)} CNY.`,
  );
  return `${lines.join('\n')}\n`;
}
