import { useSession } from '../../lib/session';

export function HomePage() {
  const { me } = useSession();
  return (
    <section>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong>{me?.displayName}</strong> ({me?.roles.join(', ')}) of agency <code>{me?.agency}</code>,
        scope: {me?.scope}.
      </p>
      <p className="muted">Traces, suspect-gun alerts, multiple sales and detection appear here as they arrive.</p>
    </section>
  );
}
