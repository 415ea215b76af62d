import { PRECURSORS, type Precursor } from '../../mrio/model.ts';
import type { DamageContent } from '../damageContent.ts';
import type { EmissionAccounts } from '../emissionAccounts.ts';
import { onFirstRead } from '../lazyField.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import {
  damageRoleAmounts,
  type LocalUpstream,
  localUpstream,
  roleAmounts,
  roleShares,
  topImporterSplits,
} from '../roles.ts';
import type { ImporterSplit, RolesResult } from '../runResult.ts';
import type { StaticBlocks } from '../staticBlocks.ts';

/**
 * Stage 7 (paper §3.4, METHODS §3): trade-related income, jobs and damage carried by each
 * product role, and the local vs upstream content of exports to each province's top importers.
 * `topImporters` is computed when first read if `lazy` (the explorer does not draw it).
 */
export function rolesStage(
  prepared: PreparedAnalysis,
  em: Readonly<Record<Precursor, EmissionAccounts>>,
  perTonne: Readonly<Record<Precursor, Float64Array>>,
  money: string,
  o: { readonly topImporters: number; readonly content?: DamageContent; readonly lazy: boolean },
  st?: StaticBlocks,
): RolesResult {
  const { G, N, regions, dataset } = prepared;
  const incomeAcc = prepared.accounts.income;
  const jobsAcc = prepared.accounts.employment;
  const cls = dataset.sectorRoleClass;
  const roles = {
    shares: [
      st?.roleIncome ?? roleShares('social_income', incomeAcc.unit, roleAmounts(incomeAcc, cls, G, N)),
      st?.roleJobs ?? roleShares('employment', jobsAcc.unit, roleAmounts(jobsAcc, cls, G, N)),
      roleShares('damage', money, o.content?.roles ?? damageRoleAmounts(em, perTonne, cls, G, N)),
    ],
    topImporters: [] as ImporterSplit[],
  };
  const importerSplits = () =>
    topImporterSplits(
      regions,
      prepared.grossExports,
      [
        st?.luIncome ?? localUpstream('social_income', incomeAcc.unit, incomeAcc, G, N),
        st?.luJobs ?? localUpstream('employment', jobsAcc.unit, jobsAcc, G, N),
        o.content
          ? { indicator: 'damage', unit: money, local: o.content.local, upstream: o.content.upstream }
          : damageLocalUpstream(em, perTonne, G, N, money),
      ],
      o.topImporters,
    );
  if (o.lazy) onFirstRead(roles, 'topImporters', importerSplits);
  else roles.topImporters = importerSplits();
  return roles;
}

function damageLocalUpstream(
  em: Readonly<Record<Precursor, EmissionAccounts>>,
  perTonne: Readonly<Record<Precursor, Float64Array>>,
  G: number,
  N: number,
  unit: string,
): LocalUpstream {
  const local = new Float64Array(G * G);
  const upstream = new Float64Array(G * G);
  for (const p of PRECURSORS) {
    const lu = localUpstream('damage', unit, em[p], G, N, perTonne[p]);
    for (let q = 0; q < G * G; q++) {
      local[q] += lu.local[q];
      upstream[q] += lu.upstream[q];
    }
  }
  return { indicator: 'damage', unit, local, upstream };
}
