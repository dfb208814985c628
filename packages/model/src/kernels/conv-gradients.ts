/**
 * Conv2D gradients for the wasm backend, composed from forward kernels.
 *
 * Why: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel at all, and the cpu backend's
 * one takes seconds per batch. Both gradients are correlations, so they can be written as a
 * forward Conv2D (XNNPACK, fast) over transposed / padded / reversed tensors:
 *   dW = T(conv2d(T(pad(x), [3,1,2,0]), T(dy, [1,2,0,3]), valid), [1,2,0,3])
 *   dX = conv2d(pad(dy, K-1-pad), T(reverse(W, [0,1]), [0,1,3,2]), valid)
 * Only stride 1 and dilation 1 in NHWC are supported; anything else throws instead of
 * silently computing a wrong gradient.
 */
import {
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

interface Run {
  backend: KernelBackend;
  backendName: string;
  temps: TensorInfo[];
}

/** Calls another kernel of the same backend and remembers its output for disposal. */
function call(run: Run, name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
  const kernel = getKernel(name, run.backendName);
  if (!kernel) throw new Error(`kernel ${name} missing on backend ${run.backendName}`);
  const out = kernel.kernelFunc({ inputs, attrs, backend: run.backend }) as TensorInfo;
  run.temps.push(out);
  return out;
}

function release(run: Run, keep: TensorInfo): void {
  for (const t of run.temps) if (t !== keep && t.dataId !== keep.dataId) run.backend.disposeData(t.dataId);
}

function checkSupported(strides: number | [number, number], dataFormat: string): void {
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  if (sh !== 1 || sw !== 1) throw new Error('composed conv gradients support stride 1 only');
  if (dataFormat !== 'NHWC') throw new Error('composed conv gradients support NHWC only');
}

function convInfo(
  xShape: number[],
  filterShape: number[],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    1,
    1,
    pad,
    dimRoundingMode,
  );
}

function filterGradient(
  run: Run,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: number[],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
): TensorInfo {
  const info = convInfo(x.shape, filterShape, pad, dimRoundingMode);
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw] = filterShape as [number, number, number, number];
  const padded =
    top || bottom || left || right
      ? call(
          run,
          'PadV2',
          { x },
          {
            paddings: [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ],
            constantValue: 0,
          },
        )
      : x;
  // Channels become the batch and the batch becomes the channels being summed over.
  const xT = call(run, 'Transpose', { x: padded }, { perm: [3, 1, 2, 0] });
  const dyT = call(run, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  let corr = call(
    run,
    'Conv2D',
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: 'valid',
      dataFormat: 'NHWC',
      dilations: [1, 1],
    },
  );
  // The padded input can be a row or column larger than needed ('same' with odd sizes).
  if (corr.shape[1] !== kh || corr.shape[2] !== kw) {
    corr = call(
      run,
      'Slice',
      { x: corr },
      {
        begin: [0, 0, 0, 0],
        size: [corr.shape[0] as number, kh, kw, corr.shape[3] as number],
      },
    );
  }
  const dW = call(run, 'Transpose', { x: corr }, { perm: [1, 2, 0, 3] });
  release(run, dW);
  return dW;
}

function inputGradient(
  run: Run,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: number[],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
): TensorInfo {
  const info = convInfo(inputShape, filter.shape, pad, dimRoundingMode);
  const { top, left } = info.padInfo;
  const [kh, kw] = filter.shape as [number, number, number, number];
  const [, inH, inW] = inputShape as [number, number, number, number];
  const [, outH, outW] = dy.shape as [number, number, number, number];
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  // Pad so that a valid correlation yields exactly inH x inW rows and columns.
  const padBottom = inH + kh - 1 - outH - padTop;
  const padRight = inW + kw - 1 - outW - padLeft;
  if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
    throw new Error('composed conv input gradient: unsupported padding');
  }
  const dyPadded = call(
    run,
    'PadV2',
    { x: dy },
    {
      paddings: [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const reversed = call(run, 'Reverse', { x: filter }, { dims: [0, 1] });
  const flipped = call(run, 'Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
  const dX = call(
    run,
    'Conv2D',
    { x: dyPadded, filter: flipped },
    {
      strides: [1, 1],
      pad: 'valid',
      dataFormat: 'NHWC',
      dilations: [1, 1],
    },
  );
  release(run, dX);
  return dX;
}

/** Registers the composed gradients on `backendName`, replacing any existing ones. */
export function registerConvGradients(backendName = 'wasm'): void {
  const filterConfig: KernelConfig = {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const a = attrs as unknown as {
        strides: number | [number, number];
        pad: Pad;
        dataFormat: string;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        filterShape: number[];
      };
      checkSupported(a.strides, a.dataFormat);
      const run: Run = { backend: backend as KernelBackend, backendName, temps: [] };
      return filterGradient(run, x, dy, a.filterShape, a.pad, a.dimRoundingMode);
    },
  };
  const inputConfig: KernelConfig = {
    kernelName: Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const a = attrs as unknown as {
        strides: number | [number, number];
        pad: Pad;
        dataFormat: string;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        inputShape: number[];
      };
      checkSupported(a.strides, a.dataFormat);
      const run: Run = { backend: backend as KernelBackend, backendName, temps: [] };
      return inputGradient(run, dy, filter, a.inputShape, a.pad, a.dimRoundingMode);
    },
  };
  for (const config of [filterConfig, inputConfig]) {
    if (getKernel(config.kernelName, backendName)) unregisterKernel(config.kernelName, backendName);
    registerKernel(config);
  }
}
