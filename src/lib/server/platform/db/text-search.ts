import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { isPostgres } from './dialect.ts';
import type { Database } from './schema.ts';

/** Letters of either case: `ö` → `[Öö]`, so matching ignores case for å, ä, ö, æ, ø too. */
function caseless(char: string, escape: (c: string) => string): string {
	const lower = char.toLowerCase();
	const upper = char.toUpperCase();
	return lower !== upper && lower.length === 1 && upper.length === 1 ? `[${lower}${upper}]` : escape(char);
}

/**
 * "Contains, ignoring case" that works for Nordic letters on both databases: SQLite's lower() and
 * LIKE only know A–Z, and PostgreSQL's depend on the database's locale. Each letter becomes a
 * class of both cases, in a GLOB pattern on SQLite and a regular expression on PostgreSQL; what
 * people type is never a wildcard.
 */
export function contains(db: Kysely<Database>, column: string, text: string): Expression<SqlBool> {
	const chars = [...text.trim()];
	if (isPostgres(db)) {
		const pattern = chars.map((c) => caseless(c, (x) => x.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))).join('');
		return sql<SqlBool>`${sql.ref(column)} ~ ${pattern}`;
	}
	const pattern = chars.map((c) => caseless(c, (x) => (/[*?[\]]/.test(x) ? `[${x}]` : x))).join('');
	return sql<SqlBool>`${sql.ref(column)} glob ${`*${pattern}*`}`;
}
