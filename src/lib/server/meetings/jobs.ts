import type { Kysely } from 'kysely';
import { listOpenNetworks } from '../networks/index.ts';
import type { Database } from '../platform/db/schema.ts';
import { daily, type ScheduledJob } from '../platform/jobs/scheduler.ts';
import { todayIn } from '../platform/time.ts';
import { listRunningSeries } from './series-repository.ts';
import { syncSeries } from './series-sync.ts';

/**
 * The team meetings' daily job (docs/decisions/021-team-meetings.md): moves every running series'
 * horizon on a day, so its meetings exist 13 months ahead, and brings the invited of coming meetings
 * up to date with the network's members (someone who joined is invited, someone who left is not).
 * One transaction per series; safe to run twice, since the sync makes what is missing and changes
 * only what differs.
 */
export function meetingJobs(db: Kysely<Database>): ScheduledJob[] {
	return [
		{
			name: 'meetings.horizon',
			period: daily,
			async run(now: Date) {
				let created = 0;
				let series = 0;
				for (const network of await listOpenNetworks(db)) {
					const today = todayIn(network.timeZone, now);
					for (const running of await listRunningSeries(db, network.id, today)) {
						const outcome = await db
							.transaction()
							.execute((trx) => syncSeries(trx, network, running, { fromDay: today, today, now, inviteSince: now }));
						created += outcome.created.length;
						series += 1;
					}
				}
				return { series, created };
			}
		}
	];
}
