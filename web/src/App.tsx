/**
 * The shell: who is signed in, the header, and which page a path shows. The manager dashboards
 * (and ECharts with them) are a separate chunk, loaded only when a manager page is opened.
 */
import { lazy, Suspense } from 'react';
import { AuthProvider, isManager, useAuth } from './auth/AuthContext.js';
import { LoginPage } from './auth/LoginPage.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { ErrorMessage } from './components/ErrorMessage.js';
import { Link } from './components/Link.js';
import { Loading } from './components/Loading.js';
import { Redirect } from './components/Redirect.js';
import { match, usePath } from './lib/router.js';
import { strings } from './strings/index.js';
import { HomePage } from './tutor/HomePage.js';
import { Workspace } from './tutor/Workspace.js';
import { LiveChat } from './tutor/live/LiveChat.js';
import { UnreadBadge } from './tutor/quality/UnreadBadge.js';

const ManagerApp = lazy(() => import('./manager/ManagerApp.js'));
const AdminApp = lazy(() => import('./admin/AdminApp.js'));
/** The admin console: its pages are listed in admin/pages.ts. */
const ADMIN = /^\/(admin|audit)(\/|$)/;
/** The tutor's past answers, on demand. */
const MyWorkPage = lazy(() => import('./tutor/MyWorkPage.js'));
const QualityLoopPages = lazy(() => import('./tutor/quality/QualityLoopPages.js'));
/** Pages of the quality loop: My quality, practice, exams, review queue. */
const QUALITY_LOOP = /^\/(quality|practice|exams|review)(\/|$)/;

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}

function Shell() {
  const { me, loading, error, refresh } = useAuth();
  const path = usePath();
  if (loading) return <Loading what="Starting tutorloop" />;
  if (!me) {
    if (error)
      return (
        <main className="login">
          <ErrorMessage error={error} doing="reach tutorloop" onRetry={() => void refresh()} />
        </main>
      );
    return <LoginPage />;
  }
  if (path === '/login') return <Redirect to="/" />;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <ErrorBoundary resetKey={path}>
        <Page path={path} />
      </ErrorBoundary>
    </>
  );
}

function Page({ path }: { path: string }) {
  const { me } = useAuth();
  const work = match('/work/:projectId', path);
  if (work) return <Workspace projectId={work.projectId} />;
  const live = match('/live/:projectId', path);
  if (live) return <LiveChat projectId={live.projectId} />;
  if (path === '/manage' || path.startsWith('/manage/')) {
    return (
      <Suspense fallback={<Loading what="Loading the dashboards" />}>
        <ManagerApp path={path} />
      </Suspense>
    );
  }
  if (ADMIN.test(path)) {
    return (
      <Suspense fallback={<Loading what="Loading the admin console" />}>
        <AdminApp path={path} />
      </Suspense>
    );
  }
  if (path === '/my-work') {
    return (
      <Suspense fallback={<Loading what="Loading" />}>
        <MyWorkPage />
      </Suspense>
    );
  }
  if (QUALITY_LOOP.test(path)) {
    return (
      <Suspense fallback={<Loading what="Loading" />}>
        <QualityLoopPages path={path} />
      </Suspense>
    );
  }
  // A manager's home is the projects overview; the tutor's "Your work" page is not theirs.
  if (path === '/') return isManager(me) ? <Redirect to="/manage/projects" /> : <HomePage />;
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at <code>{path}</code>. <Link to="/">Go to your projects</Link>.
      </p>
    </main>
  );
}

function Header() {
  const { me, signOut } = useAuth();
  const path = usePath();
  const current = (p: string) => (path === p || (p !== '/' && path.startsWith(p)) ? 'page' : undefined);
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        tutorloop
      </Link>
      <nav aria-label="Main">
        {!isManager(me) && (
          <Link to="/" aria-current={current('/')}>
            Work
          </Link>
        )}
        {(me?.user.role === 'tutor' || me?.user.role === 'reviewer') && (
          <>
            <Link to="/my-work" aria-current={current('/my-work')}>
              {strings.tutor.myWork.title}
            </Link>
            <Link to="/quality" aria-current={current('/quality')}>
              My quality
              <UnreadBadge />
            </Link>
            <Link to="/practice" aria-current={current('/practice')}>
              Practice
            </Link>
          </>
        )}
        {me && me.user.role !== 'tutor' && (
          <Link to="/review" aria-current={current('/review')}>
            Review
          </Link>
        )}
        {isManager(me) && (
          <>
            <Link to="/manage/projects" aria-current={current('/manage/projects')}>
              Projects
            </Link>
            <Link to="/manage/progress" aria-current={current('/manage/progress')}>
              Progress
            </Link>
            <Link to="/manage/people" aria-current={current('/manage/people')}>
              People
            </Link>
          </>
        )}
        {me?.user.role === 'admin' && (
          <Link to="/admin" aria-current={ADMIN.test(path) ? 'page' : undefined}>
            Admin
          </Link>
        )}
      </nav>
      <div className="whoami">
        <span className="muted" title={me?.user.email}>
          {me?.user.name}
        </span>
        {me?.user.role !== 'admin' && (
          <Link to="/admin/tokens" aria-current={current('/admin/tokens')}>
            API tokens
          </Link>
        )}
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
