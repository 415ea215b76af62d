import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { assessDamage, PM25_RANGE_UGM3, POPULATION_MAX_PERSONS } from '../../health/assess.ts';
import { buildHealthModel } from '../../health/model.ts';
import type { HealthAssessment, HealthInput } from '../../health/types.ts';
import { AtomicOutputDir, checkOutputFolder } from '../../io/atomicOutput.ts';
import { DATA_PACKAGE_FILE, dataPackage, dataPackageJson } from '../../io/dataPackage.ts';
import { readProvinceSummary2017, readProvinces, readRegionValues } from '../../io/healthParameters.ts';
import { assertFiniteOutput } from '../../io/outputGuard.ts';
import type { TableSpec, WrittenTable } from '../../io/tableWriter.ts';
import { HEALTH_SUMMARY_HEADER, healthDrawsTable, healthSummaryTable } from '../../report/healthTables.ts';
import type { HealthConventionCliOptions } from '../healthConventionOptions.ts';
import { healthConventionInputs, healthModelSettings } from '../healthModelSettings.ts';
import { checkDrawBudget } from '../optionParsers.ts';

export interface HealthCliOptions extends HealthConventionCliOptions {
  pm: string;
  pmCounterfactual: string;
  population?: string;
  income?: string;
  thresholds: number[];
  draws: number;
  seed: number;
  writeDraws: boolean;
  out: string;
}

function sha16(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
}

/** `vchain health` (options: cli/definitions/health.ts). */
export async function runHealth(o: HealthCliOptions): Promise<void> {
  checkDrawBudget(o.draws, o.thresholds);
  const outputOptions = {
    command: 'health',
    inputs: [o.pm, o.pmCounterfactual, o.population, o.income, ...healthConventionInputs(o)],
  };
  checkOutputFolder(o.out, outputOptions);
  const { names, codes } = readProvinces(o.data);
  const inputHashes: Record<string, string> = {};
  const pmBaseline = readRegionValues(o.pm, 'pm25', 'µg/m³', names, codes, {
    min: PM25_RANGE_UGM3[0],
    max: PM25_RANGE_UGM3[1],
  });
  const pmCounterfactual = readRegionValues(o.pmCounterfactual, 'pm25', 'µg/m³', names, codes, {
    min: PM25_RANGE_UGM3[0],
    max: PM25_RANGE_UGM3[1],
  });
  inputHashes[o.pm] = sha16(o.pm);
  inputHashes[o.pmCounterfactual] = sha16(o.pmCounterfactual);
  const summaryHashes: Record<string, string> = {};
  const needSummary = !o.population || o.income === undefined;
  const summary = needSummary ? readProvinceSummary2017(names, codes, o.data, summaryHashes) : undefined;
  let population = summary?.population;
  let populationSource = 'CSY-2018 original 2017 year-end population (province_summary_2017.csv)';
  if (o.population) {
    population = readRegionValues(o.population, 'population', 'persons', names, codes, {
      min: 0,
      exclusiveMin: true,
      max: POPULATION_MAX_PERSONS,
    });
    inputHashes[o.population] = sha16(o.population);
    populationSource = o.population;
  }
  let income = summary?.gdpPerCapita;
  let incomeSource = '2017 GDP per capita, original GDP / original population (province_summary_2017.csv)';
  if (o.income === 'none') {
    income = undefined;
    incomeSource = 'none (uniform VSL)';
  } else if (o.income !== undefined) {
    income = readRegionValues(o.income, 'income_per_capita', 'per capita', names, codes, {
      min: 0,
      exclusiveMin: true,
    });
    inputHashes[o.income] = sha16(o.income);
    incomeSource = o.income;
  }

  const { parameters: params, options } = healthModelSettings(o, names, codes);
  const model = buildHealthModel(params, {
    ...options,
    thresholds: o.thresholds,
    draws: o.draws,
    seed: o.seed,
  });
  const input: HealthInput = {
    regions: names,
    population: population!,
    pmBaseline,
    pmCounterfactual,
    incomePerCapita: income,
  };
  await new Promise((r) => setImmediate(r)); // let a pending Ctrl-C through before the Monte Carlo
  const a = assessDamage(model, input);
  const from = [o.pm, o.pmCounterfactual, o.population, o.income, o.mortalityOverride, o.ageStructureOverride]
    .filter((f) => f !== undefined && f !== 'none')
    .join(', ');
  assertFiniteOutput(a.rows, 'health_summary.csv', from);
  if (o.writeDraws) assertFiniteOutput(a.drawTotals, 'health_draws.csv', from);

  const out = new AtomicOutputDir(o.out, outputOptions);
  try {
    const tables: WrittenTable[] = [];
    const put = (spec: TableSpec, text: string, rows: number) => {
      out.write(`${spec.name}.csv`, text);
      tables.push({ spec, format: 'csv', path: `${spec.name}.csv`, rows, bytes: Buffer.byteLength(text) });
    };
    put(healthSummaryTable(), summaryCsv(a), a.rows.length);
    if (o.writeDraws)
      put(
        healthDrawsTable(`${a.conventions.currency} (${a.conventions.priceYear} prices)`),
        drawsCsv(a),
        a.drawTotals.length * a.draws * a.regions.length,
      );
    out.write(
      DATA_PACKAGE_FILE,
      dataPackageJson(
        dataPackage('vchain-health', 'vchain health', 'PM2.5-attributable burden by region', tables),
      ),
    );
    const run = {
      command: 'vchain health',
      conventions: a.conventions,
      endpoints: a.endpoints,
      notes: a.notes,
      regions: a.regions,
      inputs: {
        pmBaseline: o.pm,
        pmCounterfactual: o.pmCounterfactual,
        population: populationSource,
        incomePerCapita: incomeSource,
        mortalityOverride: o.mortalityOverride ?? null,
        ageStructureOverride: o.ageStructureOverride ?? null,
      },
      fileHashes: { ...params.fileHashes, ...summaryHashes, ...inputHashes },
      hashNote: 'sha256[0:16] of each file read',
      outputs: [
        'health_summary.csv',
        'run.json',
        DATA_PACKAGE_FILE,
        ...(o.writeDraws ? ['health_draws.csv'] : []),
      ],
    };
    out.write('run.json', `${JSON.stringify(run, null, 2)}\n`);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  process.stderr.write(`vchain health: wrote ${a.rows.length} summary rows to ${out.target}\n`);
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Tidy summary: one row per region × endpoint × threshold × quantity; conventions on every row. */
export function summaryCsv(a: HealthAssessment): string {
  const c = a.conventions;
  const kind = new Map(a.endpoints.map((e) => [e.id, e.kind]));
  const lines = [HEALTH_SUMMARY_HEADER];
  for (const r of a.rows) {
    const money = r.quantity === 'money';
    lines.push(
      [
        csvCell(r.region),
        r.endpoint,
        kind.get(r.endpoint) ?? 'total',
        String(r.threshold),
        r.quantity,
        csvCell(r.unit),
        money ? c.currency : '',
        money ? String(c.priceYear) : '',
        String(r.summary.mean),
        String(r.summary.median),
        String(r.summary.p025),
        String(r.summary.p975),
        String(c.draws),
        String(c.seed),
        c.erf,
        c.accounting,
        c.thresholdReading,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Per-draw totals per region and threshold. */
function drawsCsv(a: HealthAssessment): string {
  const G = a.regions.length;
  const lines = [
    healthDrawsTable('')
      .fields.map((x) => x.name)
      .join(','),
  ];
  for (const t of a.drawTotals) {
    for (let d = 0; d < a.draws; d++) {
      for (let r = 0; r < G; r++) {
        const i = d * G + r;
        lines.push(
          `${t.threshold},${d + 1},${csvCell(a.regions[r])},${t.deaths[i]},${t.morbidityCases[i]},${t.money[i]}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
