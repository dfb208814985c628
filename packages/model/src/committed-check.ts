/**
 * The check CI runs instead of retraining: the committed model's files match its manifest,
 * and its accuracy on the 10k MNIST test set is not below the recorded one minus 0.1 pt.
 */
import { evaluate, type Evaluation } from './evaluate.ts';
import { loadMnist } from './mnist.ts';
import type { Predictor } from '@cifra/inference';
import { loadCommittedPredictor } from './predictor.ts';
import { publicModelDir } from './paths.ts';

/** Allowed drop below the manifest's recorded accuracy (0.1 percentage point). */
export const ACCURACY_TOLERANCE = 0.001;

export interface CommittedCheck {
  predictor: Predictor;
  evaluation: Evaluation;
  threshold: number;
  passed: boolean;
}

export async function checkCommittedModel(root = publicModelDir()): Promise<CommittedCheck> {
  const predictor = await loadCommittedPredictor(root);
  const evaluation = await evaluate(predictor, loadMnist('test'));
  const threshold = predictor.manifest.accuracy.quantized - ACCURACY_TOLERANCE;
  // Compare in whole test images, so float rounding cannot flip an exact tie.
  const passed = evaluation.correct >= Math.round(threshold * evaluation.count);
  return { predictor, evaluation, threshold, passed };
}
