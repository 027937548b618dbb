/**
 * Settings of every PostgreSQL session the app opens. `jit = off`: PostgreSQL compiles a statement's
 * expressions once its estimated cost passes `jit_above_cost`, on every execution, and tutorloop's big
 * statements run again and again (a consensus slice's rollup trigger spent 352 of its 771 ms compiling
 * at a million tasks; the Quality page's reads paid it on each call) for no gain in execution.
 */
export const PG_SESSION_OPTIONS = '-c jit=off';
