import type { Kysely } from 'kysely';
import { listOpenNetworks } from '../networks/index.ts';
import type { Database } from '../platform/db/schema.ts';
import { daily, type ScheduledJob } from '../platform/jobs/scheduler.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import { todayIn } from '../platform/time.ts';
import { queueMeetingNotices } from './notices.ts';
import { listRunningSeries } from './series-repository.ts';
import { syncSeries } from './series-sync.ts';

/**
 * The team meetings' daily job (docs/decisions/021-team-meetings.md): moves every running series'
 * horizon on a day, so its meetings exist 13 months ahead, and brings the invited of coming meetings
 * up to date with the network's members (someone who joined is invited, someone who left is not).
 * One transaction per series; safe to run twice, since the sync makes what is missing and changes
 * only what differs.
 *
 * With `mail`, what the sync changed is told as a change of the series is (notices.ts): the new
 * meeting at the horizon is an invitation, a member who joined is invited to the meetings ahead,
 * one no longer invited (say, now a communicator) gets the cancellations. Without it (tests of
 * the sync alone) nothing is mailed.
 */
export function meetingJobs(db: Kysely<Database>, mail?: { publicOrigin: string; flush: () => void }): ScheduledJob[] {
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
						const outcome = await db.transaction().execute(async (trx) => {
							const synced = await syncSeries(trx, network, running, { fromDay: today, today, now, inviteSince: now });
							if (mail)
								await queueMeetingNotices(
									trx,
									{
										network,
										now,
										publicOrigin: mail.publicOrigin,
										mail: { enqueue: (db, m) => enqueueMail(db, m, now), flush: mail.flush }
									},
									{
										invited: synced.created,
										changed: synced.changed,
										cancelled: synced.cancelled,
										joined: synced.joined,
										left: synced.left,
										removed: synced.removedMeetings
									}
								);
							return synced;
						});
						created += outcome.created.length;
						series += 1;
					}
				}
				mail?.flush();
				return { series, created };
			}
		}
	];
}
