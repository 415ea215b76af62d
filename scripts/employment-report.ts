/**
 * Prints the per-province table of docs/employment.md §5 from data/sources:
 *   npx tsx scripts/employment-report.ts
 */
import { join } from 'node:path';
import { chinaEmploymentInput } from '../src/dataset/employmentEarnings.ts';
import { estimateEmployment } from '../src/dataset/employmentEstimate.ts';
import { employmentReportMarkdown, plainEarningsModel } from '../src/dataset/employmentReport.ts';
import { readEmploymentSources } from '../src/dataset/employmentSources.ts';
import { PACKAGE_DATA_DIR } from '../src/io/packageData.ts';

const src = readEmploymentSources(join(PACKAGE_DATA_DIR, 'sources'));
const input = chinaEmploymentInput(src);
const est = estimateEmployment(input);
const plain = estimateEmployment({ ...input, earnings: plainEarningsModel(src), sensitivity: [] });
process.stdout.write(employmentReportMarkdown(src, est, plain));
