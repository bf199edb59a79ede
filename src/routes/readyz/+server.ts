import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { app } from '#lib/server/app.ts';
import { pendingMigrations } from '#lib/server/platform/db/migrate.ts';
import { logger } from '#lib/server/platform/logger.ts';
import type { RequestHandler } from './$types';

const headers = { 'cache-control': 'no-store' };

/**
 * Readiness: the database answers and every migration this code knows is applied. A load balancer
 * sends no traffic to an instance that answers 503. The body names a reason, never data.
 */
export const GET: RequestHandler = async () => {
	const { db } = app().database;
	let pending: string[];
	try {
		await sql`select 1`.execute(db);
		pending = await pendingMigrations(db);
	} catch (error) {
		logger.warn(
			{ err: error instanceof Error ? { message: error.message } : String(error) },
			'readiness check: database unavailable'
		);
		return json({ status: 'unavailable', reason: 'database_unavailable' }, { status: 503, headers });
	}
	if (pending.length > 0) {
		return json(
			{ status: 'unavailable', reason: 'migrations_pending', pending: pending.length },
			{ status: 503, headers }
		);
	}
	return json({ status: 'ready' }, { headers });
};
