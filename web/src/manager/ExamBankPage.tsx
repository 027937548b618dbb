/**
 * Upload a question bank (POST /api/exam-banks): a JSON-lines or CSV file of gold questions, each with
 * the explanation of its answer, for an exam's domain. "Check the file" previews what would be added
 * (the server checks the whole file and names every problem by line and field); "Add to the bank"
 * imports it all or nothing, and the domain's exams draw on it at once.
 */
import { useState, type FormEvent } from 'react';
import type { BankUploadResult } from '../../../src/domain/api/examBanks.js';
import type { ExamWithBank } from '../../../src/domain/api/exams.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { TableWrap } from '../components/TableWrap.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';

const S = strings.examBank;
const TYPES = ['preference', 'label', 'ranking', 'steps', 'rating', 'rubric', 'conversation'] as const;

interface Upload {
  domain: string;
  type: string;
  format: 'jsonl' | 'csv';
  fileName: string;
  text: string;
}

export function ExamBankPage() {
  const exams = useAsync(() => request<{ exams: ExamWithBank[] }>('/api/exams'), []);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [result, setResult] = useState<BankUploadResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (body: Upload, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await request<BankUploadResult>('/api/exam-banks', { method: 'POST', body: { ...body, dryRun } }));
      setUpload(dryRun ? body : null);
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const check = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError(new Error(S.noFile));
      return;
    }
    const fileName = file.name;
    await send(
      {
        domain: String(form.get('domain') ?? '').trim(),
        type: String(form.get('type')),
        format: /\.csv$/i.test(fileName) ? 'csv' : 'jsonl',
        fileName,
        text: await file.text(),
      },
      true,
    );
  };

  const domains = [...new Set((exams.data?.exams ?? []).map((x) => x.domain))].sort();
  return (
    <section aria-labelledby="bank-title" className="exam-bank-page">
      <p className="crumbs">
        <Link to="/manage/exams">{strings.exams.title}</Link> /
      </p>
      <h1 id="bank-title">{S.title}</h1>
      <p className="muted small">{S.formatHint}</p>
      {exams.loading && !exams.data && <Loading what={strings.exams.loading} />}
      <ErrorMessage error={exams.error} doing={strings.exams.doing} onRetry={() => void exams.reload()} />
      <form className="panel form" aria-label={S.formLabel} onSubmit={(e) => void check(e)}>
        <div className="filter-grid">
          <label>
            {S.domain}
            <input name="domain" required list="bank-domains" pattern="[a-z][a-z0-9_\-]{0,39}" />
            <datalist id="bank-domains">
              {domains.map((d) => (
                <option key={d} value={d} />
              ))}
            </datalist>
          </label>
          <label>
            {S.type}
            <select name="type" defaultValue="preference">
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            {S.file}
            <input name="file" type="file" accept=".jsonl,.ndjson,.json,.csv,application/x-ndjson,text/csv" required />
          </label>
        </div>
        <button type="submit" disabled={busy}>
          {S.check}
        </button>
      </form>
      <ErrorMessage error={error} doing={S.doing} />
      {result && <BankResult result={result} />}
      {result?.dryRun && upload && (
        <button type="button" className="primary" disabled={busy || result.added === 0} onClick={() => void send(upload, false)}>
          {S.add(result.added)}
        </button>
      )}
    </section>
  );
}

function BankResult({ result }: { result: BankUploadResult }) {
  const exams = result.exams;
  return (
    <div className="panel">
      <p role="status">
        {result.dryRun ? S.preview(result.added, result.skipped, result.domain) : S.added(result.added, result.skipped, result.domain)}{' '}
        {S.bankSize(result.bankSize)}
      </p>
      <p>
        {exams.length === 0 ? (
          <>
            {S.noExam(result.domain)} <Link to="/manage/exams">{S.createExam}</Link>
          </>
        ) : (
          S.serves(exams.map((x) => `${x.name} (${x.active ? strings.exams.live : strings.exams.retired})`).join(', '))
        )}
      </p>
      <TableWrap label={S.tableLabel}>
        <table className="bank-preview">
          <thead>
            <tr>
              <th scope="col" className="num">
                {S.line}
              </th>
              <th scope="col">{S.id}</th>
              <th scope="col">{S.question}</th>
              <th scope="col">{S.answer}</th>
              <th scope="col">{S.explanation}</th>
              <th scope="col">{S.state}</th>
            </tr>
          </thead>
          <tbody>
            {result.questions.map((q) => {
              const { explanation: _explanation, ...answer } = q.gold;
              return (
                <tr key={q.id}>
                  <td className="num">{q.line}</td>
                  <td>
                    <code>{q.id}</code>
                  </td>
                  <td>{q.summary}</td>
                  <td>
                    <code>{JSON.stringify(answer)}</code>
                  </td>
                  <td>{q.explanation}</td>
                  <td>{q.alreadyInBank ? S.inBank : result.dryRun ? S.willAdd : S.new}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
