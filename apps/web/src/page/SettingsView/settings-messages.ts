/**
 * The words only Settings shows (its controls, diagnostics and the backends' timings), in
 * English and Spanish. Kept apart from `i18n/messages.ts` so they load with the Settings tab,
 * not with the first screen.
 */
import type { Language } from '../i18n/messages.ts';

export const settingsMessages = {
  en: {
    model: 'Model',
    webgpuAdapter: 'WebGPU adapter',
    softwareAdapter: 'software',
    crossOriginIsolated: 'Cross-origin isolated',
    batchMs: 'batch {size} (ms)',
    bestFor: 'best for {size}',
    reasonSoftwareAdapter: 'software adapter: never picked automatically',
    reasonUnavailable: 'unavailable',
    reasonFailed: 'failed',
    backendAuto: 'Automatic (measured)',
    clearModel: 'Clear cached model',
    diagnostics: 'Diagnostics',
    runCalibration: 'Measure backends again',
    storageUsed: 'Storage used',
    persistent: 'Persistent storage',
    contributeToSharedCache: 'Share answers through the shared cache',
    contributeExplained:
      'Sends the 28×28 grey thumbnail of each digit — never your picture — so the server can check it with its own model and answer others faster.',
  },
  es: {
    model: 'Modelo',
    webgpuAdapter: 'Adaptador WebGPU',
    softwareAdapter: 'por software',
    crossOriginIsolated: 'Aislamiento de origen cruzado',
    batchMs: 'lote de {size} (ms)',
    bestFor: 'el mejor para {size}',
    reasonSoftwareAdapter: 'adaptador por software: nunca se elige automáticamente',
    reasonUnavailable: 'no disponible',
    reasonFailed: 'falló',
    backendAuto: 'Automático (medido)',
    clearModel: 'Borrar el modelo guardado',
    diagnostics: 'Diagnóstico',
    runCalibration: 'Medir los motores de nuevo',
    storageUsed: 'Almacenamiento usado',
    persistent: 'Almacenamiento persistente',
    contributeToSharedCache: 'Compartir respuestas mediante la caché compartida',
    contributeExplained:
      'Envía la miniatura gris de 28×28 de cada dígito —nunca tu imagen— para que el servidor la compruebe con su propio modelo y responda antes a otros.',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type SettingsMessageKey = keyof (typeof settingsMessages)['en'];

// Both languages must have every key: a compile error otherwise.
settingsMessages.es satisfies Record<SettingsMessageKey, string>;
