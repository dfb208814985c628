import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '../api/api-client.ts';
import { describeError } from '../i18n/describe-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { useAccountText } from './account-messages.ts';

type Status =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; error: unknown };

/** Settings → Account: change the password, sign out everywhere, delete the account. */
export function AccountSettings() {
  const { t, language } = useI18n();
  const ta = useAccountText();
  const session = useSession();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const online = session.state.status === 'signed-in';

  const explain = (error: unknown) =>
    error instanceof ApiRequestError && error.code === 'invalid_credentials'
      ? ta('wrongPassword')
      : describeError(error, language);

  async function run(action: () => Promise<void>, done?: string) {
    setStatus({ kind: 'busy' });
    try {
      await action();
      setStatus(done ? { kind: 'done', message: done } : { kind: 'idle' });
    } catch (error) {
      setStatus({ kind: 'error', error });
    }
  }

  function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reset = () => event.currentTarget?.reset();
    void run(async () => {
      await session.changePassword(String(form.get('currentPassword')), String(form.get('newPassword')));
      reset();
    }, ta('passwordChanged'));
  }

  function deleteAccount(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password'));
    void run(() => session.deleteAccount(password));
  }

  const busy = status.kind === 'busy' || !online;
  return (
    <section className="stack" aria-labelledby="account-title" data-testid="account-settings">
      <h3 id="account-title">{ta('account')}</h3>
      {!online && <p className="muted">{ta('accountNeedsNetwork')}</p>}
      <form className="stack" onSubmit={changePassword} aria-label={ta('changePassword')}>
        <label>
          {ta('currentPassword')}
          <input name="currentPassword" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {ta('newPassword')}
          <input name="newPassword" type="password" autoComplete="new-password" minLength={8} required />
        </label>
        <button type="submit" disabled={busy}>
          {ta('changePassword')}
        </button>
      </form>
      <div className="stack">
        <p className="muted">{ta('signOutEverywhereExplained')}</p>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void run(session.signOutEverywhere)}
        >
          {ta('signOutEverywhere')}
        </button>
      </div>
      {!confirmingDelete ? (
        <button type="button" className="danger" disabled={busy} onClick={() => setConfirmingDelete(true)}>
          {ta('deleteAccount')}
        </button>
      ) : (
        <form className="stack danger-zone" onSubmit={deleteAccount} aria-label={ta('deleteAccount')}>
          <p role="alert">{ta('deleteAccountWarning')}</p>
          <label>
            {t('password')}
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <div className="row">
            <button type="submit" className="danger" disabled={busy}>
              {ta('deleteAccountConfirm')}
            </button>
            <button type="button" className="link" onClick={() => setConfirmingDelete(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {status.kind === 'done' && (
        <p role="status" data-testid="account-status">
          {status.message}
        </p>
      )}
      {status.kind === 'error' && (
        <p role="alert" className="error" data-testid="account-error">
          {explain(status.error)}
        </p>
      )}
    </section>
  );
}
