export function money(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  return `$${(cents / 100).toFixed(2)}`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function countdown(ms: number): string {
  if (ms <= 0) return '0:00';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`;
}

export const TYPE_NAMES: Record<string, string> = {
  preference: 'Pairwise preference',
  ranking: 'Ranking',
  rating: 'Rubric rating',
  label: 'Labelling',
  rewrite: 'Rewrite',
  demonstration: 'Demonstration',
  steps: 'Step verification',
};

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The app's one date-and-time format, in the user's locale. */
export function dateTime(at: string | number | Date | null | undefined): string {
  if (at === null || at === undefined) return '—';
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? '—' : DATE_TIME.format(d);
}

/** The app's one date format (no time), in the user's locale. */
export function date(at: string | number | Date | null | undefined): string {
  if (at === null || at === undefined) return '—';
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? '—' : DATE.format(d);
}
