/**
 * The consensus batch's fits, one domain after another, each handed to the batch as soon as it is done,
 * so that the batch writes one domain's rows while the next domain is being fitted. On a big project of
 * several domains the fits run in a worker thread (fitWorker.ts) and overlap the writes; a small project,
 * or one of a single domain (nothing to overlap), fits inline, where starting a worker would cost more
 * than it saves. Either way the same function fits the same labels (fitLabels.ts).
 * The worker's entry sits beside this module (offload/workerBeside.ts).
 */
import { askedWorker, workerBeside } from '../offload/workerBeside.js';
import type { EncodedLabels } from '../../quality/encoded.js';
import type { DomainLabels } from './batchLabels.js';
import { fitLabels, type LabelsFit } from './fitLabels.js';

/** Below this many labels in all a project's domains are fitted inline. */
export const FIT_WORKER_MIN_LABELS = 200_000;

export interface DomainFit {
  domain: string;
  labels: DomainLabels;
  /** The encoded labels the fit ran on (its task, worker and class names), or null for a domain without labels. */
  data: EncodedLabels | null;
  fit: LabelsFit | null;
}

/** `inWorker`: force (true) or forbid (false) the worker; by default it is used when it pays (see above). */
export async function* fitDomains(
  method: string,
  domains: ReadonlyMap<string, DomainLabels>,
  options: { inWorker?: boolean } = {},
): AsyncGenerator<DomainFit> {
  const list = [...domains];
  const total = list.reduce((n, [, labels]) => n + labels.size, 0);
  const inWorker = options.inWorker ?? (list.length > 1 && total >= FIT_WORKER_MIN_LABELS);
  if (!inWorker) {
    for (const [domain, labels] of list) {
      if (labels.size === 0) yield { domain, labels, data: null, fit: null };
      else {
        const { data, gold } = labels.encode();
        yield { domain, labels, data, fit: fitLabels(method, data, gold) };
      }
    }
    return;
  }
  const worker = startFitWorker();
  try {
    // Every domain is sent at once; the worker fits them in this order and answers each as it finishes.
    const pending = list.map(([domain, labels]) => {
      if (labels.size === 0) return { domain, labels, data: null, fit: Promise.resolve(null) };
      const { data, gold } = labels.encode();
      return { domain, labels, data, fit: worker.fit(method, data, gold) };
    });
    // A domain's failure is the batch's; the others' answers are then of no use (caught: not unhandled).
    for (const p of pending) p.fit.catch(() => undefined);
    for (const p of pending) yield { domain: p.domain, labels: p.labels, data: p.data, fit: await p.fit };
  } finally {
    await worker.close();
  }
}

function startFitWorker() {
  const worker = askedWorker<{ method: string; data: EncodedLabels; gold?: Int32Array }, LabelsFit>(
    workerBeside(import.meta.url, 'fitWorker'),
    'consensus fit',
  );
  return {
    fit: (method: string, data: EncodedLabels, gold: Int32Array | undefined) => worker.ask({ method, data, gold }),
    close: () => worker.close(),
  };
}
