/** The columns of every export format and style: the one source of truth (see columns.ts). */
import type { DpoStyle, ExportFormat } from '../api/export.js';
import { bool, type Fields, float, int, list, message, str, struct } from './columns.js';

/** The stored consensus, flattened: method, version, confidence, annotator count, provenance. */
export const consensusFields: Fields = {
  method: str,
  methodVersion: str,
  confidence: float,
  annotatorCount: int,
  consensusSource: str,
  /** The review that decided it ("" when none): a string, so an absent id keeps the column's type. */
  reviewId: str,
  /** The consensus label as JSON (its shape is the task type's response: a reviewer's scores, an order…). */
  consensusLabel: str,
};

const dpoMeta = struct({
  taskId: str,
  domain: str,
  chosenId: str,
  rejectedId: str,
  votes: list(struct({ response: str, count: int })),
  annotators: int,
  agreement: float,
  margin: float,
  split: bool,
  ...consensusFields,
});

const DPO: Record<DpoStyle, Fields> = {
  conversational: { prompt: list(message), chosen: list(message), rejected: list(message), meta: dpoMeta, source_meta: str },
  'trl-standard': { prompt: str, chosen: str, rejected: str, meta: dpoMeta, source_meta: str },
  llamafactory: { messages: list(message), chosen: message, rejected: message, meta: dpoMeta, source_meta: str },
};

const SFT: Fields = { messages: list(message), meta: struct({ taskId: str, domain: str, type: str }), source_meta: str };

const RATINGS: Fields = {
  prompt: list(message),
  response: str,
  scores: list(struct({ axis: str, mean: float, annotators: int, stderr: float })),
  meta: struct({ taskId: str, domain: str, annotators: int, ...consensusFields }),
  source_meta: str,
};

const CLASSIFICATION: Fields = {
  text: str,
  messages: list(message),
  label: str,
  labels: list(str),
  confidence: float,
  meta: struct({ taskId: str, domain: str, annotators: int, agreement: float, split: bool, ...consensusFields }),
  source_meta: str,
};

const STEPWISE: Fields = {
  prompt: str,
  completions: list(str),
  labels: list(bool),
  meta: struct({ taskId: str, domain: str, annotators: int, verdicts: list(str), ...consensusFields }),
  source_meta: str,
};

const criterion = struct({ id: str, text: str, weight: int, essential: bool });

const RUBRICS: Fields = {
  item: str,
  version: int,
  domain: str,
  prompt: list(message),
  criteria: list(criterion),
  author_tier: str,
  meta: struct({ approvedAt: str }),
  source_meta: str,
};

const RUBRIC_GRADES: Fields = {
  prompt: list(message),
  response: str,
  response_id: str,
  rubric: struct({ item: str, version: int }),
  verdicts: list(
    struct({
      criterion: str,
      text: str,
      weight: int,
      essential: bool,
      met: bool,
      metVotes: int,
      votes: int,
      agreement: float,
      evidence: list(str),
    }),
  ),
  score: float,
  graders: list(str),
  meta: struct({ taskId: str, domain: str, ...consensusFields }),
  source_meta: str,
};

const ANNOTATIONS: Fields = {
  taskId: str,
  tutor: str,
  tier: str,
  domain: str,
  response: str,
  rationale: str,
  durationMs: int,
  createdAt: str,
  correction: bool,
  taskConsensus: struct(consensusFields),
};

/** Conversations, one line per assistant turn (services/export/turnRatings.ts). */
const TURN_RATINGS: Fields = {
  prompt: list(message),
  response: str,
  turn: int,
  scores: list(struct({ axis: str, mean: float, annotators: int, stderr: float })),
  labels: list(struct({ label: str, count: int })),
  consensusLabels: list(str),
  firstBadVotes: int,
  rewrites: int,
  meta: struct({ taskId: str, domain: str, annotators: int, consensusFirstBadTurn: int, ...consensusFields }),
  source_meta: str,
};

export function exportFields(format: ExportFormat, style: DpoStyle = 'conversational'): Fields {
  switch (format) {
    case 'dpo':
      return DPO[style];
    case 'sft':
      return SFT;
    case 'ratings':
    case 'rm':
      return RATINGS;
    case 'classification':
      return CLASSIFICATION;
    case 'stepwise':
      return STEPWISE;
    case 'annotations':
      return ANNOTATIONS;
    case 'rubrics':
      return RUBRICS;
    case 'rubric-grades':
      return RUBRIC_GRADES;
    case 'turn-ratings':
      return TURN_RATINGS;
  }
}
