/**
 * The number of unread notifications next to "My quality" in the menu, so a suspension or a
 * reviewer's verdict is noticed. Asked again on navigation and when the quality page marks them read.
 */
import { useEffect, useState } from 'react';
import { qualityApi } from '../../api/qualityLoop.js';
import { usePath } from '../../lib/router.js';
import './flag.css';

export const NOTIFICATIONS_READ = 'tutorloop:notifications-read';

export function UnreadBadge() {
  const path = usePath();
  const [unread, setUnread] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((n) => n + 1);
    window.addEventListener(NOTIFICATIONS_READ, again);
    return () => window.removeEventListener(NOTIFICATIONS_READ, again);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch on every navigation (path) and mark-read event (tick)
  useEffect(() => {
    let live = true;
    qualityApi
      .notifications()
      .then((r) => {
        if (live) setUnread(r.unread ?? r.notifications.filter((n) => !n.read).length);
      })
      .catch(() => {
        /* the badge is a hint; the page itself shows errors */
      });
    return () => {
      live = false;
    };
  }, [path, tick]);
  if (unread === 0) return null;
  return (
    <>
      <span className="nav-badge" aria-hidden="true">
        {unread}
      </span>
      <span className="visually-hidden">{unread} unread</span>
    </>
  );
}
