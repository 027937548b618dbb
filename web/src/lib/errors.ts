/**
 * Words a person understands for anything that can go wrong. The API's own message is kept when it
 * is specific (it names the line and field); the code decides the opening sentence.
 */
import { ApiError } from '../api/client.js';

export interface HumanError {
  title: string;
  detail?: string;
  problems?: { line?: number; field?: string; message: string }[];
}

export function humanize(err: unknown, doing?: string): HumanError {
  const what = doing ? `Could not ${doing}. ` : '';
  if (err instanceof ApiError) {
    const detail =
      err.message && !/^(unauthorized|forbidden|not found|internal server error)$/i.test(err.message) ? sentence(err.message) : undefined;
    switch (err.code) {
      case 'network':
        return { title: `${what}The server could not be reached. Check your connection and try again.` };
      case 'unauthorized':
        return { title: `${what}You are not signed in, or your session has ended. Please sign in again.`, detail };
      case 'forbidden':
        return { title: `${what}Your account is not allowed to do this. Ask a project manager if you need access.`, detail };
      case 'not_found':
        return { title: `${what}We could not find that — it may have been removed, or it is not open to you.`, detail };
      case 'conflict':
        return { title: `${what}This was already done or has changed since you opened it.`, detail };
      case 'rate_limited':
        return { title: `${what}Too many attempts in a short time. Wait a minute, then try again.` };
      case 'bad_request':
        // With problems listed (line, field, message each), the summary message repeats them in raw form
        // ("request body line 2: …"): the list alone says it.
        return {
          title: `${what}Some of the input does not fit.`,
          detail: err.problems.length > 0 ? undefined : detail,
          problems: err.problems,
        };
      case 'aborted':
        return { title: 'Cancelled.' };
      default:
        return { title: `${what}The server had a problem (${err.status || 'no answer'}). Try again in a moment.`, detail };
    }
  }
  if (err instanceof Error) return { title: `${what}Something went wrong in the page.`, detail: sentence(err.message) };
  return { title: `${what}Something went wrong.` };
}

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Short sentence for a lease problem on submit (409). */
export function leaseMessage(err: unknown): string | null {
  if (err instanceof ApiError && err.code === 'conflict') {
    return 'Your time on this task ran out or it was already submitted. Your answer was kept as a draft; take the next task.';
  }
  return null;
}
