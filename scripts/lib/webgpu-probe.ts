/**
 * Browser side of the harness pages: whether WebGPU has an adapter worth measuring. Adapter
 * requests can hang with some Chromium flag mixes, so the request has a deadline. Typed
 * structurally, so the module needs neither DOM nor @webgpu/types.
 */
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  /** Older Chromium put the flag on the adapter itself. */
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

export interface WebGpuProbe {
  /** An adapter exists (software or not). */
  available: boolean;
  /** The adapter is the software fallback (SwiftShader). */
  fallback: boolean;
  /** Vendor / architecture / description, or why there is no adapter. */
  description: string;
}

export async function probeWebGpu(timeoutMs = 5_000): Promise<WebGpuProbe> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu) return { available: false, fallback: false, description: 'navigator.gpu is missing' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const adapter = await Promise.race([gpu.requestAdapter(), deadline]);
    if (adapter === 'timeout')
      return {
        available: false,
        fallback: false,
        description: `requestAdapter() still pending after ${timeoutMs} ms`,
      };
    if (!adapter)
      return { available: false, fallback: false, description: 'requestAdapter() gave no adapter' };
    const info = adapter.info ?? {};
    const description =
      [info.vendor, info.architecture, info.description].filter((part) => part).join(' / ') ||
      'unnamed adapter';
    return {
      available: true,
      fallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
      description,
    };
  } catch (error) {
    return { available: false, fallback: false, description: `requestAdapter() failed: ${String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
