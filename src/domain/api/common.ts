/**
 * Pieces every resource's API schemas share. The schemas in this folder are the single source of the
 * HTTP contract: routes validate and serialize with them, services derive their result types from them
 * (`z.output`), and the web app imports those types only (`import type`), so no zod reaches its bundle.
 * Response schemas double as filters: the zod serializer drops any key not listed, so a field added to
 * a record never leaks by accident.
 */
import { z } from 'zod';
import type { TaskPayload, TaskType } from '../tasks.js';

export const Id = z.coerce.number().int().positive();
export const IdParams = z.object({ id: Id });

export const NoContent = z.undefined().describe('no content');

/** A JSON object whose shape depends on the task type (payloads, responses, verdicts, labels). */
export const Json = z.record(z.string(), z.unknown());

/**
 * A response shape whose `type` and `payload` are a task's. The schemas keep both open (a string and a
 * JSON object, so the OpenAPI document stays readable); the server fills them from a task validated by
 * its type on import, and this type ties the two together for clients that render the payload.
 */
export type TaskTyped<X, T extends TaskType = TaskType> = Omit<X, 'type' | 'payload'> & { type: T; payload: TaskPayload<T> };
