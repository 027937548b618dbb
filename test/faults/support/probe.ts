/** Polls a URL while a fault happens, recording what every request got back and how long it took. */
export interface Sample {
  at: number;
  status: number | 'network';
  retryAfter: string | null;
  ms: number;
}

export interface Probe {
  samples: Sample[];
  stop(): Promise<void>;
}

export function startProbe(url: string, headers: Record<string, string> = {}, everyMs = 100): Probe {
  const samples: Sample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      try {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
        await res.arrayBuffer();
        samples.push({ at, status: res.status, retryAfter: res.headers.get('retry-after'), ms: Date.now() - at });
      } catch {
        samples.push({ at, status: 'network', retryAfter: null, ms: Date.now() - at });
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** Milliseconds from `from` until the first 200 at or after it (null: never). */
export function firstOkAfter(samples: Sample[], from: number): number | null {
  const ok = samples.find((s) => s.at >= from && s.status === 200);
  return ok ? ok.at + ok.ms - from : null;
}
