/**
 * Whether a database error is a unique constraint refusing a second row with the same key: two
 * people saving the same thing at once. PostgreSQL says so with SQLSTATE 23505, SQLite with
 * SQLITE_CONSTRAINT_UNIQUE (node:sqlite puts the text in the message).
 */
export function isUniqueViolation(error: unknown): boolean {
	const { code, errcode, message } = (error ?? {}) as { code?: unknown; errcode?: unknown; message?: unknown };
	return (
		code === '23505' || errcode === 2067 || (typeof message === 'string' && /UNIQUE constraint failed/.test(message))
	);
}
