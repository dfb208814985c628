import { describe, expect, it } from 'vitest';
import { UnsupportedModelError } from './errors.ts';
import { activationSize, executionPlan, inputWindow } from './execution-plan.ts';
import { readArtifacts } from './model-files.ts';
import { committedModel } from './test-model.ts';

const sequential = (layers: { class_name: string; config: Record<string, unknown> }[]) => ({
  class_name: 'Sequential',
  config: { name: 'test', layers },
});
const conv = (name: string, extra: Record<string, unknown> = {}) => ({
  class_name: 'Conv2D',
  config: {
    name,
    filters: 4,
    kernel_size: [3, 3],
    strides: [1, 1],
    padding: 'valid',
    activation: 'relu',
    ...extra,
  },
});
const pool = {
  class_name: 'MaxPooling2D',
  config: { name: 'pool', pool_size: [2, 2], strides: [2, 2], padding: 'valid' },
};
const dense = (activation = 'softmax') => ({
  class_name: 'Dense',
  config: { name: 'dense', units: 10, activation },
});

describe('execution plan', () => {
  it('turns the committed model into fused kernels ending in logits', () => {
    const plan = executionPlan(readArtifacts(committedModel()).topology);
    expect(plan.map((step) => step.op)).toEqual([
      'conv2d',
      'maxPool',
      'conv2d',
      'maxPool',
      'conv2d',
      'flatten',
      'dense',
    ]);
    expect(plan[0]).toMatchObject({
      activation: 'relu',
      kernelSize: [3, 3],
      kernel: 'conv2d_Conv2D1/kernel',
    });
    // Softmax leaves the graph (applied in JS); dropout vanishes.
    expect(plan.at(-1)).toMatchObject({ op: 'dense', activation: 'linear', bias: 'dense_Dense1/bias' });
  });

  it('names what it cannot run', () => {
    const cases: [unknown, RegExp][] = [
      [{ class_name: 'Model', config: {} }, /a Model model/],
      [
        sequential([conv('c'), { class_name: 'BatchNormalization', config: { name: 'bn' } }, dense()]),
        /bn of type BatchNormalization/,
      ],
      [sequential([conv('c', { activation: 'tanh' }), dense()]), /activation tanh/],
      [sequential([conv('c', { data_format: 'channels_first' }), dense()]), /channels_first/],
      [sequential([conv('c', { dilation_rate: [2, 2] }), dense()]), /dilated/],
      [sequential([conv('c'), dense(), dense('linear')]), /softmax before the last layer/],
      [sequential([conv('c')]), /last layer must be Dense/],
    ];
    for (const [topology, message] of cases) {
      expect(() => executionPlan(topology)).toThrow(UnsupportedModelError);
      expect(() => executionPlan(topology)).toThrow(message);
    }
  });

  it('reads only the input a valid window uses: 26x26 of 28x28 for the committed model', () => {
    const plan = executionPlan(readArtifacts(committedModel()).topology);
    expect(inputWindow(plan, [28, 28])).toEqual([26, 26]);
    // Everything fits: nothing is cropped.
    expect(
      inputWindow(
        executionPlan(sequential([conv('c'), pool, { class_name: 'Flatten', config: {} }, dense()])),
        [28, 28],
      ),
    ).toEqual([28, 28]);
    // 'same' padding reads every pixel.
    const same = executionPlan(
      sequential([
        conv('c', { padding: 'same' }),
        pool,
        pool,
        { class_name: 'Flatten', config: {} },
        dense(),
      ]),
    );
    expect(inputWindow(same, [27, 27])).toEqual([27, 27]);
  });

  it('names each step after its layer and knows how many values each step makes', () => {
    const artifacts = readArtifacts(committedModel());
    const plan = executionPlan(artifacts.topology);
    expect(plan.map((step) => step.layer)).toEqual([
      'conv2d_Conv2D1',
      'max_pooling2d_MaxPooling2D1',
      'conv2d_Conv2D2',
      'max_pooling2d_MaxPooling2D2',
      'conv2d_Conv2D3',
      'flatten_Flatten1',
      'dense_Dense1',
    ]);
    const units = (step: { kernel: string }) =>
      artifacts.weightSpecs.find((entry) => entry.name === step.kernel)?.shape.at(-1) ?? 0;
    const window = inputWindow(plan, [28, 28]);
    // 26x26 → conv 24x24x32 → pool 12x12 → conv 10x10x64 → pool 5x5 → conv 3x3x96 → 864 → 10.
    expect(plan.map((_, i) => activationSize(plan, i, window, units))).toEqual([
      24 * 24 * 32,
      12 * 12 * 32,
      10 * 10 * 64,
      5 * 5 * 64,
      3 * 3 * 96,
      864,
      10,
    ]);
    const same = executionPlan(
      sequential([conv('c', { padding: 'same' }), pool, { class_name: 'Flatten', config: {} }, dense()]),
    );
    expect(activationSize(same, 1, [27, 27], () => 4)).toBe(13 * 13 * 4);
  });
});
