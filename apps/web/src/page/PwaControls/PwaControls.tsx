import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useI18n } from '../i18n/i18n.tsx';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

/** The install button (when the browser offers it) and the update prompt (reloads only on consent). */
export function PwaControls() {
  const { t } = useI18n();
  const [installEvent, setInstallEvent] = useState<BeforeInstallPromptEvent>();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();

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
