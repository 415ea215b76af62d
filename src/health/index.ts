/** Public API of the health module (docs/health.md). */
export { ageShare, assessDamage, endpointInfo, meanDamage, PM25_RANGE_UGM3 } from './assess.ts';
export {
  attributableFraction,
  avoidableFraction,
  gemmRelativeRisk,
  gemmRelativeRiskThresholded,
  ierRelativeRisk,
  ierRelativeRiskThresholded,
  logLinearRelativeRisk,
  thresholdCurve,
} from './exposureResponse.ts';
export { buildHealthModel, type HealthModel, vslMode } from './model.ts';
export { quantileSorted, summariseDraws } from './summary.ts';
export * from './types.ts';
export { priceFactor, vslTransferFactors } from './valuation.ts';
