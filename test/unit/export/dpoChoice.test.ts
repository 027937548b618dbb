/** The dpo export reads a preference's choice by a slice when it can: always the choice JSON.parse reads. */
import { describe, expect, it } from 'vitest';
import { choiceOf } from '../../../src/services/export/dpo.js';

describe('choiceOf', () => {
  it('reads the same choice as JSON.parse, sliced or parsed', () => {
    const responses = [
      '{"choice":"a"}',
      '{"choice":"tie","rationale":"both \\"fine\\""}',
      '{"choice":"r\\"1"}',
      '{"choice":"b\\\\"}',
      '{"rationale":"x","choice":"b"}',
      '{ "choice": "c" }',
      '{"choice":""}',
    ];
    for (const r of responses) expect(choiceOf(r).choice).toBe((JSON.parse(r) as { choice: string }).choice);
  });
});
