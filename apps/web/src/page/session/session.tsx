import { sessionSchema, type PublicUser, type Session } from '@cifra/contracts';
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
import {
  api,
  ApiRequestError,
  onOtherTabs,
  refreshSharedSession,
  setAccessToken,
  shareSession,
  shareSignOut,
  type SharedSession,
} from '../api/api-client.ts';

/** Who last signed in on this device (not a secret): lets the app open offline. */
const lastUserKey = 'cifra:last-user';

/**
 * Removes what this user left on this device: their results and numbers read (history and
 * cached answers), their handwriting samples and personal model, and their own choices. The
 * model and the calibration stay: they are the same for everyone here.
 */
async function forgetDeviceData(userId: string): Promise<void> {
  const [{ clearResults }, { forgetContributionSetting }] = await Promise.all([
    import('../recognition/number-history.ts'),
    import('../recognition/contribution-setting.ts'),
  ]);
  forgetContributionSetting(userId);
  await clearResults(userId);
  const { resetPersonal } = await import('../personal/personal-store.ts');
  await resetPersonal(userId);
}

export type SessionState =
  | { status: 'loading' }
  /** A returning user while the edge confirms the session: the app (model, pad) is usable. */
  | { status: 'resuming'; user: PublicUser }
  | { status: 'signed-out'; error?: ApiRequestError }
  | { status: 'signed-in'; user: PublicUser }
  | { status: 'offline'; user: PublicUser };

interface SessionApi {
  state: SessionState;
  signIn(mode: 'login' | 'register', username: string, password: string): Promise<void>;
  /** Signs out this browser (every tab); `removeData` also erases this user's data on the device. */
  signOut(options: { removeData: boolean }): Promise<void>;
  /** New password; every other session of the account ends, this device gets a fresh one. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Ends every session of the account, this device's too. */
  signOutEverywhere(): Promise<void>;
  /** Erases the account on the edge, then everything of this user on this device. */
  deleteAccount(password: string): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

function rememberedUser(): PublicUser | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(lastUserKey) ?? 'null') as PublicUser | null;
    return value?.id && value.username ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The refresh started as the page loads, before React renders: the first restore() uses it. */
let initialRefresh: Promise<SharedSession> | undefined;

/** Starts asking the edge for a session now (call once, before the first render). */
export function beginSessionRefresh(): void {
  initialRefresh = refreshSharedSession();
  initialRefresh.catch(() => {});
}

/** Holds the session: access token in memory, refreshed from the cookie on load and before expiry. */
export function SessionProvider({ children }: { children: ReactNode }) {
  // Whoever signed in last on this device gets the app at once; the edge confirms (or not) after.
  const [state, setState] = useState<SessionState>(() => {
    const remembered = rememberedUser();
    return remembered ? { status: 'resuming', user: remembered } : { status: 'loading' };
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const restoreRef = useRef<() => Promise<void>>(async () => {});

  /** Signed out on this device: no token, no remembered user. */
  const forget = useCallback(() => {
    clearTimeout(timer.current);
    setAccessToken(undefined);
    localStorage.removeItem(lastUserKey);
    setState({ status: 'signed-out' });
  }, []);

  /** Takes a session: this tab's own, or one another tab got (`at` says when it was issued). */
  const adopt = useCallback(({ session, at }: Pick<SharedSession, 'session' | 'at'>) => {
    setAccessToken(session.accessToken);
    localStorage.setItem(lastUserKey, JSON.stringify(session.user));
    setState({ status: 'signed-in', user: session.user });
    clearTimeout(timer.current);
    // Refresh a minute before the access token expires.
    const left = session.expiresIn - (Date.now() - at) / 1000;
    timer.current = setTimeout(() => void restoreRef.current(), Math.max(10, left - 60) * 1000);
  }, []);

  /** A session this tab got from the edge: adopted here and handed to the other tabs. */
  const adoptOwn = useCallback((session: Session) => adopt(shareSession(session)), [adopt]);

  // Other tabs of this browser: a session they got (sign-in, refresh) or their sign-out.
  useEffect(
    () =>
      onOtherTabs((message) => {
        if (message.type === 'session') adopt(message.shared);
        // Another tab's failed refresh (offline, 503, 429) says nothing about this tab's session.
        else if (message.type === 'signed-out') forget();
      }),
    [adopt, forget],
  );

  const restore = useCallback(async () => {
    const pending = initialRefresh ?? refreshSharedSession();
    initialRefresh = undefined;
    try {
      adopt(await pending);
    } catch (error) {
      const remembered = rememberedUser();
      if (error instanceof ApiRequestError && error.code === 'network' && remembered) {
        setState({ status: 'offline', user: remembered });
      } else {
        setAccessToken(undefined);
        setState({
          status: 'signed-out',
          ...(error instanceof ApiRequestError && error.status !== 401 ? { error } : {}),
        });
      }
    }
  }, [adopt]);
  useEffect(() => {
    restoreRef.current = restore;
  }, [restore]);

  useEffect(() => {
    // Asking the edge for a session on load is the effect's job; its answer is state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void restore();
    const online = () => void restore();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      clearTimeout(timer.current);
    };
  }, [restore]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      async signIn(mode, username, password) {
        const path = mode === 'login' ? '/api/auth/login' : '/api/auth/register';
        adoptOwn(
          await api(path, { method: 'POST', json: { username, password } }, (body) =>
            sessionSchema.parse(body),
          ),
        );
      },
      async signOut({ removeData }) {
        const user = 'user' in state ? state.user : undefined;
        await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
        if (removeData && user) await forgetDeviceData(user.id).catch(() => {});
        shareSignOut();
        forget();
      },
      async changePassword(currentPassword, newPassword) {
        adoptOwn(
          await api(
            '/api/auth/password',
            { method: 'POST', json: { currentPassword, newPassword } },
            (body) => sessionSchema.parse(body),
          ),
        );
      },
      async signOutEverywhere() {
        await api('/api/auth/logout-all', { method: 'POST' });
        shareSignOut();
        forget();
      },
      async deleteAccount(password) {
        const user = 'user' in state ? state.user : undefined;
        await api('/api/me', { method: 'DELETE', json: { password } });
        if (user) await forgetDeviceData(user.id);
        shareSignOut();
        forget();
      },
    }),
    [state, adoptOwn, forget],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in (or resuming, or offline) user; only for views shown to one. */
export function useUser(): PublicUser {
  const { state } = useSession();
  if (!('user' in state)) throw new Error('useUser needs a signed-in user');
  return state.user;
}

export function useSession(): SessionApi {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession needs <SessionProvider>');
  return context;
}
