import { useState, type FormEvent } from 'react';
import { useSession } from './lib/session';

export function LoginPage() {
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="login">
      <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <h1>Interdict</h1>
        <p className="muted">Crime-gun intelligence. Authorised law-enforcement use only; every access is audited.</p>
        <label>
          Username
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
