import { modelAnnouncementSchema, type ModelAnnouncement } from '@cifra/contracts';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Calibration } from '../../shared/inference-protocol.ts';
import { api, ApiRequestError } from '../api/api-client.ts';
import { modelCacheName, modelFileUrl } from '../../shared/model-cache.ts';
import { callWorker, WorkerError } from '../inference/inference-client.ts';
import { allowServiceWorker } from '../pwa/service-worker-gate.ts';
import { useSession } from '../session/session.tsx';
import { openResultsStore } from './results-store.ts';

export type ModelState =
  | { status: 'idle' }
  | { status: 'loading'; loaded: number; total: number }
  | { status: 'ready'; version: string; bytes: number }
  /** Why the model could not load: worded by the page, in the user's language. */
  | { status: 'error'; error: unknown };

interface ModelApi {
  state: ModelState;
  /** The version the edge announced (known before the download ends: shared-cache lookups). */
  announcedVersion: string | undefined;
  /** Resolves once the model is ready (or rejects if loading failed). */
  whenReady(): Promise<string>;
  calibration: Calibration | undefined;
  /** Backends are being measured in the background (answers meanwhile come from WASM). */
  calibrating: boolean;
  recalibrate(): Promise<void>;
  clearModel(): Promise<void>;
  /** The id of the signed-in user's personal model when it answers for them now; else undefined. */
  personal: string | undefined;
  /** Hands this user's stored personal model (if on, and made for the loaded model) to the worker. */
  refreshPersonal(): Promise<void>;
}

const ModelContext = createContext<ModelApi | null>(null);

/**
 * Gets the model onto the device once signed in (or from the device's cache when offline),
 * then measures the backends in the background. The signed-in user's personal model, if they
 * have one switched on, is loaded into the worker once the model is ready and dropped from it
 * when the user changes or signs out; every prediction names the head it expects, so the
 * worker never answers one person with another's head.
 */
export function ModelProvider({ children }: { children: ReactNode }) {
  const { state: session } = useSession();
  const [state, setState] = useState<ModelState>({ status: 'idle' });
  const [announcedVersion, setAnnouncedVersion] = useState<string>();
  const [calibration, setCalibration] = useState<Calibration>();
  const [calibrating, setCalibrating] = useState(false);
  const ready = useRef<Deferred>(deferred());
  const [personal, setPersonal] = useState<string>();
  const userId = 'user' in session ? session.user.id : undefined;
  const readyVersion = state.status === 'ready' ? state.version : undefined;

  const current = useRef<ModelState>(state);
  useEffect(() => {
    current.current = state;
  }, [state]);

  const load = useCallback(async (online: boolean) => {
    // A model that already answers keeps answering while the edge is asked for a newer one.
    const answering = current.current.status === 'ready';
    // A finished (or failed) earlier load: waiters from now on wait for this one.
    if (ready.current.settled && !answering) ready.current = deferred();
    if (!answering) setState({ status: 'loading', loaded: 0, total: 0 });
    const becomeReady = (status: { version: string; bytes: number }) => {
      setState({ status: 'ready', version: status.version, bytes: status.bytes });
      if (ready.current.settled) ready.current = deferred();
      ready.current.resolve(status.version);
      allowServiceWorker();
    };
    // The copy already on this device answers at once (offline too); meanwhile the edge is asked
    // which version is current, and a newer one replaces it once downloaded and checked.
    const onDevice = callWorker('loadModel', { signed: null }).catch(() => undefined);
    const announced = online ? currentSignedModel() : Promise.resolve(null);
    // Downloads start as soon as the edge answers, whether or not the worker is running yet.
    void announced.then((signed) => signed && prefetchModelFiles(signed)).catch(() => {});
    let local: Awaited<typeof onDevice>;
    try {
      local = await onDevice;
      if (local?.state === 'ready') becomeReady(local);
      const signed = await announced.catch((error: unknown) => {
        // The device's copy keeps working when the edge cannot say more.
        if (local?.state === 'ready') return null;
        throw error;
      });
      if (signed) {
        setAnnouncedVersion(signed.manifest.version);
        if (local?.state === 'ready' && local.version === signed.manifest.version) return calibrateLater();
      } else if (local?.state === 'ready') {
        return calibrateLater();
      }
      const status = await callWorker(
        'loadModel',
        { signed },
        // A device that already answers keeps showing "ready" while a new version downloads.
        local?.state === 'ready'
          ? {}
          : { onProgress: (loaded, total) => setState({ status: 'loading', loaded, total }) },
      );
      if (status.state !== 'ready')
        throw new WorkerError('ModelUnavailableError', 'model_unavailable', 'The model could not be loaded.');
      becomeReady(status);
      calibrateLater();
    } catch (error) {
      // A newer version that failed to arrive leaves the device's copy answering.
      if (local?.state === 'ready') return calibrateLater();
      setState({ status: 'error', error });
      allowServiceWorker();
      // Waiters get the error until the next load starts.
      ready.current.reject(error instanceof Error ? error : new Error(String(error)));
    }

    function calibrateLater() {
      // Measure the backends without blocking the first answer (which comes from WASM): the
      // worker measures in a worker of its own, once the user has been quiet for a moment.
      setCalibrating(true);
      void callWorker('calibrate', { force: false })
        .then(setCalibration, () => {})
        .finally(() => setCalibrating(false));
    }
  }, []);

  useEffect(openResultsStore, []);

  const refreshPersonal = useCallback(async () => {
    if (!userId || !readyVersion) return setPersonal(undefined);
    const { loadPersonalModel } = await import('../personal/personal-store.ts');
    const stored = await loadPersonalModel(userId).catch(() => undefined);
    const head = stored?.enabled && stored.baseVersion === readyVersion ? stored : null;
    const answer = await callWorker('usePersonal', { head }).catch(() => ({ personal: null }));
    setPersonal(answer.personal ?? undefined);
  }, [userId, readyVersion]);
  useEffect(() => {
    // Syncing with IndexedDB and the worker; the head they settle on is state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refreshPersonal();
  }, [refreshPersonal]);
  // This user's head leaves the worker with them (sign-out, another user signing in).
  useEffect(
    () => () => {
      setPersonal(undefined);
      void callWorker('usePersonal', { head: null }).catch(() => {});
    },
    [userId],
  );

  useEffect(() => {
    // Starting the download is the effect's job (syncing with the worker); its progress is state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (session.status === 'signed-in') void load(true);
    // Resuming or offline: the device's own copy, no network needed.
    if (session.status === 'offline' || session.status === 'resuming') void load(false);
  }, [session.status, load]);

  const value = useMemo<ModelApi>(
    () => ({
      state,
      announcedVersion: state.status === 'ready' ? state.version : announcedVersion,
      whenReady: () => ready.current.promise,
      calibration,
      calibrating,
      async recalibrate() {
        setCalibrating(true);
        try {
          setCalibration(await callWorker('calibrate', { force: true }));
        } finally {
          setCalibrating(false);
        }
      },
      async clearModel() {
        await callWorker('clearModel', {});
        setCalibration(undefined);
        ready.current = deferred();
        setState({ status: 'idle' });
        if (session.status === 'signed-in') void load(true);
      },
      personal,
      refreshPersonal,
    }),
    [state, announcedVersion, calibration, calibrating, session.status, load, personal, refreshPersonal],
  );
  return <ModelContext.Provider value={value}>{children}</ModelContext.Provider>;
}

/** The edge's current model with signed URLs; null when the edge cannot be reached. */
async function currentSignedModel(): Promise<ModelAnnouncement | null> {
  try {
    return await api('/api/model', {}, (body) => modelAnnouncementSchema.parse(body));
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'network') return null;
    throw error;
  }
}

/**
 * Starts the model's downloads from the page while the worker's own code is still arriving: the
 * signed responses may be kept by the HTTP cache for their few minutes of life, so the worker's
 * requests for the same URLs (which check every SHA-256) find them there. Files already on the
 * device are not fetched.
 */
async function prefetchModelFiles(signed: ModelAnnouncement): Promise<void> {
  const cache = await caches.open(modelCacheName);
  await Promise.all(
    signed.files.map(async (file) => {
      if (await cache.match(modelFileUrl(location.origin, signed.manifest.version, file.path))) return;
      await (await fetch(file.url, { credentials: 'same-origin' })).arrayBuffer();
    }),
  );
}

export function useModel(): ModelApi {
  const context = useContext(ModelContext);
  if (!context) throw new Error('useModel needs <ModelProvider>');
  return context;
}

interface Deferred {
  promise: Promise<string>;
  settled: boolean;
  resolve(version: string): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  const result = { settled: false } as Deferred;
  result.promise = new Promise<string>((resolve, reject) => {
    result.resolve = (version) => {
      result.settled = true;
      resolve(version);
    };
    result.reject = (error) => {
      result.settled = true;
      reject(error);
    };
  });
  result.promise.catch(() => {});
  return result;
}
