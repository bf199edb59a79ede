import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { hourly, type ScheduledJob } from '../platform/jobs/scheduler.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import { consultationLink } from './links.ts';
import { followUpMail, mailLocale } from './mail.ts';
import { todayIn } from '../platform/time.ts';
import * as repo from './reminders-repository.ts';

/**
 * Follow-up reminders (docs/product.md#consultations-work-flow): on a consultation's follow-up date its assignee gets one mail
 * that the date has come. The mail names the reference, the date and a link that asks for a sign-in;
 * it never holds the question or any other text of the case, because mail leaves the system's
 * protection (encryption at rest, audit of every read).
 */

/** Reminders queued per database round trip; the rest follow in the next round of the same run. */
const BATCH_SIZE = 200;

export interface ReminderCounts {
	queued: number;
}

/**
 * The hourly job: queues a reminder for every open, assigned consultation whose follow-up date has
 * come in its network's time zone and was not reminded yet. Marking the date reminded and queueing
 * the mail happen in one transaction, and the mark is a compare-and-set: a second run, or a second
 * instance at the same moment, queues nothing more. A new follow-up date gets its own reminder.
 * The caller wakes the mail worker after it returns.
 */
export async function queueFollowUpReminders(
	db: Kysely<Database>,
	now: Date,
	publicOrigin: string
): Promise<ReminderCounts> {
	let queued = 0;
	for (const network of await repo.listReminderNetworks(db)) {
		const today = todayIn(network.timeZone, now);
		for (;;) {
			const due = await repo.listDueReminders(db, network.id, today, BATCH_SIZE);
			let queuedNow = 0;
			for (const reminder of due) {
				const locale = mailLocale(reminder.assigneeLocale, network.defaultLocale);
				const mail = followUpMail(locale, {
					networkName: network.name,
					reference: reminder.reference,
					followUpOn: reminder.followUpOn,
					link: consultationLink(publicOrigin, network.slug, reminder.reference, locale)
				});
				const done = await db.transaction().execute(async (trx) => {
					if (!(await repo.markReminded(trx, network.id, reminder))) return false;
					await enqueueMail(
						trx,
						{
							networkId: network.id,
							kind: 'consultation-follow-up',
							to: reminder.assigneeEmail,
							fromName: network.name,
							...mail
						},
						now
					);
					return true;
				});
				if (done) queuedNow += 1;
			}
			queued += queuedNow;
			// A full batch may have more behind it; a batch another instance took entirely ends the round.
			if (due.length < BATCH_SIZE || queuedNow === 0) break;
		}
	}
	return { queued };
}

/** The job for the scheduler: every hour, so a date is reminded early on its morning in any zone. */
export function remindersJob(
	db: Kysely<Database>,
	publicOrigin: string,
	afterQueued: (counts: ReminderCounts) => void = () => {}
): ScheduledJob {
	return {
		name: 'consultations.reminders',
		period: hourly,
		run: async (now) => {
			const counts = await queueFollowUpReminders(db, now, publicOrigin);
			if (counts.queued > 0) afterQueued(counts);
			return counts;
		}
	};
}
