import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { isPostgres } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * A query built with Kysely once per dialect and then run with new values each time.
 *
 * Why: building and compiling a query (freezing its nodes, visiting them into SQL) costs more than
 * SQLite takes to run a small insert. On the registration path of a rush (decision 012)
 * the builder was a fifth of the server's CPU. The query is still written with the builder, so it
 * is type-checked against the schema as every other query is; only the building is done once.
 *
 * How: `build` receives stand-ins for its values instead of the values, and the compiled query's
 * parameters are looked up by name on each run. So `build` must use each value only as a value
 * handed to Kysely (a column value, a comparison's right side), never look at it (no `if`, no
 * `timestamp(value)`, no spreading it into column names): convert values before calling `run`.
 * A stand-in that is not found among the compiled parameters is refused when the query is first
 * built, so a value that was silently left out cannot go unnoticed.
 */

class Slot {
	readonly name: string;
	constructor(name: string) {
		this.name = name;
	}
}

interface Compiled {
	sql: string;
	parameters: readonly unknown[];
}

export interface PreparedQuery<Values, Row> {
	/** Runs the query with these values on `db` (a database or a transaction); its rows. */
	run(db: Kysely<Database>, values: Values): Promise<Row[]>;
}

export function prepared<Values extends Record<string, unknown>, Row>(
	build: (db: Kysely<Database>, values: Values) => Compilable<Row>
): PreparedQuery<Values, Row> {
	const byDialect = new Map<string, Compiled>();

	function compile(db: Kysely<Database>): Compiled {
		const used = new Set<string>();
		const slots = new Proxy({} as Values, {
			get: (_target, name) => {
				if (typeof name !== 'string') return undefined;
				used.add(name);
				return new Slot(name);
			},
			// Spreading the values would copy no stand-ins and silently drop the columns.
			ownKeys: () => {
				throw new Error('prepared query: spell out each value instead of spreading them');
			}
		});
		const query = build(db, slots).compile();
		const found = new Set(query.parameters.filter((p) => p instanceof Slot).map((p) => (p as Slot).name));
		const lost = [...used].filter((name) => !found.has(name));
		if (lost.length) throw new Error(`prepared query: ${lost.join(', ')} did not become parameters of ${query.sql}`);
		return { sql: query.sql, parameters: query.parameters };
	}

	return {
		async run(db, values) {
			const dialect = isPostgres(db) ? 'postgres' : 'sqlite';
			let compiled = byDialect.get(dialect);
			if (!compiled) {
				compiled = compile(db);
				byDialect.set(dialect, compiled);
			}
			const parameters = compiled.parameters.map((p) => (p instanceof Slot ? (values[p.name] ?? null) : p));
			const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
			return rows;
		}
	};
}
