/**
 * Manager dashboards, one lazily loaded chunk. Access is the server's call: a signed-in user whose
 * role is below manager sees what the server answers for a manager-only request (403), in words.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { api } from '../api/client.js';
import { isManager, useAuth } from '../auth/AuthContext.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { Redirect } from '../components/Redirect.js';
import { match } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';
import { PANELS } from './panels.js';
import { PeoplePage } from './PeoplePage.js';
import { ProjectDetail } from './ProjectDetail.js';
import { ProjectForm } from './ProjectForm.js';
import { ProjectsPage } from './ProjectsPage.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.app;

const ProgressPage = lazy(() => import('./ProgressPage.js'));
const TasksPage = lazy(() => import('./TasksPage.js').then((m) => ({ default: m.TasksPage })));
const TaskPage = lazy(() => import('./TaskPage.js').then((m) => ({ default: m.TaskPage })));
const ExamsPage = lazy(() => import('./ExamsPage.js').then((m) => ({ default: m.ExamsPage })));
const ExamBankPage = lazy(() => import('./ExamBankPage.js').then((m) => ({ default: m.ExamBankPage })));
const ProjectSettingsPage = lazy(() => import('./settings/ProjectSettingsPage.js').then((m) => ({ default: m.ProjectSettingsPage })));

export default function ManagerApp({ path }: { path: string }) {
  const { me } = useAuth();
  if (!isManager(me)) return <Refused />;
  return (
    <main id="main" className="page manager">
      <nav className="subnav" aria-label={S.nav}>
        <Link to="/manage/projects" aria-current={path.startsWith('/manage/projects') ? 'page' : undefined}>
          {S.projects}
        </Link>
        <Link to="/manage/progress" aria-current={path.startsWith('/manage/progress') ? 'page' : undefined}>
          {S.progress}
        </Link>
        <Link to="/manage/people" aria-current={path.startsWith('/manage/people') ? 'page' : undefined}>
          {S.people}
        </Link>
        <Link to="/manage/exams" aria-current={path.startsWith('/manage/exams') ? 'page' : undefined}>
          {strings.exams.nav}
        </Link>
        {PANELS.map((p) => (
          <Link key={p.path} to={p.path} aria-current={path.startsWith(p.path) ? 'page' : undefined}>
            {p.title}
          </Link>
        ))}
      </nav>
      <Suspense fallback={<Loading />}>{route(path)}</Suspense>
    </main>
  );
}

function route(path: string): ReactNode {
  if (path === '/manage' || path === '/manage/') return <Redirect to="/manage/projects" />;
  if (path === '/manage/projects') return <ProjectsPage />;
  if (path === '/manage/projects/new') return <ProjectForm />;
  const task = match('/manage/tasks/:id', path);
  if (task) return <TaskPage id={task.id} />;
  const tasks = match('/manage/projects/:id/tasks', path);
  if (tasks) return <TasksPage id={tasks.id} />;
  const settings = match('/manage/projects/:id/settings', path);
  if (settings) return <ProjectSettingsPage id={settings.id} />;
  const detail = match('/manage/projects/:id', path);
  if (detail) return <ProjectDetail id={detail.id} />;
  if (path === '/manage/progress') return <ProgressPage />;
  const progress = match('/manage/progress/:id', path);
  if (progress) return <ProgressPage id={progress.id} />;
  if (path === '/manage/people') return <PeoplePage />;
  if (path === '/manage/exams') return <ExamsPage />;
  if (path === '/manage/exams/bank') return <ExamBankPage />;
  const panel = PANELS.find((p) => path.startsWith(p.path));
  if (panel) return <panel.Component />;
  return (
    <p>
      {S.noPage} <Link to="/manage/projects">{S.home}</Link>.
    </p>
  );
}

/** Not a manager by the client's view of the role: ask the server, and show its answer. */
function Refused() {
  const check = useAsync(() => api.users(), []);
  if (check.loading)
    return (
      <main id="main" className="page">
        <Loading what={S.checking} />
      </main>
    );
  return (
    <main id="main" className="page">
      <h1>{S.refusedTitle}</h1>
      {check.error ? <ErrorMessage error={check.error} doing={S.refusedDoing} /> : <p>{S.refusedText}</p>}
      <p>
        <Link to="/">{S.back}</Link>
      </p>
    </main>
  );
}
