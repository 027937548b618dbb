/** A user's notifications (newest first, with the unread count) and marking them read. Only ever their own. */
import { MarkReadBody } from '../../domain/api/me.js';
import { validateInput } from '../../domain/validation.js';
import {
  markNotificationsRead,
  notificationsOf,
  unreadNotificationCount,
  type NotificationView,
} from '../../store/repositories/notifications.js';
import type { Actor, ServiceContext } from '../context.js';

export async function myNotifications(ctx: ServiceContext, actor: Actor): Promise<{ notifications: NotificationView[]; unread: number }> {
  const db = ctx.store.db;
  const notifications = await notificationsOf(db, actor.id);
  return { notifications, unread: await unreadNotificationCount(db, actor.id) };
}

export async function markMyNotificationsRead(ctx: ServiceContext, actor: Actor, body: unknown): Promise<{ marked: number }> {
  const valid = validateInput(MarkReadBody, body);
  return { marked: await markNotificationsRead(ctx.store.db, actor.id, valid.upToId, ctx.now()) };
}
