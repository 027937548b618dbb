/**
 * The id a tutor reads for a task. Task ids are sequential, and gold imported in its own file gets a
 * contiguous block of them, so a tutor comparing ids could tell the honeypots from the real work (#12).
 * Tutors therefore see a keyed hash of the id instead: HMAC-SHA256 under a key derived from the server key
 * (services/secrets/secretBox.ts, never in the database), cut to 48 bits so it stays a safe JSON integer.
 * Without the key the ids are unordered and unrelated to one another; every server sharing the key
 * agrees on them. Nothing maps them back: a tutor's writes name the assignment, never the task.
 * Reviewers, managers and admins keep the real ids (managers see both in the task list).
 */
import { createHmac } from 'node:crypto';
import { serverKey } from '../secrets/secretBox.js';

let derived: { from: Buffer; key: Buffer } | undefined;

/** A purpose-bound key, so these ids say nothing about the server key or any other use of it. */
function idKey(): Buffer {
  const key = serverKey();
  if (derived?.from !== key) derived = { from: key, key: createHmac('sha256', key).update('tutor-task-id/v1').digest() };
  return derived.key;
}

export function tutorTaskId(taskId: number): number {
  return createHmac('sha256', idKey()).update(String(taskId)).digest().readUIntBE(0, 6);
}
