import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, parseForm, type FormFailure } from '#lib/server/platform/http.ts';
import { percentText } from '#lib/server/platform/percent.ts';
import { reopenSchema, settingsSchema, templateSchema } from '#lib/server/surveys/forms.ts';
import { audiencePreview, closeSurvey, openSurvey, reopenSurvey } from '#lib/server/surveys/sending-service.ts';
import type { SurveyRow } from '#lib/server/surveys/surveys-repository.ts';
import {
	audienceChoices,
	deleteSurvey,
	saveAsTemplate,
	saveSettings,
	surveyOverview
} from '#lib/server/surveys/surveys-service.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * One survey: its status, how many were asked and answered (never who), its settings, sending,
 * closing and opening again, keeping its questions as a template, and deleting it while it has no
 * answers. Each form's failure names its form, so the page shows it beside the right one.
 */

/** The settings form filled from the survey as stored. */
function settingsValues(survey: SurveyRow): Record<string, string> {
	const a = survey.audience;
	return {
		title: survey.title,
		description: survey.description ?? '',
		audience: a.kind,
		eventId: a.eventId ?? '',
		eventScope: a.eventScope ?? 'checked_in',
		meetingId: a.meetingId ?? '',
		seriesId: a.seriesId ?? '',
		meetingScope: a.meetingScope ?? 'invited',
		periodFrom: a.periodFrom ?? '',
		periodTo: a.periodTo ?? '',
		roles: a.roles.join(','),
		minAnswers: String(survey.minAnswers),
		closesOn: survey.closesOn ?? '',
		reminder1: survey.reminderDays[0] ?? '',
		reminder2: survey.reminderDays[1] ?? ''
	};
}

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const found = await surveyOverview(ctx, event.params.survey);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const { survey, invited, answered, eventTitle, publicLink, today } = found.value;
	const asks = survey.audience.kind !== 'public' && survey.status !== 'closed';
	const [choices, preview] = await Promise.all([audienceChoices(ctx), asks ? audiencePreview(ctx, survey.id) : null]);
	const search = event.url.searchParams;
	return {
		survey: {
			id: survey.id,
			title: survey.title,
			description: survey.description,
			status: survey.status,
			audience: survey.audience,
			minAnswers: survey.minAnswers,
			closesOn: survey.closesOn,
			openedOn: survey.openedOn,
			closedOn: survey.closedOn,
			questions: survey.definition.sections.reduce((n, section) => n + section.questions.length, 0)
		},
		values: settingsValues(survey),
		counts: {
			invited,
			answered,
			share: invited > 0 ? percentText(answered / invited, ctx.locale) : null
		},
		eventTitle,
		publicLink,
		today,
		preview: preview?.ok ? preview.value : null,
		choices: {
			events: choices.events.map(({ id, title, startAt }) => ({ id, title, startAt })),
			meetings: choices.meetings.map(({ id, title, startAt }) => ({ id, title, startAt })),
			series: choices.series
		},
		confirmDelete: search.get('delete') === '1',
		done: search.get('done'),
		doneCount: Number(search.get('count') ?? 0) || 0
	};
};

function here(ctx: ServiceContext, event: RequestEvent, done: string, extra = ''): string {
	return `${localizedPath(`/app/${ctx.network.slug}/surveys/${event.params.survey}`, ctx.locale)}?done=${done}${extra}`;
}

/** Every form's failure has one shape, named by its form, so the page can tell whose it is. */
interface NamedFailure {
	form: string;
	values: Record<string, string>;
	errors: Record<string, string>;
	message: string | null;
}

function failed(status: number, form: string, failure: Partial<FormFailure>) {
	const named: NamedFailure = {
		form,
		values: failure.values ?? {},
		errors: failure.errors ?? {},
		message: failure.message ?? null
	};
	return fail(status, named);
}

/** A service's refusal of a whole survey: "not found" is the 404 page, anything else is shown. */
function refused(form: string, message: string) {
	if (message === 'error_not_found') error(404, { message: 'error_not_found' });
	return failed(422, form, { message });
}

export const actions = {
	save: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, settingsSchema, { arrayFields: ['roles'] });
		if (!form.ok) return failed(400, 'settings', form.failure);
		const result = await saveSettings(ctx, event.params.survey, form.data);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			return failed(422, 'settings', fieldFailure(form.values, result.error, result.field));
		}
		redirect(303, here(ctx, event, 'saved'));
	},
	send: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const result = await openSurvey(ctx, event.params.survey);
		if (!result.ok) return refused('send', result.error);
		redirect(303, here(ctx, event, 'sent', `&count=${result.value.invited}`));
	},
	close: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const result = await closeSurvey(ctx, event.params.survey);
		if (!result.ok) return refused('send', result.error);
		redirect(303, here(ctx, event, 'closed'));
	},
	reopen: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, reopenSchema);
		if (!form.ok) return failed(400, 'reopen', form.failure);
		const result = await reopenSurvey(ctx, event.params.survey, form.data.closesOn);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			// The service names the field as the database does.
			const field = result.field === 'closes_on' ? 'closesOn' : result.field;
			return failed(422, 'reopen', fieldFailure(form.values, result.error, field));
		}
		redirect(303, here(ctx, event, 'reopened'));
	},
	template: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, templateSchema);
		if (!form.ok) return failed(400, 'template', form.failure);
		const result = await saveAsTemplate(ctx, event.params.survey, form.data.title);
		if (!result.ok) return refused('template', result.error);
		redirect(303, here(ctx, event, 'template_saved'));
	},
	delete: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await event.request.formData();
		if (form.get('confirm') !== 'yes')
			return failed(400, 'delete', { message: 'surveys_pages_delete_confirm_missing' });
		const result = await deleteSurvey(ctx, event.params.survey);
		if (!result.ok) return refused('delete', result.error);
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/surveys`, ctx.locale)}?done=deleted`);
	}
} satisfies Actions;
