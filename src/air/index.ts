/** Public API of the air-quality core (`vchain/air`, docs/air.md): the pf-ERSM, its fitting, validity and the stand-in CTM. */
export {
  type OneAtATimeAttribution,
  oneAtATime,
  type ShapleyAttribution,
  shapleyBySource,
} from './attribution.ts';
export { type CtmRunSet, evaluateOnRuns, type FitOptions, fitResponseSurface } from './fitting.ts';
export {
  concentrationChange,
  predictConcentrations,
  predictScenarioBatch,
  predictValidConcentrations,
} from './prediction.ts';
export * from './responseSurface.ts';
export { buildStandinCtm, STANDIN_LABEL, type StandinCtm, standinConcentrations } from './standinCtm.ts';
export { buildStandinResponseSurface } from './standinSurface.ts';
export {
  assertWithinTrainingRange,
  commonRatioRange,
  ExtrapolationError,
  NegativeConcentrationError,
  validRatioRange,
} from './validity.ts';
