/**
 * A real webhook receiver on loopback: it verifies every request's signature with the
 * `standardwebhooks` package (as a receiver would), records what came, and answers with the
 * status the test sets (200 by default).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  verified: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The secret to verify with (set after the endpoint is created). */
  secret: string;
  /** The status to answer with. */
  status: number;
  /** While true, requests are recorded but never answered (a receiver that hangs). */
  hold: boolean;
  /** Resolves once at least `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const waiters: { n: number; resolve: () => void }[] = [];
  const r: Receiver = {
    url: '',
    received: [],
    secret: '',
    status: 200,
    hold: false,
    async waitFor(n, timeoutMs = 20_000) {
      if (r.received.length < n) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(
            () => reject(new Error(`the receiver got ${r.received.length} of ${n} webhooks in ${timeoutMs} ms`)),
            timeoutMs,
          );
          waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
        });
      }
      return r.received;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(r.secret).verify(raw, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      r.received.push({ id: String(req.headers['webhook-id']), verified, body: JSON.parse(raw) as Received['body'] });
      if (!r.hold) res.writeHead(r.status).end();
      for (const w of waiters.filter((x) => r.received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}
