/**
 * Pieces every resource's API schemas share. The schemas in this folder are the single source of the
 * HTTP contract: routes validate and serialize with them, services derive their result types from them
 * (`z.output`), and the web app imports those types only (`import type`), so no zod reaches its bundle.
 * Response schemas double as filters: the zod serializer drops any key not listed, so a field added to
 * a record never leaks by accident.
 */
import { z } from 'zod';

export const Id = z.coerce.number().int().positive();
export const IdParams = z.object({ id: Id });

export const NoContent = z.undefined().describe('no content');

/** A JSON object whose shape depends on the task type (payloads, responses, verdicts, labels). */
export const Json = z.record(z.string(), z.unknown());
