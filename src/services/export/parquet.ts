/**
 * Parquet for an export, written with hyparquet-writer (pure JS, one small dependency, nested
 * list/struct columns with null lists, streaming row groups; chosen over @dsnp/parquetjs, which writes
 * only legacy non-null repeated groups and brings 7 MB of dependencies — docs/exports.md). Rows are
 * buffered one row group at a time and flushed, so memory stays flat whatever the export's size.
 */
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { absent, type Column, type Fields } from '../../domain/export/columns.js';
import type { Row } from './pages.js';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

export const ROW_GROUP = 2000;

/** The Parquet schema of an export's columns: every field optional, lists in the standard 3-level form. */
export function parquetSchema(fields: Fields): SchemaElement[] {
  return [
    { name: 'schema', num_children: Object.keys(fields).length },
    ...Object.entries(fields).flatMap(([name, col]) => elements(name, col)),
  ];
}

function elements(name: string, col: Column): SchemaElement[] {
  const optional = { name, repetition_type: 'OPTIONAL' as const };
  switch (col.kind) {
    case 'string':
      return [{ ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' }];
    case 'float':
      return [{ ...optional, type: 'DOUBLE' }];
    case 'int':
      return [{ ...optional, type: 'INT64' }];
    case 'bool':
      return [{ ...optional, type: 'BOOLEAN' }];
    case 'list':
      return [
        { ...optional, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...elements('element', col.of),
      ];
    case 'struct':
      return [
        { ...optional, num_children: Object.keys(col.fields).length },
        ...Object.entries(col.fields).flatMap(([n, c]) => elements(n, c)),
      ];
  }
}

/** A value as the writer takes it: int64 as BigInt, floats as numbers, JSON-string columns as strings. */
function toParquet(col: Column, value: unknown): unknown {
  if (value === null || value === undefined) {
    const empty = absent(col);
    return empty === null ? null : toParquet(col, empty);
  }
  switch (col.kind) {
    case 'int':
      return BigInt(Math.trunc(Number(value)));
    case 'float':
      return Number(value);
    case 'bool':
      return Boolean(value);
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'list':
      return (value as unknown[]).map((v) => toParquet(col.of, v));
    case 'struct': {
      const v = value as Record<string, unknown>;
      return Object.fromEntries(Object.entries(col.fields).map(([k, c]) => [k, toParquet(c, v[k])]));
    }
  }
}

/** Write the rows to one Parquet file, a row group at a time; returns the row count. */
export async function writeParquet(file: string, fields: Fields, rows: AsyncIterable<Row>): Promise<number> {
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: parquetSchema(fields) });
  const names = Object.keys(fields);
  let batch: Row[] = [];
  let count = 0;
  const flush = () => {
    if (batch.length === 0) return;
    writer.write({
      columnData: names.map((name) => ({ name, data: batch.map((r) => toParquet(fields[name], r[name])) as never })),
      rowGroupSize: batch.length,
    });
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    count++;
    if (batch.length === ROW_GROUP) flush();
  }
  flush();
  writer.finish();
  return count;
}
