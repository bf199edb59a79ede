import type { Kysely } from 'kysely';
import { monthsBefore, startOfDayIn, todayIn } from '../platform/time.ts';
import { listOpenNetworks } from '../networks/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Mailer } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { daily, type PeriodOf, type ScheduledJob } from '../platform/jobs/scheduler.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import * as jobsRepo from './jobs-repository.ts';
import { renderEventMail } from './mail.ts';
import * as eventRepo from './events-repository.ts';
import { LIMIT_WINDOWS_MS } from './registration/limits.ts';
import { deleteEndedLimits } from './registration/limits-repository.ts';
import { asLocale, newToken, registrationLink } from './registration/links.ts';
import { expireOffers } from './registration/seats.ts';
import * as registrationRepo from './registrations-repository.ts';

/**
 * The events module's scheduled jobs (docs/product.md#events-registration, docs/product.md#data-protection): reminders before an event, passing on offers
 * whose time ran out, and erasing registrants' personal data some months after the event. Each is
 * safe to run twice or on two instances at once: every row it changes is guarded in the
 * transaction that changes it.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Registrants reminded per database round trip; the rest follow in the next round of the same run. */
const BATCH_SIZE = 200;
/** The longest reminder the event form allows (60 days), and a day to spare. */
const REMINDER_HORIZON_MS = 61 * DAY;

/** Ten-minute periods ('2026-03-15T09:4'): a reminder "N hours before" goes out within ten minutes. */
export const everyTenMinutes: PeriodOf = (now) => now.toISOString().slice(0, 15);

type Enqueue = Pick<Mailer, 'enqueue'>;

function outbox(now: Date): Enqueue {
	return { enqueue: (trx, mail) => enqueueMail(trx, mail, now) };
}

// ---------------------------------------------------------------- reminders

/**
 * The reminder an event is due now, if any: of its reminders whose moment has come, the one
 * closest to the start. An earlier one whose moment passed unsent (the job did not run, or the
 * two are set close together) is not sent after it: one reminder is enough.
 */
export function dueReminder(
	event: Pick<jobsRepo.ReminderEvent, 'startAt' | 'reminderDays' | 'reminderHours'>,
	now: Date
): { kind: jobsRepo.ReminderKind; at: Date } | null {
	if (now >= event.startAt) return null;
	const moments: { kind: jobsRepo.ReminderKind; at: Date }[] = [];
	if (event.reminderDays !== null && event.reminderDays > 0)
		moments.push({ kind: 'days', at: new Date(event.startAt.getTime() - event.reminderDays * DAY) });
	if (event.reminderHours !== null && event.reminderHours > 0)
		moments.push({ kind: 'hours', at: new Date(event.startAt.getTime() - event.reminderHours * HOUR) });
	const due = moments.filter((m) => m.at <= now).sort((a, b) => b.at.getTime() - a.at.getTime());
	return due[0] ?? null;
}

export interface ReminderCounts {
	queued: number;
}

/**
 * Queues the reminders that are due: one mail per registrant with a seat and reminder, with the
 * video link for those taking part online, and a personal link. Only the hash of a personal link
 * is stored, so, as when a link is re-sent, the reminder carries a fresh one and the older links
 * stop working. The mark, the new link and the mail commit in one transaction with the event row
 * locked (as every registration change does), so a registrant is reminded exactly once even with
 * two instances, and no cancellation or re-sent link slips in between.
 */
export async function queueEventReminders(
	db: Kysely<Database>,
	now: Date,
	publicOrigin: string,
	options: { mail?: Enqueue; batchSize?: number } = {}
): Promise<ReminderCounts> {
	const mail = options.mail ?? outbox(now);
	const batchSize = options.batchSize ?? BATCH_SIZE;
	const networks = new Map((await listOpenNetworks(db)).map((n) => [n.id, n]));
	let queued = 0;
	for (const planned of await jobsRepo.listReminderEvents(db, now, new Date(now.getTime() + REMINDER_HORIZON_MS))) {
		const network = networks.get(planned.networkId);
		const due = dueReminder(planned, now);
		if (!network || !due) continue;
		const markBase = jobsRepo.reminderMarkBase(planned.id, due.kind, planned.startAt);
		for (;;) {
			const recipients = await jobsRepo.listReminderRecipients(db, network.id, planned.id, markBase, due.at, batchSize);
			let queuedNow = 0;
			for (const recipient of recipients) {
				const done = await db.transaction().execute(async (trx) => {
					const event = await eventRepo.lockEvent(trx, network.id, planned.id);
					// Cancelled or moved meanwhile: the next run plans again from what is there now.
					if (!event || event.status !== 'published' || event.startAt.getTime() !== planned.startAt.getTime())
						return false;
					const registration = await registrationRepo.findRegistration(trx, network.id, recipient.id);
					if (!registration || registration.status !== 'registered' || registration.erasedAt) return false;
					if (!(await jobsRepo.markReminderSent(trx, markBase + registration.id, now))) return false;
					const locale = asLocale(registration.locale, network.defaultLocale);
					const { token, hash } = newToken();
					await registrationRepo.setTokenHash(trx, network.id, registration.id, hash, now);
					const rendered = renderEventMail(
						'event-reminder',
						locale,
						{
							networkName: network.name,
							title: event.title,
							startAt: event.startAt,
							endAt: event.endAt,
							timeZone: network.timeZone,
							address: event.format === 'digital' || registration.participation === 'digital' ? null : event.address,
							// The video link only for those who take part online, as in every event mail.
							videoLink: registration.participation === 'digital' ? event.videoLink : null
						},
						{ link: registrationLink(publicOrigin, network.slug, token, locale) }
					);
					await mail.enqueue(trx, {
						networkId: network.id,
						kind: 'event-reminder',
						to: registration.email,
						fromName: network.name,
						...rendered
					});
					return true;
				});
				if (done) queuedNow += 1;
			}
			queued += queuedNow;
			// A full batch may have more behind it; a batch another instance took entirely ends the round.
			if (recipients.length < batchSize || queuedNow === 0) break;
		}
	}
	return { queued };
}

// ---------------------------------------------------------------- erasure

/**
 * The first instant whose events are still kept: the start of the day `months` calendar months
 * before today in the network's time zone. An event that ended on 5 May, kept 6 months, is
 * erased on 6 November, the first day it has been over for longer than that.
 */
export function registrantCutoff(now: Date, timeZone: string, months: number): Date {
	return startOfDayIn(monthsBefore(todayIn(timeZone, now), months), timeZone);
}

export interface RegistrantErasureCounts {
	events: number;
	registrations: number;
}

/**
 * The daily privacy job: erases the personal data of the registrants of every event that ended
 * longer ago than the event's retention period (`data_retention_months`, 6 unless set). Status,
 * participation, organisation type and municipality stay, so the statistics (registrations,
 * attendance, reach by organisation type and municipality) stay complete. Each batch is one
 * transaction with its audit rows (actor: none, the system); the UPDATE re-checks `erased_at`, so
 * running twice or on two instances erases and audits each registration once.
 */
export async function eraseExpiredRegistrants(
	db: Kysely<Database>,
	now: Date,
	options: { batchSize?: number } = {}
): Promise<RegistrantErasureCounts> {
	const batchSize = options.batchSize ?? BATCH_SIZE;
	const counts: RegistrantErasureCounts = { events: 0, registrations: 0 };
	for (const event of await jobsRepo.listEventsWithPersonalData(db, now)) {
		if (event.endAt >= registrantCutoff(now, event.timeZone, event.dataRetentionMonths)) continue;
		let erasedHere = 0;
		for (;;) {
			const ids = await jobsRepo.listUnerasedRegistrationIds(db, event.networkId, event.id, batchSize);
			if (!ids.length) break;
			const erased = await db.transaction().execute(async (trx) => {
				const done = await jobsRepo.eraseRegistrations(trx, event.networkId, event.id, ids, now);
				for (const id of done)
					await recordAudit(trx, {
						action: 'events.registration_erased',
						networkId: event.networkId,
						actorUserId: null,
						entityType: 'event_registration',
						entityId: id,
						at: now
					});
				return done.length;
			});
			erasedHere += erased;
			// Nothing erased: another instance is working through this event right now; it does the rest.
			if (erased === 0 || ids.length < batchSize) break;
		}
		if (erasedHere > 0) {
			// Nobody is left to remind: the marks go too.
			await jobsRepo.deleteReminderMarks(db, event.id);
			counts.events += 1;
			counts.registrations += erasedHere;
		}
	}
	return counts;
}

// ---------------------------------------------------------------- the jobs

/**
 * The events module's jobs for the scheduler. `publicOrigin` is the app's, for the links and
 * invites of the mails; `flush` wakes the mail worker after mails were queued.
 */
export function eventJobs(db: Kysely<Database>, publicOrigin: string, flush: () => void = () => {}): ScheduledJob[] {
	return [
		{
			name: 'events.reminders',
			period: everyTenMinutes,
			run: async (now) => {
				const counts = await queueEventReminders(db, now, publicOrigin);
				if (counts.queued > 0) flush();
				return counts;
			}
		},
		{
			name: 'events.offers',
			period: everyTenMinutes,
			run: async (now) => {
				const expired = await expireOffers(db, now, { publicOrigin });
				if (expired > 0) flush();
				return { expired };
			}
		},
		{
			name: 'events.retention',
			period: daily,
			run: async (now) => ({
				...(await eraseExpiredRegistrants(db, now)),
				// The limits' counts hold hashed client addresses: kept only while a window is open.
				limitWindowsForgotten: await deleteEndedLimits(db, new Date(now.getTime() - LIMIT_WINDOWS_MS))
			})
		}
	];
}
