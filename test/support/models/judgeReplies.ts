/**
 * TEST INFRASTRUCTURE ONLY: seeded judge replies for the OpenAI stand-in. A request with a
 * `response_format` JSON schema is a judgment: the task is the user message's JSON (`task.responses`),
 * the right answer is the response whose text contains "GOOD". Each stand-in model has a known
 * accuracy and position bias: per item (a hash of model and prompt, so the same item gets the same
 * draw), with probability `positionBias` it picks whichever response is shown first; otherwise it is
 * right with probability `accuracy`. It states `confidence`. A model named in `invalid` replies with
 * a choice that is not a response id.
 */
import { createHash } from 'node:crypto';
import type { ChatBody } from './openaiStandIn.js';

export interface SeededJudge {
  accuracy: number;
  positionBias: number;
  confidence: number;
}

/** A uniform draw in [0, 1) fixed by its parts. */
export const draw = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0) / 2 ** 32;

export function seededJudgeReplies(models: Record<string, SeededJudge | 'invalid'>, fallback: (b: ChatBody) => string) {
  return (body: ChatBody): string => {
    if (body.response_format?.type !== 'json_schema') return fallback(body);
    const judge = models[body.model];
    const { task } = JSON.parse(body.messages.at(-1)?.content ?? '{}') as {
      task: { prompt: string; responses: { id: string; text: string }[] };
    };
    if (judge === undefined) throw new Error(`stand-in: no seeded judge for model ${body.model}`);
    if (judge === 'invalid') return JSON.stringify({ choice: 'not-a-response', strength: 2, confidence: 0.5 });
    const shown = task.responses;
    const right = shown.find((r) => r.text.includes('GOOD')) ?? shown[0];
    const wrong = shown.find((r) => r.id !== right.id) ?? right;
    const choice =
      draw(body.model, task.prompt, 'position') < judge.positionBias
        ? shown[0].id
        : draw(body.model, task.prompt) < judge.accuracy
          ? right.id
          : wrong.id;
    return JSON.stringify({ choice, strength: 2, confidence: judge.confidence });
  };
}
