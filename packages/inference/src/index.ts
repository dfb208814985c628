/**
 * @cifra/inference: the one inference core. Model files (checked against the manifest's
 * SHA-256) → a predictor with a fused execution plan → batch predictions. tfjs-core only: the
 * caller registers and activates a backend (the web worker, the edge, the CLI).
 */
export { loadPredictor, Predictor, type ModelInputData } from './predictor.ts';
export {
  verifyModelFiles,
  readArtifacts,
  sha256Hex,
  type ModelFiles,
  type LayersModelJson,
} from './model-files.ts';
export { executionPlan, type ExecutionPlan, type PlanStep, type FusedActivation } from './execution-plan.ts';
export { toPredictions, type Prediction } from './prediction.ts';
export { ModelIntegrityError, UnsupportedModelError, InvalidInputError } from './errors.ts';
