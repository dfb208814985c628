import { UnsupportedModelError } from './errors.ts';

/** Activations the fused kernels apply in place. */
export type FusedActivation = 'linear' | 'relu';

/** One step of the fused plan: each is a single tfjs kernel call, named after its layer. */
export type PlanStep = { layer: string } & (
  | {
      op: 'conv2d';
      kernel: string;
      bias: string | undefined;
      kernelSize: [number, number];
      strides: [number, number];
      padding: 'valid' | 'same';
      activation: FusedActivation;
    }
  | { op: 'maxPool'; poolSize: [number, number]; strides: [number, number]; padding: 'valid' | 'same' }
  | { op: 'flatten' }
  | { op: 'dense'; kernel: string; bias: string | undefined; activation: FusedActivation }
);

/**
 * The model as a straight list of fused kernels ending in logits. Dropout and input layers
 * vanish; the final softmax is left out of the graph: the predictor applies it in JS, which
 * costs less than a kernel call at batch 1 and is the same code on every backend.
 */
export type ExecutionPlan = PlanStep[];

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

function pair(value: unknown, what: string): [number, number] {
  const values = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(values) || values.length !== 2 || !values.every((v) => Number.isInteger(v) && v > 0))
    throw new UnsupportedModelError(`${what} must be two positive integers`);
  return [values[0] as number, values[1] as number];
}

function padding(value: unknown, layer: string): 'valid' | 'same' {
  if (value === 'valid' || value === 'same') return value;
  throw new UnsupportedModelError(`${layer} padding ${String(value)}`);
}

function activation(value: unknown, layer: string): FusedActivation | 'softmax' {
  if (value === undefined || value === null || value === 'linear') return 'linear';
  if (value === 'relu' || value === 'softmax') return value;
  throw new UnsupportedModelError(`${layer} activation ${String(value)}`);
}

function channelsLast(config: Record<string, unknown>, layer: string): void {
  if (config.data_format !== undefined && config.data_format !== 'channels_last')
    throw new UnsupportedModelError(`${layer} data_format ${String(config.data_format)}`);
}

/** The layers of a tfjs Sequential topology (both `config.layers` and legacy `config` arrays). */
function sequentialLayers(topology: unknown): LayerJson[] {
  const root = (topology as { model_config?: unknown })?.model_config ?? topology;
  const { class_name: className, config } = (root ?? {}) as { class_name?: unknown; config?: unknown };
  if (className !== 'Sequential') throw new UnsupportedModelError(`a ${String(className)} model`);
  const layers = Array.isArray(config) ? config : (config as { layers?: unknown })?.layers;
  if (!Array.isArray(layers)) throw new UnsupportedModelError('the topology lists no layers');
  return layers as LayerJson[];
}

/** Turns a layers-model topology into a fused plan; throws {@link UnsupportedModelError}. */
export function executionPlan(topology: unknown): ExecutionPlan {
  const layers = sequentialLayers(topology);
  const steps: PlanStep[] = [];
  let softmax = false;
  layers.forEach((layer, index) => {
    const { class_name: kind, config } = layer;
    const name = String(config.name ?? `layer ${index}`);
    if (softmax) throw new UnsupportedModelError(`softmax before the last layer (${name})`);
    const weight = (suffix: string) => `${name}/${suffix}`;
    switch (kind) {
      case 'InputLayer':
      case 'Dropout':
        return;
      case 'Conv2D': {
        channelsLast(config, name);
        const dilation =
          config.dilation_rate === undefined ? [1, 1] : pair(config.dilation_rate, 'dilation_rate');
        if (dilation[0] !== 1 || dilation[1] !== 1) throw new UnsupportedModelError(`${name} is dilated`);
        const act = activation(config.activation, name);
        if (act === 'softmax') throw new UnsupportedModelError(`${name} uses softmax`);
        steps.push({
          layer: name,
          op: 'conv2d',
          kernel: weight('kernel'),
          bias: config.use_bias === false ? undefined : weight('bias'),
          kernelSize: pair(config.kernel_size, `${name} kernel_size`),
          strides: pair(config.strides ?? 1, `${name} strides`),
          padding: padding(config.padding ?? 'valid', name),
          activation: act,
        });
        return;
      }
      case 'MaxPooling2D': {
        channelsLast(config, name);
        const poolSize = pair(config.pool_size ?? 2, `${name} pool_size`);
        steps.push({
          layer: name,
          op: 'maxPool',
          poolSize,
          strides: config.strides == null ? poolSize : pair(config.strides, `${name} strides`),
          padding: padding(config.padding ?? 'valid', name),
        });
        return;
      }
      case 'Flatten':
        steps.push({ layer: name, op: 'flatten' });
        return;
      case 'Dense': {
        const act = activation(config.activation, name);
        if (act === 'softmax') softmax = true;
        steps.push({
          layer: name,
          op: 'dense',
          kernel: weight('kernel'),
          bias: config.use_bias === false ? undefined : weight('bias'),
          activation: act === 'softmax' ? 'linear' : act,
        });
        return;
      }
      default:
        throw new UnsupportedModelError(`layer ${name} of type ${kind}`);
    }
  });
  if (steps.at(-1)?.op !== 'dense') throw new UnsupportedModelError('the last layer must be Dense');
  return steps;
}

type Size = [height: number, width: number];

/** Window and stride of a spatial step, or undefined for flatten and dense. */
function windowOf(step: PlanStep): { window: Size; strides: Size; padding: 'valid' | 'same' } | undefined {
  if (step.op === 'conv2d') return { window: step.kernelSize, strides: step.strides, padding: step.padding };
  if (step.op === 'maxPool') return { window: step.poolSize, strides: step.strides, padding: step.padding };
  return undefined;
}

/** The size a spatial step makes of a `[height, width]` map. */
function outputSize(
  [h, w]: Size,
  { window, strides, padding }: NonNullable<ReturnType<typeof windowOf>>,
): Size {
  return padding === 'same'
    ? [Math.ceil(h / strides[0]), Math.ceil(w / strides[1])]
    : [Math.floor((h - window[0]) / strides[0]) + 1, Math.floor((w - window[1]) / strides[1]) + 1];
}

/**
 * The top-left part of the input the plan actually reads. A 'valid' window that does not fit
 * drops the last rows and columns (2x2 pooling of an odd size), so the layers before it need
 * not compute them either: for the committed model a 28x28 input reads only 26x26, which saves
 * 15 % of the first conv and 17 % of the second and changes no answer.
 */
export function inputWindow(plan: ExecutionPlan, input: Size): Size {
  const spatial = plan.map(windowOf);
  const last = spatial.findIndex((geometry) => !geometry) - 1;
  const layers = (last < -1 ? spatial : spatial.slice(0, last + 1)) as NonNullable<
    ReturnType<typeof windowOf>
  >[];
  const sizes: Size[] = [input];
  for (const geometry of layers) sizes.push(outputSize(sizes.at(-1) as Size, geometry));
  let needed = sizes.at(-1) as Size;
  for (let i = layers.length - 1; i >= 0; i--) {
    const { window, strides, padding } = layers[i] as (typeof layers)[number];
    // 'same' pads around the edges: every input pixel matters.
    needed =
      padding === 'same'
        ? (sizes[i] as Size)
        : [(needed[0] - 1) * strides[0] + window[0], (needed[1] - 1) * strides[1] + window[1]];
  }
  return [Math.min(needed[0], input[0]), Math.min(needed[1], input[1])];
}

/**
 * How many values one input makes after the plan's steps up to and including `last` (a
 * [height, width, channels] map counts them all); `units` gives a conv or dense step's output
 * channels (its kernel's last dimension).
 */
export function activationSize(
  plan: ExecutionPlan,
  last: number,
  input: Size,
  units: (step: Extract<PlanStep, { kernel: string }>) => number,
): number {
  let [h, w] = input;
  let channels = 1;
  for (const step of plan.slice(0, last + 1)) {
    const geometry = windowOf(step);
    if (geometry) [h, w] = outputSize([h, w], geometry);
    if (step.op === 'flatten') [h, w, channels] = [1, 1, h * w * channels];
    if (step.op === 'conv2d' || step.op === 'dense') channels = units(step);
    if (step.op === 'dense') [h, w] = [1, 1];
  }
  return h * w * channels;
}
