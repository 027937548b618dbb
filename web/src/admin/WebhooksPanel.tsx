/** Admin: webhook endpoints (add, switch on/off, rotate the secret), each with its delivery log and redelivery. */
import { type FormEvent, useState } from 'react';
import type { WebhookDeliveryList, WebhookEndpointCreated, WebhookEndpointList, WebhookEvent } from '../../../src/domain/api/webhooks.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useAsync } from '../lib/useAsync.js';
import { adminStrings } from '../strings/admin.js';

const S = adminStrings.webhooks;

/** The events an endpoint can ask for (the server's list; `generation.finished` is reserved). */
const EVENTS: WebhookEvent[] = [
  'annotation.submitted',
  'task.completed',
  'project.completed',
  'review.decided',
  'certification.granted',
  'certification.suspended',
  'export.ready',
  'import.finished',
  'generation.finished',
];

export function WebhooksPanel() {
  const list = useAsync(() => request<WebhookEndpointList>('/api/webhooks'), []);
  const [secret, setSecret] = useState<WebhookEndpointCreated | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{S.title}</h2>
      <p className="muted">{S.intro}</p>
      {secret ? (
        <div className="notice" role="status">
          <p>
            {S.secret(secret.endpoint.id)}
            <code>{secret.secret}</code>
          </p>
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} doing={S.doing} /> : null}
      {list.error ? <ErrorMessage error={list.error} /> : null}
      <table className="data">
        <thead>
          <tr>
            <th>{S.url}</th>
            <th>{S.project}</th>
            <th>{S.events}</th>
            <th>{S.state}</th>
            <th>{S.pending}</th>
            <th>{S.dead}</th>
            <th>{S.actions}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.endpoints ?? []).map((e) => (
            <tr key={e.id}>
              <td>{e.url}</td>
              <td>{e.projectId ?? S.allProjects}</td>
              <td>{e.events.join(', ')}</td>
              <td title={e.disabledReason ?? undefined}>{e.enabled ? S.on : e.disabledReason ? S.failing : S.off}</td>
              <td>{e.pending}</td>
              <td>{e.dead}</td>
              <td>
                <button type="button" onClick={() => setOpen(open === e.id ? null : e.id)}>
                  {open === e.id ? S.hideLog : S.showLog}
                </button>{' '}
                <button
                  type="button"
                  onClick={() => act(() => request(`/api/webhooks/${e.id}`, { method: 'PATCH', body: { enabled: !e.enabled } }))}
                >
                  {e.enabled ? S.switchOff : S.switchOn}
                </button>{' '}
                <button
                  type="button"
                  onClick={() =>
                    act(async () => setSecret(await request<WebhookEndpointCreated>(`/api/webhooks/${e.id}/secret`, { method: 'POST' })))
                  }
                >
                  {S.newSecret}
                </button>{' '}
                <button type="button" onClick={() => act(() => request(`/api/webhooks/${e.id}`, { method: 'DELETE' }))}>
                  {S.remove}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null ? <DeliveryLog endpointId={open} /> : null}
      <AddEndpoint onAdded={(made) => act(async () => setSecret(made))} />
    </section>
  );
}

function DeliveryLog({ endpointId }: { endpointId: number }) {
  const log = useAsync(() => request<WebhookDeliveryList>(`/api/webhooks/${endpointId}/deliveries?limit=100`), [endpointId]);
  const redeliver = async (id: number) => {
    await request(`/api/webhook-deliveries/${id}/redeliver`, { method: 'POST' });
    await log.reload();
  };
  if (log.error) return <ErrorMessage error={log.error} />;
  return (
    <table className="data" aria-label={S.log.label(endpointId)}>
      <thead>
        <tr>
          <th>{S.log.messageId}</th>
          <th>{S.log.event}</th>
          <th>{S.log.status}</th>
          <th>{S.log.attempts}</th>
          <th>{S.log.http}</th>
          <th>{S.log.latency}</th>
          <th>{S.log.lastError}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {(log.data?.deliveries ?? []).map((d) => (
          <tr key={d.id}>
            <td>
              <code>{d.messageId}</code>
            </td>
            <td>{d.event}</td>
            <td>{d.status}</td>
            <td>{d.attempts}</td>
            <td>{d.lastStatus ?? S.log.none}</td>
            <td>{d.lastLatencyMs === null ? S.log.none : S.log.ms(d.lastLatencyMs)}</td>
            <td>{d.lastError ?? ''}</td>
            <td>
              <button type="button" onClick={() => void redeliver(d.id)}>
                {S.log.again}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddEndpoint({ onAdded }: { onAdded: (made: WebhookEndpointCreated) => void }) {
  const [url, setUrl] = useState('');
  const [project, setProject] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['task.completed']);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { url: url.trim(), events, projectId: project.trim() ? Number(project) : null };
      onAdded(await request<WebhookEndpointCreated>('/api/webhooks', { method: 'POST', body }));
      setUrl('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="add-webhook">
      <h3 id="add-webhook">{S.add.title}</h3>
      <label htmlFor="webhook-url">{S.add.url}</label>
      <input id="webhook-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
      <label htmlFor="webhook-project">{S.add.project}</label>
      <input id="webhook-project" inputMode="numeric" value={project} onChange={(e) => setProject(e.target.value)} />
      <fieldset>
        <legend>{S.add.events}</legend>
        {EVENTS.map((ev) => (
          <label key={ev}>
            <input
              type="checkbox"
              checked={events.includes(ev)}
              onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
            />{' '}
            {ev}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={events.length === 0}>
        {S.add.submit}
      </button>
      {error ? <ErrorMessage error={error} doing={S.add.doing} /> : null}
    </form>
  );
}
