import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { useSignOutText } from './sign-out-messages.ts';
import './sign-out-dialog.css';

/**
 * Sign-out on a device others may use too: keep this user's history and cached answers here for
 * their next sign-in (nobody else sees them either way), or remove them from the device. The
 * model and the device's calibration stay: they are the same for everyone.
 */
export function SignOutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const ts = useSignOutText();
  const { signOut } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const choose = (removeData: boolean) => {
    setBusy(true);
    void signOut({ removeData }).finally(onClose);
  };

  return (
    <dialog
      ref={dialog}
      className="card stack sign-out"
      aria-labelledby="sign-out-title"
      data-testid="sign-out-dialog"
      onCancel={onClose}
    >
      <h2 id="sign-out-title">{ts('signOutTitle')}</h2>
      <p>{ts('signOutExplained')}</p>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => choose(false)}>
          {ts('signOutKeepData')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => choose(true)}>
          {ts('signOutRemoveData')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onClose}>
          {t('cancel')}
        </button>
      </div>
    </dialog>
  );
}
