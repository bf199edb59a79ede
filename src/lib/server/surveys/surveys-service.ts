import { randomUUID } from 'node:crypto';
import { findEventTitle, listEventsToEvaluate } from '../events/index.ts';
import { listMeetingsToEvaluate } from '../meetings/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { todayIn } from '../platform/time.ts';
import type { CreateSurveyForm, SettingsForm } from './forms.ts';
import * as invitations from './invitations-repository.ts';
import { allQuestions, DEFAULT_MIN_ANSWERS, localText, shippedTemplateKeys, type ShippedTemplateKey } from './model.ts';
import { publicSurveyLink } from './links.ts';
import * as responses from './responses-repository.ts';
import * as surveys from './surveys-repository.ts';
import { shippedTemplate, shippedTemplates } from './templates.ts';

/**
 * Surveys and their templates (docs/product.md#evaluations): a survey starts as a draft, blank or
 * copied from a shipped or the network's own template; its audience and dates are set before it
 * opens; once answers exist, only what does not change their meaning may change.
 */

export async function listSurveys(ctx: ServiceContext) {
	await requirePermission(ctx, 'surveys.manage');
	return surveys.listSurveys(ctx.db, ctx.network.id);
}

/** Where a new survey can start from: blank, a shipped template, or one of the network's. */
export async function surveySources(ctx: ServiceContext) {
	await requirePermission(ctx, 'surveys.manage');
	const own = await surveys.listTemplates(ctx.db, ctx.network.id);
	return {
		shipped: shippedTemplates().map((t) => ({
			value: `shipped:${t.key}`,
			title: localText(t.title, ctx.locale),
			description: localText(t.description, ctx.locale)
		})),
		own: own.map((t) => ({ value: `own:${t.id}`, id: t.id, title: t.title, description: t.description }))
	};
}

export async function createSurvey(ctx: ServiceContext, form: CreateSurveyForm): Promise<Result<{ id: string }>> {
	await requirePermission(ctx, 'surveys.manage');
	let start: { definition: surveys.SurveyRow['definition']; templateKey: string | null; description: string | null };
	if (form.source === 'blank') start = { definition: { sections: [] }, templateKey: null, description: null };
	else if (form.source.startsWith('shipped:')) {
		const key = form.source.slice('shipped:'.length);
		if (!(shippedTemplateKeys as readonly string[]).includes(key)) return failure('error_invalid', 'source');
		const template = shippedTemplate(key as ShippedTemplateKey);
		start = {
			definition: template.definition,
			templateKey: key,
			description: localText(template.description, ctx.locale) || null
		};
	} else if (form.source.startsWith('own:')) {
		const template = await surveys.findTemplate(ctx.db, ctx.network.id, form.source.slice('own:'.length));
		if (!template) return failure('error_invalid', 'source');
		start = {
			definition: template.definition,
			templateKey: template.templateKey ?? `own:${template.id}`,
			description: template.description
		};
	} else return failure('error_invalid', 'source');
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		await surveys.insertSurvey(
			trx,
			{
				id,
				networkId: ctx.network.id,
				title: form.title,
				description: start.description,
				templateKey: start.templateKey,
				definition: start.definition,
				audience: {
					kind: 'roles',
					eventId: null,
					eventScope: null,
					meetingId: null,
					seriesId: null,
					meetingScope: null,
					periodFrom: null,
					periodTo: null,
					roles: ['admin', 'coordinator', 'member']
				},
				minAnswers: DEFAULT_MIN_ANSWERS,
				createdBy: ctx.actor.userId
			},
			ctx.now
		);
		await ctx.audit.record('surveys.created', { type: 'survey', id }, 'success', trx);
	});
	return ok({ id });
}

/** A survey with what its page shows: how many were asked and answered (never who), and its links. */
export async function surveyOverview(ctx: ServiceContext, surveyId: string) {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const [counts, answered, eventTitle] = await Promise.all([
		invitations.invitationCounts(ctx.db, ctx.network.id, survey.id),
		responses.countResponses(ctx.db, ctx.network.id, survey.id),
		survey.audience.eventId ? findEventTitle(ctx.db, ctx.network.id, survey.audience.eventId) : null
	]);
	return ok({
		survey,
		invited: counts.invited,
		answered,
		eventTitle,
		publicLink: survey.publicToken
			? publicSurveyLink(ctx.publicOrigin, ctx.network.slug, survey.publicToken, ctx.locale)
			: null,
		today: todayIn(ctx.network.timeZone, ctx.now)
	});
}

/** What the settings form offers: the events and meetings that have taken place, and the series. */
export async function audienceChoices(ctx: ServiceContext) {
	await requirePermission(ctx, 'surveys.manage');
	const [events, meetings] = await Promise.all([
		listEventsToEvaluate(ctx.db, ctx.network.id, ctx.now),
		listMeetingsToEvaluate(ctx.db, ctx.network.id, ctx.now)
	]);
	return { events, meetings: meetings.meetings, series: meetings.series };
}

/**
 * Saves title, audience, dates and the answers needed for results. Once a survey is open its
 * audience stays (the invitations went to it) and the number needed may only go up; a last day and
 * reminders must not lie in the past.
 */
export async function saveSettings(ctx: ServiceContext, surveyId: string, form: SettingsForm): Promise<Result<void>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const today = todayIn(ctx.network.timeZone, ctx.now);
	const draft = survey.status === 'draft';
	if (!draft && form.minAnswers < survey.minAnswers) return failure('error_surveys_min_answers_lowered', 'minAnswers');
	if (form.closesOn && form.closesOn < today && form.closesOn !== survey.closesOn)
		return failure('error_surveys_closes_in_past', 'closesOn');
	const reminders = [form.reminder1, form.reminder2].filter((d): d is string => Boolean(d));
	const sentAlready = survey.reminderDays.slice(0, survey.remindersSent);
	for (const [i, day] of reminders.entries())
		if (day < today && day !== sentAlready[i]) return failure('error_surveys_reminder_in_past', `reminder${i + 1}`);
	if (!draft && form.audience !== survey.audience.kind) return failure('error_surveys_audience_fixed', 'audience');

	const choices = draft ? await audienceChoices(ctx) : null;
	if (choices) {
		if (form.audience === 'event' && !choices.events.some((e) => e.id === form.eventId))
			return failure('error_surveys_event_required', 'eventId');
		if (form.audience === 'meeting' && !choices.meetings.some((mt) => mt.id === form.meetingId))
			return failure('error_surveys_meeting_required', 'meetingId');
		if (form.audience === 'series' && !choices.series.some((s) => s.id === form.seriesId))
			return failure('error_surveys_series_required', 'seriesId');
	}
	const audience: surveys.SurveyAudience = draft
		? {
				kind: form.audience,
				eventId: form.audience === 'event' ? form.eventId : null,
				eventScope: form.audience === 'event' ? form.eventScope : null,
				meetingId: form.audience === 'meeting' ? form.meetingId : null,
				seriesId: form.audience === 'series' ? form.seriesId : null,
				meetingScope: form.audience === 'meeting' || form.audience === 'series' ? form.meetingScope : null,
				periodFrom: form.audience === 'series' ? form.periodFrom : null,
				periodTo: form.audience === 'series' ? form.periodTo : null,
				roles: form.audience === 'roles' ? form.roles : []
			}
		: survey.audience;
	await ctx.db.transaction().execute(async (trx) => {
		await surveys.updateSurvey(
			trx,
			ctx.network.id,
			survey.id,
			{
				title: form.title,
				description: form.description,
				audience,
				minAnswers: form.minAnswers,
				closesOn: form.closesOn,
				reminderDays: reminders
			},
			ctx.now
		);
		await ctx.audit.record('surveys.updated', { type: 'survey', id: survey.id }, 'success', trx);
	});
	return ok(undefined);
}

/** Deletes a survey that has no answers; one with answers is kept (close it instead). */
export async function deleteSurvey(ctx: ServiceContext, surveyId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	if ((await responses.countResponses(ctx.db, ctx.network.id, survey.id)) > 0)
		return failure('error_surveys_has_answers');
	await ctx.db.transaction().execute(async (trx) => {
		await surveys.deleteSurvey(trx, ctx.network.id, survey.id);
		await ctx.audit.record('surveys.deleted', { type: 'survey', id: survey.id }, 'success', trx);
	});
	return ok(undefined);
}

/** Keeps a survey's questions as one of the network's templates, for the next time. */
export async function saveAsTemplate(
	ctx: ServiceContext,
	surveyId: string,
	title: string
): Promise<Result<{ id: string }>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		await surveys.insertTemplate(
			trx,
			{
				id,
				networkId: ctx.network.id,
				title,
				description: survey.description,
				templateKey: survey.templateKey,
				definition: survey.definition,
				createdBy: ctx.actor.userId
			},
			ctx.now
		);
		await ctx.audit.record('surveys.template_saved', { type: 'survey_template', id }, 'success', trx);
	});
	return ok({ id });
}

/**
 * The templates page: the network's own templates, each with what it was copied from (a shipped
 * template, another of the network's, or nothing) and its number of questions, and the shipped ones.
 */
export async function templateOverview(ctx: ServiceContext) {
	await requirePermission(ctx, 'surveys.manage');
	const own = await surveys.listTemplates(ctx.db, ctx.network.id);
	const shipped = shippedTemplates().map((t) => ({
		key: t.key as string,
		title: localText(t.title, ctx.locale),
		description: localText(t.description, ctx.locale),
		questions: allQuestions(t.definition).length
	}));
	const ownTitles = new Map(own.map((t) => [t.id, t.title]));
	const basedOn = (key: string | null): { kind: 'blank' | 'shipped' | 'own'; title: string | null } => {
		if (!key) return { kind: 'blank', title: null };
		if (key.startsWith('own:')) return { kind: 'own', title: ownTitles.get(key.slice('own:'.length)) ?? null };
		return { kind: 'shipped', title: shipped.find((t) => t.key === key)?.title ?? null };
	};
	return {
		own: own.map((t) => ({
			id: t.id,
			title: t.title,
			description: t.description,
			questions: allQuestions(t.definition).length,
			basedOn: basedOn(t.templateKey),
			updatedAt: t.updatedAt
		})),
		shipped
	};
}

export async function deleteTemplate(ctx: ServiceContext, templateId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'surveys.manage');
	const deleted = await ctx.db.transaction().execute(async (trx) => {
		const n = await surveys.deleteTemplate(trx, ctx.network.id, templateId);
		if (n)
			await ctx.audit.record('surveys.template_deleted', { type: 'survey_template', id: templateId }, 'success', trx);
		return n;
	});
	return deleted ? ok(undefined) : failure('error_not_found');
}
