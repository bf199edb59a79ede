import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

/** SQL of the follow-up reminders: who is due a reminder mail, and marking it sent. */

export interface ReminderNetwork {
	id: string;
	slug: string;
	name: string;
	timeZone: string;
	defaultLocale: string;
}

/** Open networks: a closed network sends no mail. */
export async function listReminderNetworks(db: Kysely<Database>): Promise<ReminderNetwork[]> {
	return db
		.selectFrom('network')
		.select(['id', 'slug', 'name', 'time_zone as timeZone', 'default_locale as defaultLocale'])
		.where('closed_at', 'is', null)
		.orderBy('id')
		.execute();
}

export interface DueReminder {
	consultationId: string;
	reference: string;
	followUpOn: string;
	assigneeUserId: string;
	assigneeEmail: string;
	assigneeLocale: string | null;
}

/**
 * Consultations of the network whose follow-up date is `today` or earlier and has not been reminded
 * yet, still open, with an assignee who is an active member of the network (a person who left gets
 * no mail about the network's cases; the reminder goes out once someone active is assigned).
 */
export async function listDueReminders(
	db: Kysely<Database>,
	networkId: string,
	today: string,
	limit: number
): Promise<DueReminder[]> {
	return db
		.selectFrom('consultation')
		.innerJoin('user', 'user.id', 'consultation.assignee_user_id')
		.innerJoin('membership', (join) =>
			join
				.onRef('membership.user_id', '=', 'consultation.assignee_user_id')
				.onRef('membership.network_id', '=', 'consultation.network_id')
				.on('membership.active', '=', 1)
		)
		.select([
			'consultation.id as consultationId',
			'consultation.reference as reference',
			'consultation.follow_up_on as followUpOn',
			'user.id as assigneeUserId',
			'user.email as assigneeEmail',
			'user.locale as assigneeLocale'
		])
		.where('consultation.network_id', '=', networkId)
		.where('consultation.follow_up_on', '<=', today)
		.where('consultation.status', '<>', 'closed')
		.where((eb) =>
			eb.or([
				eb('consultation.follow_up_reminded_on', 'is', null),
				eb('consultation.follow_up_reminded_on', '<>', eb.ref('consultation.follow_up_on'))
			])
		)
		.orderBy('consultation.follow_up_on')
		.orderBy('consultation.id')
		.limit(limit)
		.$narrowType<{ followUpOn: string }>()
		.execute();
}

/**
 * Marks the follow-up date as reminded, if it still is the date, still open, still assigned to the
 * same person and not reminded yet. Returns whether this call did it: only then may the caller queue
 * the mail, in the same transaction, so each date is reminded exactly once even with two instances.
 */
export async function markReminded(
	db: Kysely<Database>,
	networkId: string,
	due: Pick<DueReminder, 'consultationId' | 'followUpOn' | 'assigneeUserId'>
): Promise<boolean> {
	const result = await db
		.updateTable('consultation')
		.set({ follow_up_reminded_on: due.followUpOn })
		.where('network_id', '=', networkId)
		.where('id', '=', due.consultationId)
		.where('follow_up_on', '=', due.followUpOn)
		.where('assignee_user_id', '=', due.assigneeUserId)
		.where('status', '<>', 'closed')
		.where((eb) => eb.or([eb('follow_up_reminded_on', 'is', null), eb('follow_up_reminded_on', '<>', due.followUpOn)]))
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
