/** Notifications: what the platform tells a user (a suspension and why, a reviewer's verdict, an exam result). */
import type { Db } from '../transaction.js';

export interface NewNotification {
  userId: number;
  /** Dotted kind, e.g. `certification.suspended`, `review.verdict`, `exam.result`. */
  kind: string;
  /** One sentence the user can read as is. */
  message: string;
  detail?: Record<string, unknown>;
  at: number;
}

export interface NotificationView {
  id: number;
  kind: string;
  message: string;
  detail: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}

export async function notify(db: Db, n: NewNotification): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ user_id: n.userId, kind: n.kind, message: n.message, detail: JSON.stringify(n.detail ?? {}), created_at: n.at })
    .execute();
}

/** Newest first. */
export async function notificationsOf(db: Db, userId: number, limit = 50): Promise<NotificationView[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'message', 'detail', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    message: r.message,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    read: r.read_at !== null,
  }));
}

export async function unreadNotificationCount(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(db.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Mark the user's notifications up to `upToId` as read (only their own). */
export async function markNotificationsRead(db: Db, userId: number, upToId: number, at: number): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('id', '<=', upToId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
