/** The consensus batch's fit worker (fitDomains.ts): fits one domain's labels per message, in order. */
import { parentPort } from 'node:worker_threads';
import type { EncodedLabels } from '../../quality/encoded.js';
import { fitLabels } from './fitLabels.js';
import { yieldToTheServer } from '../offload/workerBeside.js';

// Pure computation, no lock held: it gives way to tutors' requests.
yieldToTheServer();

parentPort!.on('message', (m: { id: number; method: string; data: EncodedLabels; gold?: Int32Array }) => {
  try {
    parentPort!.postMessage({ id: m.id, fit: fitLabels(m.method, m.data, m.gold) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
