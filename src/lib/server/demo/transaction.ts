import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

/**
 * The demo runs in one transaction (seed.ts) and the services open their own: inside it, theirs
 * simply run on the demo's, which commits or rolls back everything together.
 */
export function joiningTransaction(trx: Kysely<Database>): Kysely<Database> {
	const joined: Kysely<Database> = new Proxy(trx, {
		get(target, property) {
			if (property === 'transaction')
				return () => ({ execute: <T>(work: (db: Kysely<Database>) => Promise<T>) => work(joined) });
			// Kysely keeps its state in private fields: its methods must run on the real object.
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
	return joined;
}
