/** One model answer: the digit, its probability and all ten. */
export interface Prediction {
  digit: number;
  probability: number;
  probabilities: number[];
  /** How likely the input is one whole digit, not a fragment, two touching digits or a stray
   * mark (the model's number head; only from `predictParts`). */
  wholeDigit?: number;
  /** The number head's ten digit probabilities, given the input is one whole digit (only from
   * `predictParts`): how the head, which has learnt from cut parts, reads it. */
  partProbabilities?: number[];
}

/**
 * Softmax over each row of `logits`, then argmax. In float64 with the row's maximum
 * subtracted, so large logits never overflow.
 */
export function toPredictions(logits: ArrayLike<number>, rows: number): Prediction[] {
  const classes = logits.length / rows;
  const predictions: Prediction[] = [];
  for (let row = 0; row < rows; row++) {
    const start = row * classes;
    let max = -Infinity;
    for (let i = 0; i < classes; i++) max = Math.max(max, logits[start + i] as number);
    const probabilities = new Array<number>(classes);
    let sum = 0;
    for (let i = 0; i < classes; i++) {
      const value = logits[start + i] as number;
      probabilities[i] = Math.exp(value - max);
      sum += probabilities[i] as number;
    }
    let digit = 0;
    for (let i = 0; i < classes; i++) {
      probabilities[i] = (probabilities[i] as number) / sum;
      if ((probabilities[i] as number) > (probabilities[digit] as number)) digit = i;
    }
    predictions.push({ digit, probability: probabilities[digit] as number, probabilities });
  }
  return predictions;
}
