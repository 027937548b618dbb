/**
 * One POST of a webhook body. Node's own `http`/`https` with keep-alive agents rather than `fetch`:
 * undici's fetch spent about 1 ms of the event loop's CPU per delivery (measured with `--cpu-prof` under
 * `bench:webhooks`), CPU taken from tutors' requests on the same loop; a plain request reuses its
 * socket and costs a fraction of that. Redirects are not followed (a receiver that moved must be
 * re-registered), the answer's body is discarded, and the whole exchange is bounded by `timeoutMs`.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export class PostTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Sends `body` and resolves with the receiver's status once its answer has been read to the end. */
export function postWebhook(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise<number>((resolveAnswer, rejectAnswer) => {
    const timer = setTimeout(() => req.destroy(new PostTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const resolve = (status: number) => (clearTimeout(timer), resolveAnswer(status));
    const reject = (e: unknown) => (clearTimeout(timer), rejectAnswer(e));
    const req = send(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.on('error', reject);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
