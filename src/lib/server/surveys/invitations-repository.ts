import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

/**
 * Who was asked. An invitation keeps the address to send to and reminders, and whether it was
 * answered — never when, and nothing that points to the answer (docs/decisions/023-anonymous-surveys.md).
 */

export interface NewInvitation {
	id: string;
	tokenHash: string;
	email: string;
	name: string | null;
	locale: string;
	userId: string | null;
}

export interface InvitationRow extends Omit<NewInvitation, 'tokenHash'> {
	surveyId: string;
	answered: boolean;
	remindersSent: number;
}

export async function insertInvitations(
	db: Kysely<Database>,
	networkId: string,
	surveyId: string,
	invitations: NewInvitation[]
): Promise<void> {
	for (let i = 0; i < invitations.length; i += 500) {
		await db
			.insertInto('survey_invitation')
			.values(
				invitations.slice(i, i + 500).map((inv) => ({
					id: inv.id,
					network_id: networkId,
					survey_id: surveyId,
					email: inv.email,
					name: inv.name,
					locale: inv.locale,
					user_id: inv.userId,
					answered: 0,
					reminders_sent: 0
				}))
			)
			.execute();
		await db
			.insertInto('survey_link')
			.values(
				invitations.slice(i, i + 500).map((inv) => ({
					token_hash: inv.tokenHash,
					network_id: networkId,
					invitation_id: inv.id
				}))
			)
			.execute();
	}
}

/** The addresses already asked, lower-cased. */
export async function invitedEmails(db: Kysely<Database>, networkId: string, surveyId: string): Promise<Set<string>> {
	const rows = await db
		.selectFrom('survey_invitation')
		.select('email')
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.execute();
	return new Set(rows.map((r) => r.email.toLowerCase()));
}

/**
 * Marks the invitation answered if it was not: true for exactly one of any number of attempts at
 * the same moment (the row's lock on PostgreSQL, the single writer on SQLite).
 */
export async function claimInvitation(db: Kysely<Database>, networkId: string, invitationId: string): Promise<boolean> {
	const result = await db
		.updateTable('survey_invitation')
		.set({ answered: 1 })
		.where('network_id', '=', networkId)
		.where('id', '=', invitationId)
		.where('answered', '=', 0)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function invitationCounts(
	db: Kysely<Database>,
	networkId: string,
	surveyId: string
): Promise<{ invited: number; answered: number }> {
	const row = await db
		.selectFrom('survey_invitation')
		.select((eb) => [
			eb.fn.countAll<number>().as('invited'),
			eb.fn.sum<number>(eb.case().when('answered', '=', 1).then(1).else(0).end()).as('answered')
		])
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.executeTakeFirstOrThrow();
	return { invited: Number(row.invited ?? 0), answered: Number(row.answered ?? 0) };
}

/** Those not yet answered who have had fewer than `below` reminders: for the reminder job. */
export async function listUnanswered(
	db: Kysely<Database>,
	networkId: string,
	surveyId: string,
	below: number
): Promise<InvitationRow[]> {
	const rows = await db
		.selectFrom('survey_invitation')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.where('answered', '=', 0)
		.where('reminders_sent', '<', below)
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		surveyId: row.survey_id,
		email: row.email,
		name: row.name,
		locale: row.locale,
		userId: row.user_id,
		answered: false,
		remindersSent: row.reminders_sent
	}));
}

/** Counts a reminder for each of these invitations, unless it was answered meanwhile. */
export async function countReminder(
	db: Kysely<Database>,
	networkId: string,
	invitationIds: string[],
	reminders: number
): Promise<void> {
	for (let i = 0; i < invitationIds.length; i += 500)
		await db
			.updateTable('survey_invitation')
			.set({ reminders_sent: reminders })
			.where('network_id', '=', networkId)
			.where('id', 'in', invitationIds.slice(i, i + 500))
			.execute();
}

/** Gives an invitation a further link (a reminder's); every link of it works until it is answered. */
export async function addLink(
	db: Kysely<Database>,
	networkId: string,
	invitationId: string,
	tokenHash: string
): Promise<void> {
	await db
		.insertInto('survey_link')
		.values({ token_hash: tokenHash, network_id: networkId, invitation_id: invitationId })
		.execute();
}
