/**
 * Who is signed in. Loads `/api/me` once; any 401 from any call clears it, which shows the sign-in page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from '../api/client.js';
import type { Me } from '../api/types.js';
import { signOutEverywhere } from './SsoSignIn.js';

interface AuthState {
  me: Me | null;
  /** True until the first `/api/me` answer. */
  loading: boolean;
  /** A failure other than "not signed in" (e.g. the server is down). */
  error: unknown;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      setMe(await api.me());
      setError(null);
    } catch (err) {
      setMe(null);
      if (!(err instanceof ApiError && err.status === 401)) setError(err);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthorized(() => setMe(null));
  }, [refresh]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      await api.signIn(email, password);
      await refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await signOutEverywhere();
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, loading, error, signIn, signOut, refresh }), [me, loading, error, signIn, signOut, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export function isManager(me: Me | null): boolean {
  return me?.user.role === 'manager' || me?.user.role === 'admin';
}
