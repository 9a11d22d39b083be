import { NavLink, Outlet } from 'react-router-dom';
import { useSession } from './lib/session';
import { ROUTES } from './routes';

const SECTIONS = ['Work', 'Intelligence', 'Oversight', 'Admin'] as const;

export function Layout() {
  const { me, logout, can } = useSession();
  const visible = ROUTES.filter((r) => r.nav && (!r.permission || can(r.permission)));
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Interdict</div>
        {SECTIONS.map((s) => {
          const items = visible.filter((r) => r.nav!.section === s);
          if (items.length === 0) return null;
          return (
            <nav key={s} aria-label={s}>
              <h2>{s}</h2>
              {items.map((r) => (
                <NavLink key={r.path} to={r.path} end={r.path === '/'}>
                  {r.nav!.label}
                </NavLink>
              ))}
            </nav>
          );
        })}
      </aside>
      <div className="main">
        <header className="topbar">
          <span data-testid="whoami">
            {me?.displayName} · {me?.agency}
          </span>
          <button type="button" onClick={() => void logout()}>
            Sign out
          </button>
        </header>
        <main>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
