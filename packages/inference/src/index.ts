/**
 * @cifra/inference: the one inference core. Model files (checked against the manifest's
 * SHA-256) → a predictor with a fused execution plan → batch predictions. tfjs-core only: the
 * caller registers and activates a backend (the web worker, the edge, the CLI). Personal
 * fine-tuning of the head (`personalise`) runs on the same predictor.
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
export {
  personalise,
  holdBackSamples,
  refusal,
  PERSONAL_AUGMENT,
  type LabelledInput,
  type AnchorDigits,
  type PersonaliseOptions,
  type PersonaliseRefusal,
  type PersonaliseResult,
  type GuardReport,
  type HeadScore,
} from './personalise.ts';
export { personalHeadId, type PersonalHead } from './personal-head.ts';
export { readAnchorDigits, writeAnchorDigits, AnchorDigitsFormatError } from './anchor-digits.ts';
export {
  ModelIntegrityError,
  UnsupportedModelError,
  InvalidInputError,
  PersonalHeadMismatchError,
} from './errors.ts';
