/**
 * A faster MaxPoolGrad for non-overlapping windows (pool size == stride, no padding), the
 * only pooling Cifra's CNN uses. The stock wasm kernel handles every case generically and
 * was the single most expensive kernel of a training step (~50 ms of ~210 ms per batch of
 * 128); this loop routes each dy value to the first maximum of its window, as tfjs does.
 * Other configurations go to the kernel that was registered before.
 */
import {
  backend_util,
  getKernel,
  MaxPoolGrad,
  registerKernel,
  unregisterKernel,
  type KernelBackend,
  type KernelConfig,
  type TensorInfo,
  type TypedArray,
} from '@tensorflow/tfjs';

/** The two wasm backend methods this kernel needs (not part of the public KernelBackend type). */
interface HeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): TypedArray;
}

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function registerFastMaxPoolGrad(backendName = 'wasm'): void {
  const previous = getKernel(MaxPoolGrad, backendName);
  if (!previous) throw new Error(`no MaxPoolGrad kernel on ${backendName} to fall back to`);
  if ((previous as { fast?: boolean }).fast) return;
  const config: KernelConfig & { fast: boolean } = {
    kernelName: MaxPoolGrad,
    backendName,
    fast: true,
    kernelFunc: (args) => {
      const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
      const attrs = args.attrs as unknown as PoolAttrs;
      const info = backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        attrs.filterSize,
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
      );
      const fits =
        info.filterHeight === info.strideHeight &&
        info.filterWidth === info.strideWidth &&
        info.padInfo.top === 0 &&
        info.padInfo.left === 0 &&
        info.padInfo.bottom === 0 &&
        info.padInfo.right === 0;
      const backend = args.backend as HeapBackend;
      if (!fits || typeof backend.typedArrayFromHeap !== 'function') return previous.kernelFunc(args);
      // Allocate first: makeOutput may grow the wasm memory, which detaches earlier views.
      const out = backend.makeOutput(input.shape, 'float32');
      const x = backend.typedArrayFromHeap(input);
      const g = backend.typedArrayFromHeap(dy);
      const dx = backend.typedArrayFromHeap(out);
      dx.fill(0);
      const [n, h, w, c] = input.shape as [number, number, number, number];
      if (info.filterHeight === 2 && info.filterWidth === 2) {
        route2x2(x, g, dx, n, h, w, c, info.outHeight, info.outWidth);
      } else {
        routeGeneric(x, g, dx, n, h, w, c, info);
      }
      return out;
    },
  };
  unregisterKernel(MaxPoolGrad, backendName);
  registerKernel(config);
}

/** The hot case, unrolled: V8 runs this ~4x faster than the generic loop. */
function route2x2(
  x: TypedArray,
  g: TypedArray,
  dx: TypedArray,
  n: number,
  h: number,
  w: number,
  c: number,
  outHeight: number,
  outWidth: number,
): void {
  const row = w * c;
  let gi = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const corner = b * h * row + oy * 2 * row + ox * 2 * c;
        for (let ch = 0; ch < c; ch++, gi++) {
          const p0 = corner + ch;
          const p1 = p0 + c;
          const p2 = p0 + row;
          const p3 = p2 + c;
          let best = p0;
          let bestValue = x[p0] as number;
          let v = x[p1] as number;
          if (v > bestValue) {
            bestValue = v;
            best = p1;
          }
          v = x[p2] as number;
          if (v > bestValue) {
            bestValue = v;
            best = p2;
          }
          v = x[p3] as number;
          if (v > bestValue) best = p3;
          dx[best] = g[gi] as number;
        }
      }
    }
  }
}

function routeGeneric(
  x: TypedArray,
  g: TypedArray,
  dx: TypedArray,
  n: number,
  h: number,
  w: number,
  c: number,
  info: backend_util.Conv2DInfo,
): void {
  const { outHeight, outWidth, filterHeight: fh, filterWidth: fw } = info;
  let gi = 0;
  for (let b = 0; b < n; b++) {
    const base = b * h * w * c;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const corner = base + (oy * fh * w + ox * fw) * c;
        for (let ch = 0; ch < c; ch++, gi++) {
          let best = corner + ch;
          let bestValue = x[best] as number;
          for (let ky = 0; ky < fh; ky++) {
            for (let kx = 0; kx < fw; kx++) {
              const at = corner + (ky * w + kx) * c + ch;
              const v = x[at] as number;
              if (v > bestValue) {
                bestValue = v;
                best = at;
              }
            }
          }
          dx[best] = g[gi] as number;
        }
      }
    }
  }
}
