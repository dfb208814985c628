import { signedModelSchema } from '@cifra/contracts';
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
import { callWorker } from '../inference-client.ts';
import { allowServiceWorker } from '../pwa/service-worker-gate.ts';
import { useSession } from '../session/session.tsx';
import { openResultsStore } from './results-store.ts';

export type ModelState =
  | { status: 'idle' }
  | { status: 'loading'; loaded: number; total: number }
  | { status: 'ready'; version: string; bytes: number }
  | { status: 'error'; message: string };

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
}

const ModelContext = createContext<ModelApi | null>(null);

/**
 * Gets the model onto the device once signed in (or from the device's cache when offline),
 * then measures the backends in the background.
 */
export function ModelProvider({ children }: { children: ReactNode }) {
  const { state: session } = useSession();
  const [state, setState] = useState<ModelState>({ status: 'idle' });
  const [announcedVersion, setAnnouncedVersion] = useState<string>();
  const [calibration, setCalibration] = useState<Calibration>();
  const [calibrating, setCalibrating] = useState(false);
  const ready = useRef<Deferred>(deferred());

  const load = useCallback(async (online: boolean) => {
    // A finished (or failed) earlier load: waiters from now on wait for this one.
    if (ready.current.settled) ready.current = deferred();
    setState({ status: 'loading', loaded: 0, total: 0 });
    try {
      let signed = null;
      if (online) {
        try {
          signed = await api('/api/model', {}, (body) => signedModelSchema.parse(body));
          setAnnouncedVersion(signed.manifest.version);
        } catch (error) {
          // Unreachable edge: try the copy this device already has.
          if (!(error instanceof ApiRequestError && error.code === 'network')) throw error;
        }
      }
      const status = await callWorker(
        'loadModel',
        { signed },
        { onProgress: (loaded, total) => setState({ status: 'loading', loaded, total }) },
      );
      if (status.state !== 'ready') throw new Error('The model could not be loaded.');
      setState({ status: 'ready', version: status.version, bytes: status.bytes });
      ready.current.resolve(status.version);
      allowServiceWorker();
      // Measure the backends without blocking the first answer (which comes from WASM): the
      // worker measures in a worker of its own.
      setCalibrating(true);
      void callWorker('calibrate', { force: false })
        .then(setCalibration, () => {})
        .finally(() => setCalibrating(false));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setState({ status: 'error', message });
      allowServiceWorker();
      // Waiters get the error until the next load starts.
      ready.current.reject(new Error(message));
    }
  }, []);

  useEffect(openResultsStore, []);

  useEffect(() => {
    // Starting the download is the effect's job (syncing with the worker); its progress is state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (session.status === 'signed-in') void load(true);
    if (session.status === 'offline') void load(false);
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
    }),
    [state, announcedVersion, calibration, calibrating, session.status, load],
  );
  return <ModelContext.Provider value={value}>{children}</ModelContext.Provider>;
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
