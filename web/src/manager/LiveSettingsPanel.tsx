/** A conversation project's live settings: which model endpoints answer a tutor's live turn, and how many samples each. */
import { useState } from 'react';
import { liveApi } from '../api/live.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';

const t = strings.liveSettings;

export function LiveSettingsPanel({ projectId }: { projectId: number }) {
  const { data, error, loading, reload, setData } = useAsync(() => liveApi.settings(projectId), [projectId]);
  const [endpoints, setEndpoints] = useState<string | null>(null);
  const [samples, setSamples] = useState<number | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const current = data?.settings ?? null;
  const names = endpoints ?? current?.endpoints.join(', ') ?? '';
  const count = samples ?? current?.samples ?? 1;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setSaveError(null);
    setSaved(false);
    try {
      const list = names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      setData(await liveApi.setSettings(projectId, { endpoints: list, samples: count }));
      setSaved(true);
    } catch (err) {
      setSaveError(err);
    }
  };

  return (
    <section className="panel" aria-labelledby="live-settings-title">
      <h2 id="live-settings-title">{t.title}</h2>
      {loading && !data && <Loading what={t.loading} />}
      <ErrorMessage error={error} doing={t.doing} onRetry={() => void reload()} />
      {data && <p>{current ? t.on(current.endpoints.join(', '), current.samples, current.replies) : t.off}</p>}
      <form onSubmit={(e) => void save(e)} className="inline-form">
        <label>
          {t.endpoints}
          <input value={names} onChange={(e) => setEndpoints(e.target.value)} required />
        </label>
        <label>
          {t.samples}
          <input type="number" min={1} max={8} value={count} onChange={(e) => setSamples(Number(e.target.value))} />
        </label>
        <button type="submit">{t.save}</button>
      </form>
      <ErrorMessage error={saveError} doing={t.saving} />
      {saved && <p role="status">{t.saved}</p>}
    </section>
  );
}
