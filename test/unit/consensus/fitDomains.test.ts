/**
 * The consensus batch's fits (services/consensus/fitDomains.ts): in the worker thread they give exactly
 * what they give inline (same labels, confidences, accuracies and evidence, domain by domain, in the
 * order of the domains), a domain without labels passes through unfitted, and a fit that fails in the
 * worker fails the batch with its reason.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/quality/random.js';
import { type DomainLabels, ProjectLabels } from '../../../src/services/consensus/batchLabels.js';
import { type DomainFit, fitDomains } from '../../../src/services/consensus/fitDomains.js';

function crowd(seed: number): ProjectLabels {
  const rng = createRng(seed);
  const project = new ProjectLabels();
  const domains = ['math', 'code', 'law'];
  for (let i = 0; i < 3000; i++) {
    const task = 1 + rng.int(600);
    const domain = domains[task % 3];
    if (!project.has(task)) {
      const gold = rng.int(10) === 0 ? ['a', 'b'][rng.int(2)] : null;
      project.register(task, domain, gold !== null, gold, ['a', 'b', 'tie']);
    }
    // Workers right about three times in four on a truth that depends on the task.
    const truth = task % 2 === 0 ? 'a' : 'b';
    project.add(task, 100 + rng.int(25), rng.int(4) === 0 ? (truth === 'a' ? 'b' : 'a') : truth);
  }
  return project;
}

async function collect(fits: AsyncIterable<DomainFit>) {
  const out = [];
  for await (const f of fits) out.push({ domain: f.domain, data: f.data, fit: f.fit });
  return out;
}

describe('the batch fits', () => {
  it.each(['hds', 'mace', 'ds'])('%s: in the worker as inline, domain by domain', async (method) => {
    const inline = await collect(fitDomains(method, crowd(7).domains, { inWorker: false }));
    const inWorker = await collect(fitDomains(method, crowd(7).domains, { inWorker: true }));
    expect(inline.map((f) => f.domain)).toEqual([...crowd(7).domains.keys()]);
    expect(inWorker.map((f) => f.domain)).toEqual(inline.map((f) => f.domain));
    expect(inline).toHaveLength(3);
    for (let i = 0; i < inline.length; i++) {
      expect(inline[i].fit!.labels.length).toBeGreaterThan(100);
      expect(inWorker[i].fit).toEqual(inline[i].fit);
      expect(inWorker[i].data).toEqual(inline[i].data);
    }
  });

  it('passes a domain without labels through unfitted', async () => {
    const project = crowd(3);
    project.register(99_999, 'empty', false, null, ['a', 'b', 'tie']);
    for (const inWorker of [false, true]) {
      const fits = await collect(fitDomains('hds', project.domains, { inWorker }));
      expect(fits.find((f) => f.domain === 'empty')).toEqual({ domain: 'empty', data: null, fit: null });
      expect(fits.filter((f) => f.fit !== null)).toHaveLength(3);
    }
  });

  it("fails with the worker's reason when a fit fails there", async () => {
    const domains = new Map(crowd(5).domains);
    // Labels whose encoding the fit cannot read: it throws in the worker.
    domains.set('broken', { size: 1, encode: () => ({ data: null, gold: undefined }) } as unknown as DomainLabels);
    await expect(collect(fitDomains('hds', domains, { inWorker: true }))).rejects.toThrow(/^consensus fit: .*null/);
  });
});
