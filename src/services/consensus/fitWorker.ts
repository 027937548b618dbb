/** The consensus batch's fit worker (fitDomains.ts): fits one domain's labels per question, in order. */
import type { EncodedLabels } from '../../quality/encoded.js';
import { fitLabels } from './fitLabels.js';
import { answerQuestions, yieldToTheServer } from '../offload/workerBeside.js';

// Pure computation, no lock held: it gives way to tutors' requests.
yieldToTheServer();

answerQuestions((q: { method: string; data: EncodedLabels; gold?: Int32Array }) => fitLabels(q.method, q.data, q.gold));
