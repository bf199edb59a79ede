import { CompiledQuery, type Kysely } from 'kysely';

/**
 * Group commit for small write transactions that arrive in bursts (the registration rush,
 * decision 012). Work handed to `run(key, work)` while a transaction for the same key is running waits,
 * and the next transaction runs all that waited, one after the other, each inside its own
 * savepoint, and commits them once.
 *
 * Why: every commit on SQLite with `synchronous = FULL` is a disk flush, and on one connection
 * every transaction waits for the one before. Ten registrations in one transaction cost one flush
 * instead of ten; the seat decisions inside are still made one at a time, each on what the one
 * before it wrote.
 *
 * What each caller sees is what a transaction of its own would give: its promise settles only after
 * the commit that holds its writes; if its work throws, its savepoint is rolled back (the others'
 * writes stay) and the promise rejects with that error; if the commit fails, every promise of the
 * batch rejects and nothing of it was written. A result that says "no" (a `Result` failure) is a
 * value, not an error: whatever the work wrote before returning it commits.
 *
 * Keys keep unrelated work apart: on PostgreSQL a batch locks the rows its work locks until the
 * commit, so a key should name the one row all of its work locks first (the event), or two batches
 * could wait for each other. Work must not call `run` itself, nor start another transaction on
 * SQLite's one connection: it would wait for the transaction it is part of.
 */

interface Item<DB> {
	work: (trx: Kysely<DB>) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

// Compiled once: a rush runs two of them per registration.
const savepoint = CompiledQuery.raw('savepoint batch_item');
const releaseSavepoint = CompiledQuery.raw('release savepoint batch_item');
const rollbackToSavepoint = CompiledQuery.raw('rollback to savepoint batch_item');

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class TransactionBatcher<DB> {
	readonly #db: Kysely<DB>;
	readonly #maxBatch: number;
	readonly #queues = new Map<string, Item<DB>[]>();

	constructor(db: Kysely<DB>, options: { maxBatch?: number } = {}) {
		this.#db = db;
		// Up to 200 registrations per commit: under load a batch takes everything that is ready (a
		// larger batch commits less often; a smaller one split each wave of a rush and made its
		// last requests wait for several commits).
		this.#maxBatch = options.maxBatch ?? 200;
	}

	run<T>(key: string, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const item: Item<DB> = { work, resolve: resolve as (value: unknown) => void, reject };
			const queue = this.#queues.get(key);
			if (queue) queue.push(item);
			else {
				this.#queues.set(key, [item]);
				// node:sqlite answers synchronously, so a request runs from its first byte to its
				// transaction without yielding to other requests: without this pause there would never
				// be a second item to batch. One turn of the event loop lets every request already
				// received reach this queue first.
				setImmediate(() => void this.#drain(key));
			}
		});
	}

	/** Runs the key's queue batch by batch until it is empty, then forgets the key. */
	async #drain(key: string): Promise<void> {
		const queue = this.#queues.get(key)!;
		while (queue.length) await this.#runBatch(queue);
		this.#queues.delete(key);
	}

	async #runBatch(queue: Item<DB>[]): Promise<void> {
		let batch: Item<DB>[] = [];
		const outcomes: Outcome[] = [];
		try {
			await this.#db.transaction().execute(async (trx) => {
				// Taken once the transaction has the connection: work that became ready while it
				// waited for it joins this batch instead of waiting for the next one.
				batch = queue.splice(0, this.#maxBatch);
				if (batch.length === 1) {
					// Alone, the work is the whole transaction: an error rolls it all back.
					outcomes.push({ ok: true, value: await batch[0].work(trx) });
					return;
				}
				for (const item of batch) {
					await trx.executeQuery(savepoint);
					try {
						const value = await item.work(trx);
						await trx.executeQuery(releaseSavepoint);
						outcomes.push({ ok: true, value });
					} catch (error) {
						await trx.executeQuery(rollbackToSavepoint);
						await trx.executeQuery(releaseSavepoint);
						outcomes.push({ ok: false, error });
					}
				}
			});
		} catch (error) {
			// The transaction could not start (nothing taken yet) or not commit: these fail, nothing
			// of them was written.
			if (batch.length === 0) batch = queue.splice(0, this.#maxBatch);
			for (const item of batch) item.reject(error);
			return;
		}
		batch.forEach((item, i) => {
			const outcome = outcomes[i];
			if (outcome.ok) item.resolve(outcome.value);
			else item.reject(outcome.error);
		});
	}
}

const batchers = new WeakMap<object, TransactionBatcher<unknown>>();

/** The batcher of a database handle (one per Kysely instance, so per process and database). */
export function transactionBatcher<DB>(db: Kysely<DB>): TransactionBatcher<DB> {
	let batcher = batchers.get(db) as TransactionBatcher<DB> | undefined;
	if (!batcher) {
		batcher = new TransactionBatcher(db);
		batchers.set(db, batcher as TransactionBatcher<unknown>);
	}
	return batcher;
}
