/**
 * TEST INFRASTRUCTURE ONLY: the OpenAI stand-in (openaiStandIn.ts) in a child process of its own, so
 * a benchmark measures the platform's CPU apart from the server it calls. The parent starts it with
 * `startStandInProcess`, reads its address, asks it for what it saw (the most calls in flight at
 * once, requests, its own CPU and memory) and stops it. Replies: a fixed text, or seeded judge
 * verdicts (judgeReplies.ts) for the models named in `judges`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seededJudgeReplies, type SeededJudge } from './judgeReplies.js';
import { startOpenAiStandIn } from './openaiStandIn.js';

export interface StandInProcessOptions {
  apiKey: string;
  latencyMs?: number;
  /** The reply to every request without seeded judges. */
  reply?: string;
  /** Seeded judge models: requests with a JSON schema get their verdicts. */
  judges?: Record<string, SeededJudge>;
}

export interface StandInStats {
  requests: number;
  maxInFlight: number;
  cpuMs: number;
  rssMb: number;
}

export interface StandInProcess {
  baseUrl: string;
  stats: () => Promise<StandInStats>;
  /** Forget the counts so far (after a warm-up call). */
  reset: () => Promise<void>;
  close: () => Promise<void>;
}

type ToChild = { kind: 'stats' } | { kind: 'reset' };
type FromChild = { kind: 'ready'; baseUrl: string } | ({ kind: 'stats' } & StandInStats) | { kind: 'reset' };

export async function startStandInProcess(options: StandInProcessOptions): Promise<StandInProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(options)], { stdio: 'inherit' });
  const next = <K extends FromChild['kind']>(kind: K) =>
    new Promise<Extract<FromChild, { kind: K }>>((resolve, reject) => {
      const onMessage = (m: FromChild) => {
        if (m.kind !== kind) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<FromChild, { kind: K }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the stand-in process exited (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ask = <K extends ToChild['kind']>(kind: K) => {
    const answer = next(kind);
    child.send({ kind });
    return answer;
  };
  const { baseUrl } = await next('ready');
  return {
    baseUrl,
    stats: async () => {
      const { kind: _kind, ...stats } = await ask('stats');
      return stats;
    },
    reset: async () => {
      await ask('reset');
    },
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The child: serve until the parent goes away. */
async function serve(options: StandInProcessOptions): Promise<void> {
  const fixed = options.reply ?? 'ready';
  const respond = options.judges ? seededJudgeReplies(options.judges, () => fixed) : () => fixed;
  const standIn = await startOpenAiStandIn({ apiKey: options.apiKey, latencyMs: options.latencyMs, respond });
  let cpu0 = process.cpuUsage();
  process.on('message', (m: ToChild) => {
    if (m.kind === 'reset') {
      cpu0 = process.cpuUsage();
      standIn.requests.length = 0;
      process.send?.({ kind: 'reset' } satisfies FromChild);
      return;
    }
    const cpu = process.cpuUsage(cpu0);
    process.send?.({
      kind: 'stats',
      requests: standIn.requests.length,
      maxInFlight: standIn.maxInFlight(),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      rssMb: Math.round(process.memoryUsage().rss / 104857.6) / 10,
    } satisfies FromChild);
  });
  process.on('disconnect', () => void standIn.close().then(() => process.exit(0)));
  process.send?.({ kind: 'ready', baseUrl: standIn.baseUrl } satisfies FromChild);
}

if (process.argv[2] === '--child') void serve(JSON.parse(process.argv[3]) as StandInProcessOptions);
