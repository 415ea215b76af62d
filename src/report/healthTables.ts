import { type TableSpec, tableField } from '../io/tableWriter.ts';

/** The tables of `vchain health` as datapackage.json describes them (docs/health.md). */

const f = tableField;

export const HEALTH_SUMMARY_HEADER =
  'region,endpoint,endpoint_kind,threshold,quantity,unit,currency,price_year,mean,median,p2_5,p97_5,draws,seed,erf,accounting,threshold_reading';

export function healthSummaryTable(): TableSpec {
  return {
    name: 'health_summary',
    description:
      'Attributable burden per region × endpoint × threshold × quantity: Monte Carlo mean, median and 95 % interval, conventions on every row',
    fields: [
      f('region', 'string', 'receptor region, or the national total'),
      f('endpoint', 'string', 'health endpoint id, or a total'),
      f('endpoint_kind', 'string', 'mortality | morbidity | total'),
      f('threshold', 'number', 'PM2.5 concentration below which no burden is counted', 'µg/m³'),
      f('quantity', 'string', 'deaths | cases | money'),
      f('unit', 'string', "unit of this row's mean, median, p2_5 and p97_5"),
      f('currency', 'string', 'currency code of money rows (blank otherwise)'),
      f('price_year', 'integer', 'price year of money rows (blank otherwise)'),
      f('mean', 'number', 'mean over the draws, in `unit`'),
      f('median', 'number', 'median of the draws, in `unit`'),
      f('p2_5', 'number', '2.5 percentile of the draws, in `unit`'),
      f('p97_5', 'number', '97.5 percentile of the draws, in `unit`'),
      f('draws', 'integer', 'Monte Carlo draws'),
      f('seed', 'integer', 'random seed'),
      f('erf', 'string', 'exposure–response function family'),
      f('accounting', 'string', 'burden accounting convention'),
      f('threshold_reading', 'string', 'how the threshold is read (floor or subtraction)'),
    ],
  };
}

export function healthDrawsTable(moneyUnit: string): TableSpec {
  return {
    name: 'health_draws',
    description: 'Per-draw totals per region and threshold (with --write-draws)',
    fields: [
      f('threshold', 'number', 'PM2.5 threshold', 'µg/m³'),
      f('draw', 'integer', 'draw number, from 1'),
      f('region', 'string', 'receptor region'),
      f('deaths', 'number', 'attributable premature deaths', 'deaths per year'),
      f('morbidity_cases', 'number', 'attributable morbidity cases', 'cases per year'),
      f('money', 'number', 'valued burden (mortality + valued morbidity)', moneyUnit),
    ],
  };
}
