import { randomBytes, randomUUID } from 'node:crypto';
import { listEventParticipants } from '../events/index.ts';
import { listMeetingParticipants } from '../meetings/index.ts';
import { listMembers } from '../networks/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { endOfDayIn, startOfDayIn, todayIn } from '../platform/time.ts';
import * as invitations from './invitations-repository.ts';
import { answerLink, newToken } from './links.ts';
import { surveyMail, surveyMailLocale } from './mail.ts';
import { allQuestions } from './model.ts';
import * as surveys from './surveys-repository.ts';

/**
 * Asking people (docs/product.md#evaluations): a survey opens by sending each person of its audience
 * a personal one-time link through the outbox, in their language; the public link needs none.
 * Staff see how many were asked and how many answered, never who
 * (docs/decisions/023-anonymous-surveys.md).
 */

export interface Recipient {
	email: string;
	name: string | null;
	locale: string | null;
	userId: string | null;
}

/** Everyone the survey's audience names now, each address once. */
export async function audienceRecipients(ctx: ServiceContext, survey: surveys.SurveyRow): Promise<Recipient[]> {
	const a = survey.audience;
	const zone = ctx.network.timeZone;
	let people: Recipient[] = [];
	if (a.kind === 'event' && a.eventId)
		people = await listEventParticipants(ctx.db, ctx.network.id, a.eventId, a.eventScope ?? 'checked_in');
	else if (a.kind === 'meeting' && a.meetingId)
		people = await listMeetingParticipants(
			ctx.db,
			ctx.network.id,
			{ meetingId: a.meetingId },
			a.meetingScope ?? 'invited'
		);
	else if (a.kind === 'series' && a.seriesId && a.periodFrom && a.periodTo)
		people = await listMeetingParticipants(
			ctx.db,
			ctx.network.id,
			{ seriesId: a.seriesId, from: startOfDayIn(a.periodFrom, zone), to: endOfDayIn(a.periodTo, zone) },
			a.meetingScope ?? 'invited'
		);
	else if (a.kind === 'roles')
		people = (await listMembers(ctx.db, ctx.network.id))
			.filter((member) => member.active && a.roles.includes(member.role))
			.map((member) => ({ email: member.email, name: member.name, locale: null, userId: member.userId }));
	const seen = new Set<string>();
	return people.filter((person) => {
		const key = person.email.trim().toLowerCase();
		if (!key || seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** How many the survey would ask now, and how many of them are not asked yet. */
export async function audiencePreview(
	ctx: ServiceContext,
	surveyId: string
): Promise<Result<{ total: number; notYetAsked: number }>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const people = await audienceRecipients(ctx, survey);
	const asked = await invitations.invitedEmails(ctx.db, ctx.network.id, survey.id);
	return ok({ total: people.length, notYetAsked: people.filter((p) => !asked.has(p.email.toLowerCase())).length });
}

/**
 * Opens a draft survey and sends its invitations, or, for an open one, invites those of its audience
 * not asked yet (someone checked in late). Refused when the survey asks nothing, when it has closed,
 * and when fewer people would be asked than the answers needed to show results: their answers
 * could never be shown without pointing to someone.
 */
export async function openSurvey(ctx: ServiceContext, surveyId: string): Promise<Result<{ invited: number }>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	if (survey.status === 'closed') return failure('error_surveys_closed');
	if (!allQuestions(survey.definition).length) return failure('error_surveys_no_questions');
	const today = todayIn(ctx.network.timeZone, ctx.now);
	if (survey.closesOn && survey.closesOn < today) return failure('error_surveys_closes_in_past', 'closes_on');

	const isPublic = survey.audience.kind === 'public';
	const people = isPublic ? [] : await audienceRecipients(ctx, survey);
	const asked = await invitations.invitedEmails(ctx.db, ctx.network.id, survey.id);
	const newcomers = people.filter((p) => !asked.has(p.email.toLowerCase()));
	if (!isPublic && survey.status === 'draft' && people.length < survey.minAnswers)
		return failure('error_surveys_too_few_recipients');
	if (!isPublic && survey.status === 'open' && !newcomers.length) return failure('error_surveys_nobody_new');

	await ctx.db.transaction().execute(async (trx) => {
		const rows = newcomers.map((person) => ({ person, id: randomUUID(), ...newToken() }));
		await invitations.insertInvitations(
			trx,
			ctx.network.id,
			survey.id,
			rows.map(({ person, id, hash }) => ({
				id,
				tokenHash: hash,
				email: person.email.trim(),
				name: person.name,
				locale: surveyMailLocale(person.locale, ctx.network.defaultLocale),
				userId: person.userId
			}))
		);
		for (const { person, token } of rows) {
			const locale = surveyMailLocale(person.locale, ctx.network.defaultLocale);
			const mail = surveyMail(
				{
					networkName: ctx.network.name,
					surveyTitle: survey.title,
					link: answerLink(ctx.publicOrigin, ctx.network.slug, token, locale),
					closesOn: survey.closesOn,
					timeZone: ctx.network.timeZone,
					reminder: 0
				},
				locale
			);
			await ctx.mail.enqueue(trx, {
				networkId: ctx.network.id,
				kind: 'survey-invitation',
				to: person.email.trim(),
				fromName: ctx.network.name,
				...mail
			});
		}
		if (survey.status === 'draft')
			await surveys.updateSurvey(
				trx,
				ctx.network.id,
				survey.id,
				{
					status: 'open',
					openedOn: today,
					publicToken: isPublic ? randomBytes(24).toString('base64url') : null
				},
				ctx.now
			);
		await ctx.audit.record('surveys.opened', { type: 'survey', id: survey.id }, 'success', trx);
	});
	ctx.mail.flush();
	return ok({ invited: newcomers.length });
}

/** Closes a survey now: its links then answer "this survey is closed". */
export async function closeSurvey(ctx: ServiceContext, surveyId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	if (survey.status !== 'open') return failure('error_surveys_not_open');
	await ctx.db.transaction().execute(async (trx) => {
		await surveys.updateSurvey(
			trx,
			ctx.network.id,
			survey.id,
			{ status: 'closed', closedOn: todayIn(ctx.network.timeZone, ctx.now) },
			ctx.now
		);
		await ctx.audit.record('surveys.closed', { type: 'survey', id: survey.id }, 'success', trx);
	});
	return ok(undefined);
}

/**
 * Opens a closed survey again, until a new last day (today or later): for answers that came too
 * late because the survey closed early.
 */
export async function reopenSurvey(ctx: ServiceContext, surveyId: string, closesOn: string): Promise<Result<void>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	if (survey.status !== 'closed') return failure('error_surveys_not_closed');
	if (closesOn < todayIn(ctx.network.timeZone, ctx.now)) return failure('error_surveys_closes_in_past', 'closes_on');
	await ctx.db.transaction().execute(async (trx) => {
		await surveys.updateSurvey(trx, ctx.network.id, survey.id, { status: 'open', closesOn, closedOn: null }, ctx.now);
		await ctx.audit.record('surveys.reopened', { type: 'survey', id: survey.id }, 'success', trx);
	});
	return ok(undefined);
}
