/**
 * Argilla records as exported to a dataset (`rg.Dataset.records.to_datasets()` / `to_hub`, one record
 * a row): `{id, status, _server_id, inserted_at, updated_at, <field>…, <question>.responses,
 * <question>.responses.users, <question>.responses.status, <question>.suggestion…, metadata.<name>…}`;
 * and the nested form of `records.to_list()` / `to_disk`: `{id, status, _server_id, fields: {…},
 * metadata: {…}, responses: {…}, suggestions: {…}}`. The fields become a task by their names
 * (namedFields.ts); responses, suggestions, metadata and status are kept in `meta.argilla`.
 */
import { type Converted, type Converter, isObj, type Obj, problem } from './common.js';
import { fromNamedFields } from './namedFields.js';

const RECORD_KEYS = new Set(['id', 'status', '_server_id', 'inserted_at', 'updated_at', 'vectors']);

export const detectArgilla = (r: Obj): boolean =>
  '_server_id' in r || (isObj(r.fields) && ('responses' in r || 'suggestions' in r || 'status' in r));

/** The record split into its fields and what Argilla adds around them. */
function parts(record: Obj): { fields: Obj; extra: Obj; nested: boolean } {
  if (isObj(record.fields)) {
    const { fields, metadata, responses, suggestions } = record;
    return { fields, extra: { metadata: metadata ?? null, responses: responses ?? null, suggestions: suggestions ?? null }, nested: true };
  }
  const fields: Obj = {};
  const extra: Obj = {};
  for (const [k, v] of Object.entries(record)) {
    if (RECORD_KEYS.has(k)) continue;
    if (k.includes('.')) extra[k] = v;
    else fields[k] = v;
  }
  return { fields, extra, nested: false };
}

export const fromArgilla: Converter = (record, options): Converted => {
  const recordId = record.id ?? record._server_id;
  if (typeof recordId !== 'string' && typeof recordId !== 'number') return problem('id', 'is required: the record id');
  const { fields, extra, nested } = parts(record);
  const meta = { source: 'argilla', argilla: { id: recordId, status: record.status ?? null, ...extra } };
  return fromNamedFields(fields, options, { id: `argilla-${recordId}`, nameOf: (k) => (nested ? `fields.${k}` : k), meta });
};
