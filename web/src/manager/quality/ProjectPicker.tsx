/** The project a dashboard shows, from the URL (`/manage/<panel>/<id>`), with a picker that navigates. */
import type { ReactNode } from 'react';
import { api } from '../../api/client.js';
import type { Project } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Link } from '../../components/Link.js';
import { Loading } from '../../components/Loading.js';
import { match, navigate, usePath } from '../../lib/router.js';
import { useAsync } from '../../lib/useAsync.js';
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.picker;

/** The selected project id (URL, else the first project) and the project list, with the picker element. */
export function useProjectChoice(base: string): { id: string | undefined; projects: Project[]; picker: ReactNode; status: ReactNode } {
  const path = usePath();
  const projects = useAsync(() => api.projects(), []);
  const list = (projects.data?.projects ?? []).filter(
    (p) => (p as { purpose?: string }).purpose === undefined || (p as { purpose?: string }).purpose === 'production',
  );
  const fromUrl = match(`${base}/:id`, path)?.id;
  const id = fromUrl ?? (list[0] ? String(list[0].id) : undefined);
  const picker =
    list.length > 0 ? (
      <label className="inline-select">
        {S.project}{' '}
        <select value={id} onChange={(e) => navigate(`${base}/${e.target.value}`)}>
          {list.map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  const status = (
    <>
      <ErrorMessage error={projects.error} doing={S.doing} onRetry={() => void projects.reload()} />
      {projects.loading && !projects.data && <Loading />}
      {projects.data && list.length === 0 && (
        <p className="empty">
          {S.none} <Link to="/manage/projects/new">{S.create}</Link>.
        </p>
      )}
    </>
  );
  return { id, projects: list, picker, status };
}
