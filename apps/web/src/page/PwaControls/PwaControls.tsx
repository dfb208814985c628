import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useI18n } from '../i18n/i18n.tsx';
import { whenServiceWorkerAllowed } from '../pwa/service-worker-gate.ts';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

/**
 * iOS Safari outside the installed app: it never fires `beforeinstallprompt`; installing is
 * Share → Add to Home Screen, which only a hint can point to. (iPadOS asks as a Mac with touch.)
 */
export function isIosSafariInBrowser(nav: Navigator = navigator): boolean {
  const ua = nav.userAgent;
  const ios = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && nav.maxTouchPoints > 1);
  const safari = /Safari\//.test(ua) && !/CriOS|FxiOS|EdgiOS|OPiOS|GSA\//.test(ua);
  const standalone =
    (nav as Navigator & { standalone?: boolean }).standalone === true ||
    window.matchMedia('(display-mode: standalone)').matches;
  return ios && safari && !standalone;
}

const iosHintDismissedKey = 'cifra:ios-install-hint-dismissed';

/**
 * The install button (when the browser offers it), on iOS Safari the "Share → Add to Home
 * Screen" hint instead, and, once the service worker may register (see service-worker-gate.ts),
 * the update prompt.
 */
export function PwaControls() {
  const { t } = useI18n();
  const [installEvent, setInstallEvent] = useState<BeforeInstallPromptEvent>();
  const [registerNow, setRegisterNow] = useState(false);
  const [iosHint, setIosHint] = useState(
    () => isIosSafariInBrowser() && localStorage.getItem(iosHintDismissedKey) === null,
  );

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
      {iosHint && (
        <p className="install-hint" role="note" data-testid="ios-install-hint">
          {t('installIos')}
          <button
            type="button"
            className="link"
            onClick={() => {
              localStorage.setItem(iosHintDismissedKey, '1');
              setIosHint(false);
            }}
          >
            {t('dismiss')}
          </button>
        </p>
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
