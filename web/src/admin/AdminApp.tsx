/**
 * The admin console's frame, one lazily loaded chunk: a sub-navigation built from ADMIN_PAGES and the
 * page the path names. The role check here only decides what to show; the server refuses the calls.
 */
import { Suspense } from 'react';
import { useAuth } from '../auth/AuthContext.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { Redirect } from '../components/Redirect.js';
import { ROLE_RANK } from '../lib/roles.js';
import { ADMIN_HOME, ADMIN_PAGES, adminPageOf } from './pages.js';
import { adminStrings } from '../strings/admin.js';

const S = adminStrings.console;

export default function AdminApp({ path }: { path: string }) {
  const { me } = useAuth();
  const role = me?.user.role ?? 'tutor';
  const allowed = ADMIN_PAGES.filter((p) => ROLE_RANK[role] >= ROLE_RANK[p.minRole]);
  if (path === '/admin' || path === '/admin/') return <Redirect to={allowed.find((p) => p.path === ADMIN_HOME)?.path ?? allowed[0].path} />;
  const page = adminPageOf(path);
  return (
    <main id="main" className="page admin">
      <nav className="subnav" aria-label={S.nav}>
        {allowed.map((p) => (
          <Link key={p.path} to={p.path} aria-current={page === p ? 'page' : undefined}>
            {p.title}
          </Link>
        ))}
      </nav>
      {!page ? (
        <p>
          {S.noPage} <Link to="/admin">{S.home}</Link>.
        </p>
      ) : ROLE_RANK[role] < ROLE_RANK[page.minRole] ? (
        <section aria-labelledby="refused-title">
          <h1 id="refused-title">{page.title}</h1>
          <p className="error" role="alert">
            {S.refused(page.minRole, role)}
          </p>
        </section>
      ) : (
        <Suspense fallback={<Loading />}>
          <page.Component path={path} />
        </Suspense>
      )}
    </main>
  );
}
