/**
 * Admin: the OpenAI-compatible model endpoints. Register one (the API key is sent once and never shown
 * again: the server stores it encrypted), test it (latency and reply), see its calls and cost, remove it.
 */
import { useState, type FormEvent } from 'react';
import { modelsApi, type ModelEndpoint, type ModelTestResult } from '../api/models.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { useAsync } from '../lib/useAsync.js';
import { JudgesSection } from './JudgesSection.js';
import { adminStrings } from '../strings/admin.js';

const S = adminStrings.models;

const EMPTY = { name: '', baseUrl: '', model: '', apiKey: '', priceIn: '', priceOut: '', concurrency: '4', rpm: '60', timeoutMs: '60000' };
type InputProps = { type?: string; placeholder?: string; min?: string; step?: string; autoComplete?: string };
const FIELDS: [keyof typeof EMPTY, string, InputProps][] = [
  ['name', S.fields.name, { placeholder: 'gpt-judge' }],
  ['baseUrl', S.fields.baseUrl, { type: 'url', placeholder: 'https://api.openai.com/v1' }],
  ['model', S.fields.model, { placeholder: 'gpt-4o-mini' }],
  ['apiKey', S.fields.apiKey, { type: 'password', autoComplete: 'off' }],
  ['priceIn', S.fields.priceIn, { type: 'number', min: '0', step: 'any' }],
  ['priceOut', S.fields.priceOut, { type: 'number', min: '0', step: 'any' }],
  ['concurrency', S.fields.concurrency, { type: 'number', min: '1' }],
  ['rpm', S.fields.rpm, { type: 'number', min: '1' }],
  ['timeoutMs', S.fields.timeoutMs, { type: 'number', min: '100' }],
];

function Field({
  id,
  label,
  ...input
}: InputProps & { id: string; label: string; value: string; onChange: (e: { target: { value: string } }) => void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} required {...input} />
    </>
  );
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 6 : 2)}`;

export default function ModelEndpointsPage() {
  const { data, error, loading, reload } = useAsync(() => modelsApi.list(), []);
  const [form, setForm] = useState(EMPTY);
  const [saving, setSaving] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [tests, setTests] = useState<Record<number, ModelTestResult | 'running'>>({});

  const field = (key: keyof typeof EMPTY) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setActionError(null);
    try {
      await modelsApi.add({
        name: form.name,
        baseUrl: form.baseUrl,
        model: form.model,
        apiKey: form.apiKey,
        priceInputPerMillion: Number(form.priceIn),
        priceOutputPerMillion: Number(form.priceOut),
        maxConcurrency: Number(form.concurrency),
        requestsPerMinute: Number(form.rpm),
        timeoutMs: Number(form.timeoutMs),
      });
      setForm(EMPTY);
      await reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setSaving(false);
    }
  };

  const test = async (endpoint: ModelEndpoint) => {
    setTests((t) => ({ ...t, [endpoint.id]: 'running' }));
    try {
      const result = await modelsApi.test(endpoint.id);
      setTests((t) => ({ ...t, [endpoint.id]: result }));
      await reload();
    } catch (err) {
      setTests((t) => ({
        ...t,
        [endpoint.id]: {
          ok: false,
          latencyMs: 0,
          reply: null,
          error: String((err as Error).message),
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
        },
      }));
    }
  };

  const remove = async (endpoint: ModelEndpoint) => {
    if (!window.confirm(S.confirmRemove(endpoint.name))) return;
    setActionError(null);
    try {
      await modelsApi.remove(endpoint.id);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };

  const endpoints = data?.endpoints ?? [];
  return (
    // Inside the console's own <main> (AdminApp): a second one would be a second main landmark with the same id.
    <>
      <section aria-labelledby="models-title">
        <h1 id="models-title">{S.title}</h1>
        <p className="muted">{S.intro}</p>
        {loading && !data && <Loading what={S.loading} />}
        <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
        <ErrorMessage error={actionError} doing={S.changing} />
        {data && endpoints.length === 0 && <p className="empty">{S.none}</p>}
        {endpoints.length > 0 && (
          <div className="table-wrap">
            <table className="models">
              <thead>
                <tr>
                  <th scope="col">{S.columns.name}</th>
                  <th scope="col">{S.columns.model}</th>
                  <th scope="col">{S.columns.baseUrl}</th>
                  <th scope="col">{S.columns.prices}</th>
                  <th scope="col">{S.columns.limits}</th>
                  <th scope="col" className="num">
                    {S.columns.calls}
                  </th>
                  <th scope="col" className="num">
                    {S.columns.cost}
                  </th>
                  <th scope="col">{S.columns.test}</th>
                  <th scope="col">{S.columns.remove}</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((e) => {
                  const t = tests[e.id];
                  return (
                    <tr key={e.id} data-endpoint={e.name}>
                      <td>
                        <strong>{e.name}</strong>
                      </td>
                      <td>{e.model}</td>
                      <td>
                        <code>{e.baseUrl}</code>
                      </td>
                      <td>
                        {e.priceInputPerMillion}, {e.priceOutputPerMillion}
                      </td>
                      <td>
                        {e.maxConcurrency}, {e.requestsPerMinute}
                      </td>
                      <td className="num">
                        {e.usage.calls}
                        {e.usage.failedCalls > 0 && <span className="muted small">{S.failedCalls(e.usage.failedCalls)}</span>}
                      </td>
                      <td className="num">{usd(e.usage.costUsd)}</td>
                      <td>
                        <button type="button" onClick={() => void test(e)} disabled={t === 'running'}>
                          {t === 'running' ? S.testing : S.test}
                        </button>
                        {t && t !== 'running' && (
                          <p className={t.ok ? 'small test-ok' : 'small error'} role="status">
                            {t.ok ? S.testOk(t.latencyMs, t.reply) : S.testFailed(t.error)}
                          </p>
                        )}
                      </td>
                      <td>
                        <button type="button" className="link-button" onClick={() => void remove(e)}>
                          {S.remove}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="add-model-title">
        <h2 id="add-model-title">{S.addTitle}</h2>
        <form className="panel form" onSubmit={(e) => void add(e)}>
          <div className="form-grid">
            {FIELDS.map(([key, label, props]) => (
              <Field key={key} id={`me-${key}`} label={label} {...props} {...field(key)} />
            ))}
          </div>
          <div>
            <button type="submit" disabled={saving}>
              {saving ? S.adding : S.add}
            </button>
          </div>
        </form>
      </section>
      {data && <JudgesSection endpoints={endpoints} />}
    </>
  );
}
