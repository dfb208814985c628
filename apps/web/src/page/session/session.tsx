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
import { api, ApiRequestError, refreshSession, setAccessToken } from '../api/api-client.ts';

/** Who last signed in on this device (not a secret): lets the app open offline. */
const lastUserKey = 'cifra:last-user';

/** What a deleted account leaves on this device: its history and its own choices. */
async function forgetDeviceData(): Promise<void> {
  const { clearResults } = await import('../recognition/results-store.ts');
  await clearResults();
  for (const key of Object.keys(localStorage)) if (key.startsWith('cifra:')) localStorage.removeItem(key);
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
  signOut(): Promise<void>;
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
let initialRefresh: Promise<Session> | undefined;

/** Starts asking the edge for a session now (call once, before the first render). */
export function beginSessionRefresh(): void {
  initialRefresh = refreshSession();
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

  const adopt = useCallback((session: Session) => {
    setAccessToken(session.accessToken);
    localStorage.setItem(lastUserKey, JSON.stringify(session.user));
    setState({ status: 'signed-in', user: session.user });
    clearTimeout(timer.current);
    // Refresh a minute before the access token expires.
    timer.current = setTimeout(() => void restoreRef.current(), Math.max(10, session.expiresIn - 60) * 1000);
  }, []);

  const restore = useCallback(async () => {
    const pending = initialRefresh ?? refreshSession();
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
        adopt(
          await api(path, { method: 'POST', json: { username, password } }, (body) =>
            sessionSchema.parse(body),
          ),
        );
      },
      async signOut() {
        await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
        forget();
      },
      async changePassword(currentPassword, newPassword) {
        adopt(
          await api(
            '/api/auth/password',
            { method: 'POST', json: { currentPassword, newPassword } },
            (body) => sessionSchema.parse(body),
          ),
        );
      },
      async signOutEverywhere() {
        await api('/api/auth/logout-all', { method: 'POST' });
        forget();
      },
      async deleteAccount(password) {
        await api('/api/me', { method: 'DELETE', json: { password } });
        await forgetDeviceData();
        forget();
      },
    }),
    [state, adopt, forget],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession needs <SessionProvider>');
  return context;
}
