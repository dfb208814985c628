import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { BackendChoice } from '../../shared/inference-protocol.ts';
import { initialBackendChoice, saveBackendChoice } from '../inference/backend-choice.ts';
import { describeError } from '../i18n/describe-error.ts';
import { DrawingPad } from '../DrawingPad/DrawingPad.tsx';
import { FilePicker } from '../FilePicker/FilePicker.tsx';
import { HealthStatus } from '../HealthStatus/HealthStatus.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { PwaControls } from '../PwaControls/PwaControls.tsx';
import { allowServiceWorker } from '../pwa/service-worker-gate.ts';
import { ModelProvider, useModel } from '../recognition/model-context.tsx';
import { useRecognizer, type Recognition } from '../recognition/use-recognizer.ts';
import { ResultCard } from '../ResultCard/ResultCard.tsx';
import { useSession } from '../session/session.tsx';
import { SignIn } from '../SignIn/SignIn.tsx';

// Tabs nobody sees on the first screen load when first opened.
const HistoryView = lazy(() =>
  import('../HistoryView/HistoryView.tsx').then((module) => ({ default: module.HistoryView })),
);
const SettingsView = lazy(() =>
  import('../SettingsView/SettingsView.tsx').then((module) => ({ default: module.SettingsView })),
);
// Number mode: its code (and words) load when first chosen.
const NumberView = lazy(() =>
  import('../NumberView/NumberView.tsx').then((module) => ({ default: module.NumberView })),
);
// Teaching Cifra a person's handwriting: its code and words load when the tab is first opened.
const TeachView = lazy(() =>
  import('../TeachView/TeachView.tsx').then((module) => ({ default: module.TeachView })),
);
const SignOutDialog = lazy(() =>
  import('../SignOutDialog/SignOutDialog.tsx').then((module) => ({ default: module.SignOutDialog })),
);

type Tab = 'draw' | 'upload' | 'teach' | 'history' | 'settings';
const tabs: Tab[] = ['draw', 'upload', 'teach', 'history', 'settings'];
/** What Draw and Upload read: one digit, or a whole number (remembered on this device). */
const modes = ['oneDigit', 'number'] as const;
const modeKey = 'cifra:mode';

export function App() {
  const { t } = useI18n();
  const { state } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const signedIn = state.status === 'signed-in' || state.status === 'offline' || state.status === 'resuming';
  // Signed out, nothing big is downloading: the app shell may be cached for offline use now.
  useEffect(() => {
    if (state.status !== 'signed-out') return;
    allowServiceWorker();
    // Signed out (maybe from another tab): the next user does not find the sign-out dialog open.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSigningOut(false);
  }, [state.status]);

  return (
    <>
      <header className="app-header">
        <div>
          <h1>Cifra</h1>
          <p className="tagline">{t('tagline')}</p>
        </div>
        <div className="row">
          <PwaControls />
          {signedIn && (
            <button type="button" className="secondary" onClick={() => setSigningOut(true)}>
              {t('signOut')} ({state.user.username})
            </button>
          )}
          {signedIn && signingOut && (
            <Suspense fallback={null}>
              <SignOutDialog onClose={() => setSigningOut(false)} />
            </Suspense>
          )}
        </div>
      </header>
      <main className="app">
        {state.status === 'offline' && (
          <p className="banner" role="status" data-testid="offline-banner">
            {t('offlineBanner')}
          </p>
        )}
        {state.status === 'loading' && <p aria-busy="true">{t('working')}</p>}
        {state.status === 'signed-out' && <SignIn initialError={state.error} />}
        {signedIn && (
          <ModelProvider>
            {/* Another user (a sign-in in another tab) starts from a clean workspace. */}
            <Workspace key={state.user.id} />
          </ModelProvider>
        )}
      </main>
      <footer className="app-footer">
        <HealthStatus />
      </footer>
    </>
  );
}

function Workspace() {
  const { t, language } = useI18n();
  const [tab, setTab] = useState<Tab>('draw');
  const [mode, setMode] = useState(() =>
    localStorage.getItem(modeKey) === 'number' ? 'number' : 'oneDigit',
  );
  const reads = tab === 'draw' || tab === 'upload';
  const number = reads && mode === 'number';
  const [backend, setBackend] = useState<BackendChoice>(initialBackendChoice);
  const [results, setResults] = useState<Recognition[]>([]);
  const [error, setError] = useState<unknown>();
  const recognize = useRecognizer();
  const current = useRef<AbortController | undefined>(undefined);

  const run = useCallback(
    async (images: Parameters<typeof recognize>[0]) => {
      // A newer drawing replaces the request in flight: the worker drops it if not yet started.
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      setError(undefined);
      try {
        const outcome = await recognize(images, backend, controller.signal);
        if (!controller.signal.aborted) setResults(outcome);
      } catch (caught) {
        if (!controller.signal.aborted) setError(caught);
      }
    },
    [recognize, backend],
  );

  const onDrawn = useCallback(
    (image: ImageData | null) => {
      if (!image) {
        current.current?.abort();
        setResults([]);
        return;
      }
      void run([
        {
          name: 'drawing',
          source: { kind: 'pixels', width: image.width, height: image.height, data: image.data },
        },
      ]);
    },
    [run],
  );

  const onFiles = useCallback(
    (files: File[]) =>
      void run(
        files.map((file) => ({
          name: file.name,
          source: { kind: 'file' as const, name: file.name, blob: file },
        })),
      ),
    [run],
  );

  return (
    <>
      <ModelStatus />
      <nav className="tabs" aria-label="Cifra">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            aria-pressed={tab === name}
            onClick={() => {
              setTab(name);
              setResults([]);
            }}
          >
            {t(name)}
          </button>
        ))}
      </nav>
      {reads && (
        <div className="tabs modes" role="group" aria-label={t('readMode')}>
          {modes.map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={mode === name}
              onClick={() => {
                localStorage.setItem(modeKey, name);
                setMode(name);
              }}
            >
              {t(name)}
            </button>
          ))}
        </div>
      )}
      {!number && tab === 'draw' && <DrawingPad onDrawn={onDrawn} />}
      {!number && tab === 'upload' && <FilePicker onFiles={onFiles} />}
      {!number && reads && (
        <section aria-label={t('result')} className="results">
          {error !== undefined && (
            <p role="alert" className="error" data-testid="recognition-error">
              {describeError(error, language)}
            </p>
          )}
          {results.map((recognition, index) => (
            <ResultCard key={`${recognition.name}-${index}`} recognition={recognition} />
          ))}
        </section>
      )}
      <Suspense fallback={<p aria-busy="true">{t('working')}</p>}>
        {number && <NumberView key={tab} input={tab} backend={backend} />}
        {tab === 'teach' && <TeachView backend={backend} />}
        {tab === 'history' && <HistoryView />}
        {tab === 'settings' && (
          <SettingsView
            backend={backend}
            onBackend={(choice) => {
              saveBackendChoice(choice);
              setBackend(choice);
            }}
          />
        )}
      </Suspense>
    </>
  );
}

function ModelStatus() {
  const { t, language } = useI18n();
  const { state, calibrating, personal } = useModel();
  if (state.status === 'loading') {
    return (
      <p className="model-status" data-testid="model-status" data-state="loading">
        {t('modelLoading')} <progress max={state.total || 1} value={state.loaded} />
      </p>
    );
  }
  if (state.status === 'ready') {
    return (
      <p
        className="model-status muted"
        data-testid="model-status"
        data-state="ready"
        data-calibration={calibrating ? 'pending' : 'idle'}
        data-personal={personal ? 'on' : 'off'}
      >
        {t('modelReady', { version: state.version })}
        {personal && ` · ${t('personalBadge')}`}
        {calibrating && ` · ${t('measuringBackends')}`}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p className="model-status error" role="alert" data-testid="model-status" data-state="error">
        {describeError(state.error, language)}
      </p>
    );
  }
  return null;
}
