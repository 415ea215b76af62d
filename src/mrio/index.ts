/** Public API of the MRIO core (`vchain/mrio`, docs/api.md): the table model and the value-chain decomposition (METHODS §1–4). */
export {
  type AssembleOptions,
  assembleMrio,
  foldExportCategory,
  type MrioParts,
  totalOutput,
} from './construct.ts';
export {
  type BilateralExports,
  bilateralExports,
  consumptionAccounts,
  type FourParts,
  flowMatrix,
  fourPartDecomposition,
  productionAccounts,
} from './decomposition.ts';
export { type DemandSolves, demandSolves, finalDemandByRegion, intensity } from './demand.ts';
export { MrioError } from './errors.ts';
export {
  type LeontiefFactors,
  leontiefFactor,
  leontiefInverse,
  type TechnicalCoefficients,
  technicalCoefficients,
} from './leontief.ts';
export * from './model.ts';
export type { IdentityCheck, IndicatorAccounts, ValueChainResult } from './results.ts';
export { PRODUCT_ROLES, type ProductRoleAccounts, productRoles } from './roles.ts';
export { type ValidationOptions, validateMrio } from './validation.ts';
export {
  decomposeValueChain,
  decomposeValueChainAsync,
  IdentityError,
  type ValueChainOptions,
} from './valueChain.ts';
