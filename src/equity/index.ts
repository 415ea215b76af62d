export { concentrationIndex } from './concentrationIndex.ts';
export { coefficientOfVariation } from './dispersion.ts';
export { perCapita, type RegionalDistribution } from './distribution.ts';
export { populationWeightedGini } from './gini.ts';
export { giniTransferContributions } from './giniChange.ts';
export { type LorenzPoint, lorenzCurve } from './lorenz.ts';
export { type TheilDecomposition, theilByZone } from './theil.ts';
export { type TopShare, type TopShareOptions, topShareRatio } from './topShare.ts';
