/**
 * Certification exams for managers: the exams with their bank sizes, a new exam, changes (each one a
 * new version, the domain included), the bank uploader's link, and who took an exam, when, with what score. Loaded on demand.
 */
import { useState, type FormEvent } from 'react';
import type { Exam, ExamWithBank } from '../../../src/domain/api/exams.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { TableWrap } from '../components/TableWrap.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';
import { ExamAttempts } from './ExamAttempts.js';

const S = strings.exams;

/** The form's fields as the API takes them (pass mark typed in percent). */
function examFields(form: FormData) {
  return {
    name: String(form.get('name') ?? '').trim(),
    questionCount: Number(form.get('questionCount')),
    passMark: Number(form.get('passMark')) / 100,
    cooldownHours: Number(form.get('cooldownHours')),
  };
}

export function ExamsPage() {
  const list = useAsync(() => request<{ exams: ExamWithBank[] }>('/api/exams'), []);
  const [editing, setEditing] = useState<number | null>(null);
  const [showing, setShowing] = useState<Exam | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const send = async (path: string, method: string, body: object, done: (e: Exam) => string) => {
    setError(null);
    setStatus('');
    try {
      const { exam } = await request<{ exam: Exam }>(path, { method, body });
      setStatus(done(exam));
      setEditing(null);
      await list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void send('/api/exams', 'POST', { domain: String(form.get('domain') ?? '').trim(), ...examFields(form) }, (x) => S.created(x.name));
  };
  const save = (exam: Exam) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const domain = String(form.get('domain') ?? '').trim();
    void send(`/api/exams/${exam.id}`, 'PATCH', { ...examFields(form), domain, active: form.get('active') === 'on' }, (x) =>
      S.saved(x.name, x.version),
    );
  };

  return (
    <section aria-labelledby="exams-title" className="exams-page">
      <h1 id="exams-title">{S.title}</h1>
      <p className="muted small">{S.bankHint}</p>
      <p>
        <Link to="/manage/exams/bank">{strings.examBank.link}</Link>
      </p>
      {list.loading && !list.data && <Loading what={S.loading} />}
      <ErrorMessage error={list.error} doing={S.doing} onRetry={() => void list.reload()} />
      <ErrorMessage error={error} />
      <p role="status" className="muted small">
        {status}
      </p>
      {list.data && list.data.exams.length === 0 && <p className="empty">{S.none}</p>}
      {list.data && list.data.exams.length > 0 && (
        <TableWrap label={S.tableLabel}>
          <table className="exams">
            <thead>
              <tr>
                <th scope="col">{S.name}</th>
                <th scope="col">{S.domain}</th>
                <th scope="col" className="num">
                  {S.questions}
                </th>
                <th scope="col" className="num">
                  {S.bank}
                </th>
                <th scope="col" className="num">
                  {S.passMark}
                </th>
                <th scope="col" className="num">
                  {S.version}
                </th>
                <th scope="col">{S.state}</th>
                <th scope="col">
                  <span className="visually-hidden">{S.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.exams.map((x) => (
                <tr key={x.id}>
                  <td>{x.name}</td>
                  <td>{x.domain}</td>
                  <td className="num">{x.questionCount}</td>
                  <td className="num">{x.bankSize}</td>
                  <td className="num">{Math.round(x.passMark * 100)}</td>
                  <td className="num">{x.version}</td>
                  <td>{x.active ? S.live : S.retired}</td>
                  <td className="actions-row">
                    <button type="button" aria-label={S.edit(x.name)} onClick={() => setEditing(editing === x.id ? null : x.id)}>
                      {S.editButton}
                    </button>
                    <button type="button" aria-label={S.showAttempts(x.name)} onClick={() => setShowing(x)}>
                      {S.attemptsLabel}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {list.data?.exams
        .filter((x) => x.id === editing)
        .map((x) => (
          <form key={x.id} className="panel form" aria-label={S.edit(x.name)} onSubmit={save(x)}>
            <h2>{S.edit(x.name)}</h2>
            <label>
              {S.domainField}
              <input name="domain" required defaultValue={x.domain} />
            </label>
            <ExamFields exam={x} />
            <label className="check">
              <input type="checkbox" name="active" defaultChecked={x.active} /> {S.active}
            </label>
            <button type="submit" className="primary">
              {S.save}
            </button>
          </form>
        ))}
      {showing && <ExamAttempts exam={showing} />}
      <form className="panel form" aria-label={S.newTitle} onSubmit={create}>
        <h2>{S.newTitle}</h2>
        <label>
          {S.domain}
          <input name="domain" required />
        </label>
        <ExamFields />
        <button type="submit" className="primary">
          {S.create}
        </button>
      </form>
    </section>
  );
}

function ExamFields({ exam }: { exam?: Exam }) {
  return (
    <div className="filter-grid">
      <label>
        {S.name}
        <input name="name" required defaultValue={exam?.name} />
      </label>
      <label>
        {S.questions}
        <input name="questionCount" type="number" min={1} max={500} required defaultValue={exam?.questionCount ?? 10} />
      </label>
      <label>
        {S.passMark}
        <input name="passMark" type="number" min={0} max={100} required defaultValue={exam ? Math.round(exam.passMark * 100) : 80} />
      </label>
      <label>
        {S.cooldown}
        <input name="cooldownHours" type="number" min={0} required defaultValue={exam?.cooldownHours ?? 24} />
      </label>
    </div>
  );
}
