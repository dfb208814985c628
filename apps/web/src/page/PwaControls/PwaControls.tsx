import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useI18n } from '../i18n/i18n.tsx';
import { whenServiceWorkerAllowed } from '../pwa/service-worker-gate.ts';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

/**
 * The install button (when the browser offers it) and, once the service worker may register
 * (see service-worker-gate.ts), the update prompt.
 */
export function PwaControls() {
  const { t } = useI18n();
  const [installEvent, setInstallEvent] = useState<BeforeInstallPromptEvent>();
  const [registerNow, setRegisterNow] = useState(false);

  useEffect(() => {
    let live = true;
    void whenServiceWorkerAllowed().then(() => live && setRegisterNow(true));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const offer = (event: Event) => {
      event.preventDefault();
      setInstallEvent(event as BeforeInstallPromptEvent);
    };
    window.addEventListener('beforeinstallprompt', offer);
    return () => window.removeEventListener('beforeinstallprompt', offer);
  }, []);

  return (
    <>
      {installEvent && (
        <button
          type="button"
          className="install"
          onClick={() => void installEvent.prompt().then(() => setInstallEvent(undefined))}
        >
          {t('install')}
        </button>
      )}
      {registerNow && <UpdatePrompt />}
    </>
  );
}

/** Registers the service worker and offers a new version when one waits (reloads only on consent). */
function UpdatePrompt() {
  const { t } = useI18n();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  return (
    <>
      {needRefresh && (
        <div className="update" role="status">
          {t('updateReady')}
          <button type="button" onClick={() => void updateServiceWorker(true)}>
            {t('reload')}
          </button>
          <button type="button" className="link" onClick={() => setNeedRefresh(false)}>
            {t('later')}
          </button>
        </div>
      )}
    </>
  );
}
