/**
 * @cifra/model (Node only): MNIST loading, training, evaluation, quantised export and the
 * predictor behind the `cifra-model` CLI (`predict`, `read`), the notebook-paper photo
 * generator, the handwritten-numbers generator and the one-writer set generator (issue #13).
 * Scripts: train, export, eval, bench, robustness (and `npm run eval:paper`,
 * `npm run eval:numbers` at the root).
 */
export { parseIdx, IdxFormatError, type IdxArray } from './idx.ts';
export { loadMnist, IMAGE_SIZE, PIXELS, type MnistSplit } from './mnist.ts';
export { setupTf } from './tf-setup.ts';
export { registerConvGradients } from './kernels/conv-gradients.ts';
export { registerFastMaxPoolGrad } from './kernels/max-pool-grad.ts';
export { buildModel, type Architecture } from './network.ts';
export { train, cosineRate, type TrainOptions, type EpochLog } from './train-loop.ts';
export { evaluate, type Evaluation } from './evaluate.ts';
export { quantizeUint8, quantizeArtifacts } from './quantize.ts';
export { modelVersion, sha256Hex } from './hashing.ts';
export { exportModel } from './export.ts';
export { loadCommittedPredictor, readCommittedModel, readCurrentManifest } from './predictor.ts';
export { checkCommittedModel, ACCURACY_TOLERANCE } from './committed-check.ts';
export { predictFiles, readFiles, main as cli, type ReadResult } from './cli.ts';
export {
  paperSet,
  renderOnPaper,
  PAPER_KINDS,
  PAPER_SEED,
  type PaperItem,
  type PaperKind,
  type PaperPhoto,
} from './paper-set.ts';
export {
  numberSet,
  renderNumber,
  NUMBER_KINDS,
  NUMBER_SEED,
  type NumberItem,
  type NumberKind,
  type NumberOptions,
  type NumberPicture,
} from './number-set.ts';
export {
  writerSamples,
  writerSet,
  writerStyle,
  writeWriterSet,
  PAD_SIZE,
  WRITER_SEED,
  type Writer,
  type WriterOptions,
  type WriterPoint,
  type WriterSample,
  type WriterSet,
  type WriterSetOptions,
  type WriterStroke,
} from './writer-set.ts';
