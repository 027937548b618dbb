/**
 * "May this task take another lease?" in SQL: the one spelling of routing/leases.ts `isOpen`, which
 * every statement that moves a task's counters uses to keep `tasks.is_open` in step with them. Gold
 * is always open (overlap does not cap it); any other task while judgments plus live leases stay
 * under its target: its own `target_judgments` under adaptive overlap, else the project's overlap.
 * test/integration/routing/openRule.test.ts checks the SQL and `isOpen` agree, on both databases.
 */
import { sql, type RawBuilder } from 'kysely';

/**
 * The rule as SQL text over the counters after the change (`submitted`, `leases`: SQL expressions)
 * and the target (an SQL expression), for prepared statements that bind their own parameters.
 */
export function openRuleText(submitted: string, leases: string, target: string): string {
  return `CASE WHEN is_gold = 1 OR ${submitted} + ${leases} < ${target} THEN 1 ELSE 0 END`;
}

/** A task's target as SQL, given how the statement writes the project's overlap (`?`, a literal, …). */
export function targetText(overlap: string): string {
  return `COALESCE(target_judgments, ${overlap})`;
}

/** A value Kysely binds as a parameter (number) or writes inline (`sql.lit`). */
type SqlValue = number | RawBuilder<number>;

/** Stands for the bound value while the text is built; never part of a statement. */
const VALUE = '\u0000';

/**
 * The same rule as a Kysely fragment. `overlap`: the project's overlap, the task's own target
 * winning when it has one; `target`: a fixed target (the statement sets `target_judgments` to it).
 */
export function openRule(submitted: string, leases: string, by: { overlap: SqlValue } | { target: SqlValue }): RawBuilder<number> {
  const [before, after] = openRuleText(submitted, leases, 'overlap' in by ? targetText(VALUE) : VALUE).split(VALUE);
  return sql<number>`${sql.raw(before)}${'overlap' in by ? by.overlap : by.target}${sql.raw(after)}`;
}
