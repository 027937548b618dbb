/** Read the server's SQLite file directly (read-only) to check what was stored. */
import Database from 'better-sqlite3';

export interface StoredAnnotation {
  id: number;
  taskExternalId: string;
  projectId: number;
  userId: number;
  response: Record<string, unknown>;
  durationMs: number;
}

export function annotationsOf(dbPath: string, userEmail: string): StoredAnnotation[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(`
      SELECT a.id, t.external_id AS ext, a.project_id AS pid, a.user_id AS uid, a.response, a.duration_ms AS dur
      FROM annotations a JOIN tasks t ON t.id = a.task_id JOIN users u ON u.id = a.user_id
      WHERE u.email = ? ORDER BY a.id`)
      .all(userEmail) as { id: number; ext: string; pid: number; uid: number; response: string; dur: number }[];
    return rows.map((r) => ({
      id: r.id,
      taskExternalId: r.ext,
      projectId: r.pid,
      userId: r.uid,
      response: JSON.parse(r.response),
      durationMs: r.dur,
    }));
  } finally {
    db.close();
  }
}

/** How many of a user's assignments in a project ended in each state (leased, submitted, skipped, expired). */
export function assignmentStates(dbPath: string, userEmail: string, projectId: number): Record<string, number> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(`
      SELECT a.state, COUNT(*) AS n FROM assignments a JOIN users u ON u.id = a.user_id
      WHERE u.email = ? AND a.project_id = ? GROUP BY a.state`)
      .all(userEmail, projectId) as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}
