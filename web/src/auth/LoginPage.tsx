import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useAuth } from './AuthContext.js';
import { SsoSignIn, useSsoStatus } from './SsoSignIn.js';

export function LoginPage() {
  const { signIn, error: loadError } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sso = useSsoStatus();
  const passwords = sso?.passwordSignIn ?? true;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="panel login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to tutorloop</h1>
        <p className="muted">Rate, rank and write model outputs in your field of expertise.</p>
        <SsoSignIn status={sso} />
        {passwords ? (
          <>
            <label htmlFor="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </>
        ) : null}
        {error instanceof ApiError && error.status === 401 ? (
          <div className="error" role="alert">
            <p className="error-title">That email and password do not match an account.</p>
          </div>
        ) : error ? (
          <ErrorMessage error={error} doing="sign you in" />
        ) : loadError ? (
          <ErrorMessage error={loadError} />
        ) : null}
      </form>
    </main>
  );
}
