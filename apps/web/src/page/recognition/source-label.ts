import type { Translate } from '../i18n/i18n.tsx';

/** Names of the backends as people write them (product names: the same in every language). */
export const backendLabels: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** Where an answer came from, in the chosen language: a cache, or the backend that computed it. */
export function sourceLabel(source: string, t: Translate): string {
  if (source === 'device-cache') return t('sourceDevice');
  if (source === 'shared-cache') return t('sourceShared');
  return backendLabels[source] ?? source;
}
