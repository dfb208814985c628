import { useState, type FormEvent } from 'react';
import type { ApiRequestError } from '../api/api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { describeError } from '../i18n/describe-error.ts';

/** Sign in or create an account. */
export function SignIn({ initialError }: { initialError?: ApiRequestError | undefined }) {
  const { t, language } = useI18n();
  const { signIn } = useSession();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [busy, setBusy] = useState(false);
  // The failure itself, worded when shown: a language switch words it again.
  const [error, setError] = useState<unknown>(initialError);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await signIn(mode, String(form.get('username') ?? ''), String(form.get('password') ?? ''));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="signin-title">
      <h2 id="signin-title">{mode === 'login' ? t('signIn') : t('register')}</h2>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            required
            minLength={3}
            maxLength={32}
            autoCapitalize="none"
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'login' ? 1 : 8}
            maxLength={256}
          />
        </label>
        {error !== undefined && (
          <p role="alert" className="error" data-testid="auth-error">
            {describeError(error, language)}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('working') : mode === 'login' ? t('signIn') : t('register')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => setMode(mode === 'login' ? 'register' : 'login')}
        >
          {mode === 'login' ? t('needAccount') : t('haveAccount')}
        </button>
      </form>
    </section>
  );
}
